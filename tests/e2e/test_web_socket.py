"""The web channel's door (rasa_extensions/socketio.py) through the real Rasa server, as a script in a browser
meets it (web/tests/socket_checks.mjs): a foreign origin cannot open a socket, session ids are the server's
signed ones (a chosen or unsigned id is replaced or refused), and "forget me" tells the page to drop its copy."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "web" / "tests" / "socket_checks.mjs"


@pytest.fixture(scope="module")
def seen(assistant) -> dict:
    if not shutil.which("node") or not (ROOT / "web" / "node_modules" / "socket.io-client").is_dir():
        pytest.fail("node and web/node_modules are needed: run scripts/bootstrap.sh all")
    done = subprocess.run(["node", str(SCRIPT), assistant.rasa.url, assistant.web.url], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    observed = json.loads(done.stdout.strip().splitlines()[-1])
    assert "failure" not in observed, observed["failure"]
    return observed


def test_a_page_of_another_origin_cannot_open_a_socket(seen):
    assert seen["foreignOrigin"].startswith("refused")


def test_a_session_id_chosen_by_the_visitor_is_replaced_by_a_signed_one_and_a_signed_one_is_kept(seen):
    issued = seen["issuedForChosen"]
    assert issued != seen["chosenId"] and len(issued) == 48
    assert seen["issuedForGenuine"] == issued


def test_a_message_under_an_unsigned_session_id_is_refused(seen):
    assert [m.get("text") for m in seen["unsignedReply"]] == ["This chat session is no longer valid: press Restart to begin a new one."]
    assert "Types of water and its use" in seen["answer"][0]["text"]


def test_forget_me_tells_the_page_to_clear_its_transcript(seen):
    assert seen["ask"][0]["text"].endswith("Are you sure?")
    assert seen["forget"][0]["text"].startswith("Done: I deleted everything I stored about you")
    assert {"custom": {"forget_transcript": True}} in [{k: v for k, v in m.items() if k == "custom"} for m in seen["forget"]]
