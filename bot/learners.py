"""The learner store: spaced-repetition progress per learner and KSB, and the quiz in progress.

One interface over any SQLAlchemy URL: a SQLite file by default (var/learners.sqlite, or
APPRENTICE_LEARNER_DB), PostgreSQL by configuration (postgresql+psycopg://...). Learners are the channel's
sender ids; every query is filtered by learner, so one learner never sees another's data, and `forget`
deletes all of a learner's rows in one transaction.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, delete, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'var' / 'learners.sqlite'}"

metadata = MetaData()
progress_table = Table(
    "ksb_progress",
    metadata,
    Column("learner_id", String(255), primary_key=True),
    Column("reference", String(16), primary_key=True),
    Column("code", String(8), primary_key=True),
    Column("box", Integer, nullable=False),
    Column("due_at", Float, nullable=False),
    Column("seen", Integer, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("last_seen", Float, nullable=False),
)
quiz_table = Table(
    "quiz_state",
    metadata,
    Column("learner_id", String(255), primary_key=True),
    Column("state", Text, nullable=False),
    Column("updated_at", Float, nullable=False),
)
TABLES = (progress_table, quiz_table)


@dataclass(frozen=True)
class Progress:
    """Where one KSB stands for one learner (Leitner box 1-5; due_at in epoch seconds)."""

    code: str
    box: int
    due_at: float
    seen: int
    correct: int
    last_seen: float


class LearnerStore:
    def __init__(self, url: str | None = None, create_tables: bool | None = None) -> None:
        """`create_tables`: create missing tables now (the single-process default); False when a migration step
        made them (APPRENTICE_LEARNER_MIGRATED=1, replicas)."""
        self.url = url or os.environ.get("APPRENTICE_LEARNER_DB") or DEFAULT_URL
        self.engine = _engine(self.url)
        if create_tables if create_tables is not None else os.environ.get("APPRENTICE_LEARNER_MIGRATED") != "1":
            metadata.create_all(self.engine)

    # --- progress ------------------------------------------------------------------------------------------

    def progress(self, learner: str, reference: str) -> dict[str, Progress]:
        query = select(progress_table).where(progress_table.c.learner_id == learner, progress_table.c.reference == reference)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return {
            row["code"]: Progress(row["code"], row["box"], row["due_at"], row["seen"], row["correct"], row["last_seen"]) for row in rows
        }

    def save_progress(self, learner: str, reference: str, item: Progress) -> None:
        values = {
            "learner_id": learner,
            "reference": reference,
            "code": item.code,
            "box": item.box,
            "due_at": item.due_at,
            "seen": item.seen,
            "correct": item.correct,
            "last_seen": item.last_seen,
        }
        with self.engine.begin() as connection:
            _upsert(connection, progress_table, values)

    # --- the quiz in progress -----------------------------------------------------------------------------

    def quiz(self, learner: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(quiz_table.c.state).where(quiz_table.c.learner_id == learner)).first()
        return json.loads(row[0]) if row else None

    def save_quiz(self, learner: str, state: dict[str, Any]) -> None:
        values = {"learner_id": learner, "state": json.dumps(state), "updated_at": time.time()}
        with self.engine.begin() as connection:
            _upsert(connection, quiz_table, values)

    def end_quiz(self, learner: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(quiz_table).where(quiz_table.c.learner_id == learner))

    # --- privacy ----------------------------------------------------------------------------------------------

    def forget(self, learner: str) -> int:
        """Deletes everything stored about a learner; returns how many rows went. On SQLite the deleted rows are
        overwritten (secure_delete) and the write-ahead log, which still holds their old pages, is emptied."""
        with self.engine.begin() as connection:
            removed = sum(connection.execute(delete(table).where(table.c.learner_id == learner)).rowcount for table in TABLES)
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    def holds(self, learner: str) -> bool:
        with self.engine.connect() as connection:
            return any(
                connection.execute(select(table.c.learner_id).where(table.c.learner_id == learner).limit(1)).first() for table in TABLES
            )


def _upsert(connection: Connection, table: Table, values: dict[str, Any]) -> None:
    """One INSERT ... ON CONFLICT DO UPDATE: two workers saving the same row at once both succeed, the last
    write wins (an update-then-insert lets both insert, and one fails on the key)."""
    dialect = connection.engine.dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:  # another database: the portable two-step form inside the caller's transaction
        key = [table.c[c.name] == values[c.name] for c in table.primary_key.columns]
        if connection.execute(table.update().where(*key).values(**values)).rowcount == 0:
            connection.execute(table.insert().values(**values))
        return
    statement = insert(table).values(**values)
    keys = [c.name for c in table.primary_key.columns]
    connection.execute(statement.on_conflict_do_update(index_elements=keys, set_={k: v for k, v in values.items() if k not in keys}))


def migrate(url: str | None = None) -> list[str]:
    """Creates the learner tables (idempotent): run once before workers start (`python -m bot migrate`), so
    that replicas never race to create them."""
    engine = _engine(url or os.environ.get("APPRENTICE_LEARNER_DB") or DEFAULT_URL)
    metadata.create_all(engine)
    return [table.name for table in TABLES]


def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: Any, _record: Any) -> None:
            # WAL: readers never block the writer; a crash never loses a committed answer.
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA secure_delete=ON")  # a deleted learner's rows are overwritten, not left in free pages
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)
