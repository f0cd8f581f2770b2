"""The launcher's "Ready" lines: each channel's state as the running channel reports it."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from launcher.__main__ import channel_state

HEALTH = {
    "/webhooks/slack/": {"status": "ok"},
    "/webhooks/teams/": {"status": "not configured", "detail": "Teams is not configured on this server: set TEAMS_APP_ID."},
}


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(HEALTH[self.path]).encode() if self.path in HEALTH else b"not json"
        self.send_response(200 if self.path in HEALTH else 404)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def rasa_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_configured_channel_is_on_and_an_unconfigured_one_says_what_it_lacks(rasa_url):
    assert channel_state(rasa_url, "slack") == "on"
    assert channel_state(rasa_url, "teams") == "off: Teams is not configured on this server: set TEAMS_APP_ID."


def test_a_channel_that_does_not_answer_is_unknown(rasa_url):
    assert channel_state(rasa_url, "absent").startswith("unknown (")


def test_the_channels_secrets_are_kept_from_the_servers_that_do_not_need_them(monkeypatch):
    from launcher.servers import without_secrets

    env = {"PATH": "/usr/bin", "SLACK_TOKEN": "xoxb-1", "TEAMS_APP_PASSWORD": "p", "REST_TOKEN": "t", "APPRENTICE_CORPUS": "full"}
    assert without_secrets(env) == {"PATH": "/usr/bin", "APPRENTICE_CORPUS": "full"}


def test_a_busy_port_is_named_with_the_flag_that_changes_it():
    import socket

    from launcher.servers import PortBusy, check_free

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(PortBusy, match=f"port {port} is in use .*--web-port"):
            check_free(port, "--web-port")
