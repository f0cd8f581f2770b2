"""A throwaway PostgreSQL server on a loopback port for tests, from the Debian `postgresql` package.

Started once per test session in a temporary folder and stopped by pg_ctl when the session ends. PostgreSQL
refuses to run as root, so as root the cluster belongs to the `postgres` system user the package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from launcher.servers import free_port


def pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


class PostgresServer:
    def __init__(self, folder: Path) -> None:
        binaries = pg_bin()
        if binaries is None:
            raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
        self.bin, self.folder, self.port = binaries, folder, free_port()
        self.data = folder / "data"
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "apprentice", "--auth=trust", "--encoding=UTF8")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log"), "-w", "start")
        return f"postgresql+psycopg://apprentice@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if self.data.is_dir():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
