"""The services a cluster needs beside the assistant's own servers, from Debian's packages, each in a private
folder on a loopback port and stopped by its process id: PostgreSQL (conversations and learners), Redis (the
lock store and the channels' delivery memory) and nginx (the load balancer). scripts/bootstrap.sh installs
the packages when they are missing.

PostgreSQL refuses to run as root, so as root its data folder belongs to the `postgres` system user the
package creates. Its folder survives a stop: started again on the same folder, the conversations are there.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from launcher.servers import HOST, Server, _spawn, free_port


class ServiceMissing(RuntimeError):
    """A Debian package the cluster needs is not installed."""


def _binary(name: str, *patterns: str) -> Path:
    """The program on PATH, else the newest matching a pattern. Not resolved: redis-server is a link to a binary
    that acts by the name it is called by."""
    found = shutil.which(name) or next(iter(sorted(path for pattern in patterns for path in glob.glob(pattern))[-1:]), None)
    if not found:
        raise ServiceMissing(f"{name} is not installed: run scripts/bootstrap.sh (or apt-get install the package that has it)")
    return Path(found)


class PostgresServer:
    """One PostgreSQL cluster in `folder`; `durable=False` (tests) trades crash safety for speed."""

    def __init__(self, folder: Path, port: int = 0, durable: bool = True) -> None:
        self.bin = Path(os.path.realpath(_binary("initdb", "/usr/lib/postgresql/*/bin/initdb"))).parent  # pg_ctl, psql beside it
        self.folder, self.port, self.durable = folder, port or free_port(), durable
        self.data = folder / "data"
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def url(self, database: str = "postgres", driver: str = "psycopg") -> str:
        return f"postgresql+{driver}://apprentice@{HOST}:{self.port}/{database}"

    def start(self) -> str:
        """Starts the server (creating its data folder the first time) and returns the URL of its default database."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        if not (self.data / "PG_VERSION").is_file():
            self._run("initdb", "-D", str(self.data), "-U", "apprentice", "--auth=trust", "--encoding=UTF8")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={HOST}" + ("" if self.durable else " -c fsync=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log"), "-w", "start")
        return self.url()

    def create_database(self, name: str) -> None:
        """Creates the database unless it exists (psql from the same package)."""
        sql = f"SELECT 'CREATE DATABASE {name}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{name}')\\gexec"
        command = [str(self.bin / "psql"), "-h", HOST, "-p", str(self.port), "-U", "apprentice", "-d", "postgres", "-q"]
        subprocess.run(command, input=sql, check=True, capture_output=True, text=True, timeout=60)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").is_file():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


@dataclass
class RedisServer:
    """Redis on a loopback port, in memory only: locks and delivery memory are worth nothing after a restart."""

    folder: Path
    port: int = 0
    server: Server | None = None

    def start(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        binary = _binary("redis-server")
        command = [str(binary), "--bind", HOST, "--port", str(self.port), "--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.server = _spawn("redis", command, dict(os.environ), self.folder, self.port, "")
        wait_for_redis(self.port, self.server, timeout=30)
        return self.url

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def kill(self) -> None:
        """SIGKILL, as an outage would (fault tests)."""
        if self.server is not None:
            self.server.kill()

    def restart(self) -> None:
        """Again on the same port, empty."""
        if self.server is not None:
            self.server.restart()
            wait_for_redis(self.port, self.server, timeout=30)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


def wait_for_redis(port: int, server: Server, timeout: float) -> None:
    wait_until(lambda: redis_answers(port), server, timeout, f"answering PING on {port}")


def wait_until(ready: Callable[[], bool], server: Server, timeout: float, what: str) -> None:
    """Polls `ready` until it holds; a clear error when the process exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}:\n{server.log()[-2000:]}")
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} not {what} after {timeout:.0f} s")


def redis_answers(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class Nginx:
    """nginx in the foreground with a configuration written into its own folder (see launcher/cluster.py)."""

    folder: Path
    config: str
    server: Server | None = None

    def start(self, health_port: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for sub in ("logs", "tmp"):
            (self.folder / sub).mkdir(exist_ok=True)
        conf = self.folder / "nginx.conf"
        conf.write_text(self.config, encoding="utf-8")
        binary = _binary("nginx", "/usr/sbin/nginx")
        check = subprocess.run([str(binary), "-t", "-p", str(self.folder), "-c", str(conf)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused its configuration:\n{check.stderr}")
        command = [str(binary), "-p", str(self.folder), "-c", str(conf), "-g", "daemon off;"]
        self.server = _spawn("nginx", command, dict(os.environ), self.folder, health_port, "/webhooks/rest/")
        wait_listening(health_port, self.server, timeout=60)  # its health route answers once a replica does

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


def wait_listening(port: int, server: Server, timeout: float) -> None:
    """Until something accepts connections on the port (the process itself, not what it proxies to)."""
    wait_until(lambda: _accepts(port), server, timeout, f"listening on {port}")


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False
