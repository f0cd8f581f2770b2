"""ESCO occupations in English and French, joined on conceptUri: aligned labels for the language bridge."""

from __future__ import annotations

import csv
from pathlib import Path

from bot.models import EscoOccupation
from bot.parsers import SourceError

_REQUIRED = {"conceptUri", "preferredLabel", "altLabels"}


def _read(path: Path) -> dict[str, dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = _REQUIRED - set(reader.fieldnames or [])
            if missing:
                raise SourceError(path, f"is not an ESCO occupations CSV (missing columns: {', '.join(sorted(missing))})")
            return {row["conceptUri"]: row for row in reader if row.get("conceptUri")}
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(path, f"cannot be read ({exc})") from exc


def _labels(raw: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(label.strip() for label in (raw or "").split("\n") if label.strip()))


def parse_occupations(english_csv: str | Path, french_csv: str | Path) -> list[EscoOccupation]:
    english = _read(Path(english_csv))
    french = _read(Path(french_csv))
    out = []
    for uri, row in english.items():
        fr = french.get(uri, {})
        out.append(
            EscoOccupation(
                uri=uri,
                label_en=row["preferredLabel"].strip(),
                label_fr=(fr.get("preferredLabel") or "").strip(),
                alt_en=_labels(row.get("altLabels")),
                alt_fr=_labels(fr.get("altLabels")),
                isco_group=(row.get("iscoGroup") or "").strip(),
                description_en=(row.get("description") or "").strip(),
            )
        )
    return out
