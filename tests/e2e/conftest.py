"""End-to-end fixtures: the real Rasa server and the real action server, started once per test session on free
loopback ports (the model is trained only when the data hash changed) and stopped by their process ids."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def slack_api():
    from tests.e2e.standins import SlackApi

    stand_in = SlackApi()
    yield stand_in
    stand_in.stop()


@pytest.fixture(scope="session")
def bot_framework():
    from tests.e2e.standins import BotFramework

    stand_in = BotFramework()
    yield stand_in
    stand_in.stop()


@pytest.fixture(scope="session")
def assistant(rasa_model, tmp_path_factory: pytest.TempPathFactory, slack_api, bot_framework):
    """The servers on the full catalogue (the French answers need ONISEP's records), with the chat page, and
    the Slack and Teams channels configured against local stand-ins of Slack's and Microsoft's services."""
    from launcher.servers import start_assistant
    from tests.e2e import standins

    learners = f"sqlite:///{tmp_path_factory.mktemp('learners') / 'learners.sqlite'}"
    channels = {
        "SLACK_TOKEN": standins.SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": standins.SLACK_SIGNING_SECRET,
        "SLACK_API_URL": slack_api.url + "/api/",
        "TEAMS_APP_ID": standins.TEAMS_APP_ID,
        "TEAMS_APP_PASSWORD": standins.TEAMS_APP_PASSWORD,
        "TEAMS_TENANT_ID": standins.TEAMS_TENANT_ID,
        "TEAMS_OPENID_METADATA_URL": bot_framework.url + "/openid",
        "TEAMS_TOKEN_URL": f"{bot_framework.url}/{standins.TEAMS_TENANT_ID}/oauth2/v2.0/token",
        "TEAMS_SERVICE_HOSTS": "127.0.0.1",  # the stand-in's serviceUrl; Microsoft's hosts otherwise
    }
    running = start_assistant(
        rasa_model,
        full=True,
        log_dir=tmp_path_factory.mktemp("servers"),
        action_env={"APPRENTICE_LEARNER_DB": learners},
        rasa_env=channels,
        web_port=0,
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


def rest(sender: str) -> str:
    """The id a REST sender's conversation and progress are stored under (rasa_extensions/door.py)."""
    return f"rest:{sender}"


def texts(replies: list[dict]) -> list[str]:
    return [r.get("text", "") for r in replies]


def log_problems(path: Path) -> list[str]:
    """Lines of a server log that show an exception or an error."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if "Traceback" in line or " ERROR " in line or "Exception" in line]
