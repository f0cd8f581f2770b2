"""The action server, the Rasa server and the chat page as child processes on loopback ports; stopped by their
process ids, whenever the launcher stops (start-up included).

Each server gets only the settings it needs: the channels' secrets (the ${NAME}s of credentials.yml) go to
the Rasa server alone. The Rasa server refuses bodies over MAX_BODY_BYTES (Sanic's REQUEST_MAX_SIZE). It sends
no CORS headers of its own (no `--cors`): the page talks to it over socket.io only, whose origin check lets the
page's origin in (WEB_ORIGINS); with both, a polling answer carried the header twice.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from actions.auth import TOKEN_VARIABLE
from launcher.model import ROOT, credential_variables, rasa_env

CORE_PYTHON = ROOT / ".venv-core" / "bin" / "python"
HOST = "127.0.0.1"
MAX_BODY_BYTES = 256 * 1024  # a chat message is a few hundred bytes; 20,000 words still fit, 10 MB never does


class PortBusy(RuntimeError):
    """A port the assistant was asked to use is taken."""


def check_free(port: int, flag: str) -> None:
    """PortBusy, naming the port and the flag that changes it, when something already listens there."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            raise PortBusy(f"port {port} is in use (is the assistant already running?): stop it or choose another with {flag}") from None


def without_secrets(env: dict[str, str]) -> dict[str, str]:
    """The environment minus the channels' secrets, for the servers that never need them."""
    secrets = set(credential_variables())
    return {name: value for name, value in env.items() if name not in secrets}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log_path: Path
    health_path: str
    command: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.is_file() else ""

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + self.health_path, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s:\n{self.log()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL, as a crash would: no clean-up of any kind."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self) -> None:
        """The same command on the same port again, its log appended to."""
        self.stop()
        self.process = _popen(self.command, self.env, self.log_path, "a")

    def stop(self, grace: float = 10.0) -> None:
        """Stops the process group this server started (only ours, by its id)."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=grace)
        except ProcessLookupError:
            pass


def _spawn(name: str, command: list[str], env: dict[str, str], log_dir: Path, port: int, health: str) -> Server:
    log_path = log_dir / f"{name}.log"
    process = _popen(command, env, log_path, "w")
    return Server(name=name, process=process, port=port, log_path=log_path, health_path=health, command=command, env=env)


def _popen(command: list[str], env: dict[str, str], log_path: Path, mode: str) -> subprocess.Popen:
    with log_path.open(mode, encoding="utf-8") as handle:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


ACTION_TOKEN = secrets.token_urlsafe(24)  # fresh per launcher: only the Rasa server it starts may call actions


def start_action_server(
    port: int, log_dir: Path, full: bool = False, extra_env: dict[str, str] | None = None, name: str = "action-server"
) -> Server:
    env = without_secrets(dict(os.environ))
    env[TOKEN_VARIABLE] = ACTION_TOKEN
    env.update(
        {"APPRENTICE_WARM_START": "1", "APPRENTICE_CORPUS": "full" if full else "bundled", "HF_HUB_OFFLINE": "1", "SANIC_HOST": HOST}
    )
    env.update(extra_env or {})
    command = [str(CORE_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
    return _spawn(name, command, env, log_dir, port, "/health")


# Conversations in this process's memory (`make run`); the cluster passes its shared stores instead.
LIVE_STORES = "tracker_store:\n  type: rasa_extensions.tracker_store.LiveTrackerStore\n"


def start_rasa_server(
    port: int,
    action_port: int,
    model: Path,
    log_dir: Path,
    extra_env: dict[str, str] | None = None,
    web_origins: list[str] | None = None,
    stores: str = LIVE_STORES,
    name: str = "rasa-server",
) -> Server:
    """`stores`: the endpoints.yml lines of the tracker and lock stores."""
    endpoints = log_dir / f"{name}-endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://{HOST}:{action_port}/webhook"\n  token: "{ACTION_TOKEN}"\n' + stores, encoding="utf-8"
    )
    env = rasa_env()
    env["SANIC_REQUEST_MAX_SIZE"] = str(MAX_BODY_BYTES)
    if web_origins:
        env["WEB_ORIGINS"] = ",".join(web_origins)
    env.update(extra_env or {})
    command = [
        str(ROOT / ".venv-rasa" / "bin" / "python"),
        "-m",
        "rasa",
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(ROOT / "credentials.yml"),
        "--interface",
        HOST,
        "--port",
        str(port),
    ]
    return _spawn(name, command, env, log_dir, port, "/webhooks/rest/")


def start_web_server(port: int, rasa_url: str, log_dir: Path) -> Server:
    command = [str(CORE_PYTHON), "-m", "launcher.web", "--port", str(port), "--rasa-url", rasa_url]
    return _spawn("web-page", command, without_secrets(dict(os.environ)), log_dir, port, "/health")


def page_origins(port: int) -> list[str]:
    """The origins a browser gives the page served on this port."""
    return [f"http://{HOST}:{port}", f"http://localhost:{port}"]


@dataclass
class Assistant:
    """The servers, started together and stopped together."""

    log_dir: Path
    action: Server | None = None
    rasa: Server | None = None
    web: Server | None = None

    @property
    def webhook(self) -> str:
        assert self.rasa is not None
        return self.rasa.url + "/webhooks/rest/webhook"

    def servers(self) -> list[Server]:
        return [server for server in (self.web, self.rasa, self.action) if server is not None]

    def stop(self) -> None:
        for server in self.servers():
            server.stop()


def start_assistant(
    model: Path,
    full: bool = False,
    log_dir: Path | None = None,
    rasa_port: int = 0,
    action_port: int = 0,
    action_env: dict[str, str] | None = None,
    rasa_env: dict[str, str] | None = None,
    web_port: int | None = None,
) -> Assistant:
    """The servers. `action_env` and `rasa_env` add settings (APPRENTICE_LEARNER_DB, SLACK_TOKEN...);
    `web_port` serves the chat page too (0: any free port). Whatever stops the start-up (an error, Ctrl-C,
    SIGTERM turned into SystemExit by the caller) stops every server started so far."""
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="assistant-logs-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    for port, flag in ((rasa_port, "--rasa-port"), (action_port, "--action-port"), (web_port, "--web-port")):
        if port:
            check_free(port, flag)
    assistant = Assistant(log_dir=log_dir)
    try:
        assistant.action = start_action_server(action_port or free_port(), log_dir, full=full, extra_env=action_env)
        page_port = None if web_port is None else web_port or free_port()
        origins = page_origins(page_port) if page_port else None
        assistant.rasa = start_rasa_server(
            rasa_port or free_port(), assistant.action.port, model, log_dir, extra_env=rasa_env, web_origins=origins
        )
        if page_port:
            assistant.web = start_web_server(page_port, assistant.rasa.url, log_dir)
        for server in assistant.servers():
            server.wait_ready(timeout=300)  # a first run on the full catalogue builds the index
        wait_knowledge(assistant.action, timeout=300)
    except BaseException:
        assistant.stop()
        raise
    return assistant


def wait_knowledge(action: Server, timeout: float) -> None:
    """Ready means answering: the action server warms its knowledge base beside Sanic (actions/knowledge.py),
    so one empty question is asked, which returns once the knowledge base is loaded and warm."""
    body = {
        "next_action": "action_answer_question",
        "sender_id": "launcher-ready",
        "tracker": {"sender_id": "launcher-ready", "slots": {}, "latest_message": {"text": "", "entities": []}, "events": []},
        "domain": {},
    }
    url = f"{action.url}/webhook?token={ACTION_TOKEN}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(request, timeout=max(1.0, deadline - time.monotonic())) as response:
                response.read()
            return
        except (urllib.error.URLError, OSError) as exc:
            if time.monotonic() > deadline or action.process.poll() is not None:
                raise RuntimeError(f"the action server did not answer ({exc}):\n{action.log()[-3000:]}") from exc
            time.sleep(0.5)
