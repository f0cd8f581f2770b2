"""End-to-end fixtures: the real Rasa server and the real action server, started once per test session on free
loopback ports (the model is trained only when the data hash changed) and stopped by their process ids."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def assistant(rasa_model, tmp_path_factory: pytest.TempPathFactory):
    """Both servers on the full catalogue (the French answers need ONISEP's records)."""
    from launcher.servers import start_assistant

    learners = f"sqlite:///{tmp_path_factory.mktemp('learners') / 'learners.sqlite'}"
    running = start_assistant(
        rasa_model, full=True, log_dir=tmp_path_factory.mktemp("servers"), action_env={"APPRENTICE_LEARNER_DB": learners}
    )
    yield running
    running.stop()


def say(webhook: str, sender: str, text: str, timeout: float = 60) -> list[dict]:
    """One message through the REST webhook; the bot's replies."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(webhook, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        assert response.status == 200
        return json.loads(response.read())


def texts(replies: list[dict]) -> list[str]:
    return [r.get("text", "") for r in replies]


def log_problems(path: Path) -> list[str]:
    """Lines of a server log that show an exception or an error."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if "Traceback" in line or " ERROR " in line or "Exception" in line]
