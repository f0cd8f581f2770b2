"""The chat page's server (launcher/web.py): the page's files, its config, and nothing else of web/."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from launcher.web import PageHandler


@pytest.fixture(scope="module")
def page_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(PageHandler, rasa_url="http://127.0.0.1:5999"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_the_page_its_assets_and_the_socket_io_client_are_served(page_url):
    status, content_type, body = get(page_url + "/")
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert '<label for="chat-input"' in body and 'role="log"' in body
    assert get(page_url + "/chat.js")[0] == 200
    assert get(page_url + "/chat.css")[0] == 200
    status, _, client = get(page_url + "/vendor/socket.io.min.js")
    assert status == 200 and "Socket.IO" in client[:300]


def test_config_points_the_page_at_the_rasa_server(page_url):
    assert get(page_url + "/config.js")[2] == 'window.ASSISTANT_CONFIG = {"socketUrl": "http://127.0.0.1:5999"};\n'


@pytest.mark.parametrize("path", ["/package.json", "/node_modules/socket.io-client/package.json", "/../README.md", "/%2e%2e/README.md"])
def test_nothing_else_is_reachable(page_url, path):
    assert get(page_url + path)[0] == 404


def test_every_answer_forbids_framing_and_foreign_scripts(page_url):
    with urllib.request.urlopen(page_url + "/", timeout=5) as response:
        policy = response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in policy and "script-src 'self';" in policy
    assert "connect-src 'self' http://127.0.0.1:5999 ws://127.0.0.1:5999;" in policy


def test_a_request_with_a_body_is_refused_unread(page_url):
    request = urllib.request.Request(page_url + "/", data=b"x" * 10_000_000, method="POST")
    try:
        urllib.request.urlopen(request, timeout=5)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    except (ConnectionError, urllib.error.URLError):
        status = 405  # the server closed the connection without reading the body: also refused
    assert status == 405
