"""A local stand-in for the Skills England standards API and ONISEP's open-data downloads, on loopback.

It serves real records from ../shared/data: in "old" mode a small catalogue in which some standards are at an
earlier version (read from the archive of every version), in "new" mode the same standards as published
now, plus a standard that is new and without one that went away. Other modes break the download in the ways
a refresh must survive: "broken" (not JSON), "slow" (answers after the client gave up), "partial" (half the
list), "bad_record" (one record without a reference), "flaky" (a 503 before each good answer). Answers carry
an ETag and honour If-None-Match with 304.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tarfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.conftest import SHARED_DATA

# Standards served at an older version in "old" mode (reference -> version), and checked by hand: ST0216 v1.2 ->
# v1.3 raised the maximum funding from £3,000 to £5,000; ST0002 v1.2 -> v2.0 reworded nine KSBs.
OLD_VERSIONS = {"ST0216": "1.2", "ST0002": "1.2"}
UNCHANGED = ("ST0248", "ST0343", "ST0127", "ST0419", "ST0018", "ST0582")
ONLY_OLD = "ST0061"  # served in "old" mode only: a standard that went away
ONLY_NEW = "ST1406"  # served in "new" mode only: a new standard
API_PATH = "/api/apprenticeshipstandards"
ONISEP_JOBS_PATH = "/onisep/jobs.xml"


def _archive_records() -> dict[tuple[str, str], dict[str, Any]]:
    wanted = {*OLD_VERSIONS, *UNCHANGED, ONLY_OLD, ONLY_NEW}
    out = {}
    with tarfile.open(SHARED_DATA / "ifate-standards" / "StandardsData-all-versions.tar.xz") as archive:
        for member in archive:
            name = Path(member.name).name
            reference = name.split("_")[0]
            if reference in wanted and name.endswith(".json"):
                record = json.load(archive.extractfile(member))  # type: ignore[arg-type]
                out[(reference, str(record.get("version") or name.rsplit("_", 1)[1][:-5]))] = record
    return out


def _current(reference: str) -> dict[str, Any]:
    files = sorted((SHARED_DATA / "ifate-standards" / "current").glob(f"{reference}_*.json"))
    records = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    delivering = [r for r in records if r.get("status") == "Approved for delivery"]
    return (delivering or records)[-1]


class CatalogueApi:
    def __init__(self) -> None:
        archive = _archive_records()
        old = [archive[(r, v)] for r, v in OLD_VERSIONS.items()] + [_current(r) for r in (*UNCHANGED, ONLY_OLD)]
        new = [_current(r) for r in (*OLD_VERSIONS, *UNCHANGED, ONLY_NEW)]
        for record in old + new:
            record["tbMainContact"] = "someone@example.org"  # the stand-in puts it back: the refresh must drop it
        self.catalogues = {"old": old, "new": new}
        self.mode = "old"
        self.requests: list[tuple[str, str]] = []  # (path, If-None-Match)
        self._flaky_failed = False
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                stand_in.requests.append((self.path, self.headers.get("If-None-Match", "")))
                status, body = stand_in.answer(self.path)
                if status == 200:
                    etag = '"' + hashlib.sha1(body).hexdigest() + '"'
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.end_headers()
                        return
                    self.send_response(200)
                    self.send_header("ETag", etag)
                else:
                    self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up first ("slow")
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str) -> tuple[int, bytes]:
        if path == ONISEP_JOBS_PATH:
            return 200, (SHARED_DATA / "onisep-ideo-fiches-2024" / "Onisep_Ideo_Fiches_metiers_25062024.xml").read_bytes()
        if path != API_PATH:
            return 404, b"not found"
        mode = self.mode
        if mode == "broken":
            return 200, b'[{"referenceNumber": "ST0216", "title": '
        if mode == "slow":
            time.sleep(3)
            return 200, b"[]"
        if mode == "flaky" and not self._flaky_failed:
            self._flaky_failed = True
            return 503, b"busy"
        records = self.catalogues["new" if mode in ("partial", "bad_record", "flaky") else mode]
        if mode == "partial":
            records = records[: len(records) // 2]
        if mode == "bad_record":
            records = [*records[:-1], {k: v for k, v in records[-1].items() if k != "referenceNumber"}]
        return 200, json.dumps(records).encode()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
