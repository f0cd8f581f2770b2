"""The chat page (web/) on its own loopback port, with a config.js that points it at the Rasa server.

Only the page's own files are served, plus the socket.io client from web/node_modules (installed by
scripts/bootstrap.sh): no build step, nothing else of the folder reachable. Every answer carries a
Content-Security-Policy (scripts, styles and connections only from the page itself and its Rasa server) and
refuses to be framed; a request with a body is refused (the page takes none).

    python -m launcher.web --port 8000 --rasa-url http://127.0.0.1:5005 [--host 0.0.0.0]
"""

from __future__ import annotations

import argparse
import json
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "web"
FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/chat.js": ("chat.js", "text/javascript; charset=utf-8"),
    "/chat.css": ("chat.css", "text/css; charset=utf-8"),
    "/vendor/socket.io.min.js": ("node_modules/socket.io-client/dist/socket.io.min.js", "text/javascript; charset=utf-8"),
}
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def content_security_policy(rasa_url: str) -> str:
    """Only the page's own files run, and it talks only to its Rasa server (HTTP polling and WebSocket)."""
    socket = rasa_url.replace("https://", "wss://").replace("http://", "ws://")
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {rasa_url} {socket}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


class PageHandler(BaseHTTPRequestHandler):
    def __init__(self, *args: object, rasa_url: str, **kwargs: object) -> None:
        self.rasa_url = rasa_url
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        if self.headers.get("Content-Length", "0") not in ("", "0"):
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"This page takes no request body.", "text/plain")
            return
        path = self.path.split("?", 1)[0]
        if path == "/health":
            self._send(HTTPStatus.OK, b'{"status": "ok"}', "application/json")
        elif path == "/config.js":
            body = f"window.ASSISTANT_CONFIG = {json.dumps({'socketUrl': self.rasa_url})};\n"
            self._send(HTTPStatus.OK, body.encode(), "text/javascript; charset=utf-8")
        elif path in FILES:
            name, content_type = FILES[path]
            file = WEB / name
            if file.is_file():
                self._send(HTTPStatus.OK, file.read_bytes(), content_type)
            else:
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, f"{name} is missing: run scripts/bootstrap.sh".encode(), "text/plain")
        else:
            self._send(HTTPStatus.NOT_FOUND, b"Not found", "text/plain")

    def do_POST(self) -> None:
        self.close_connection = True  # the body is never read
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"This page takes no request body.", "text/plain")

    do_PUT = do_PATCH = do_DELETE = do_POST

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.send_header("Content-Security-Policy", content_security_policy(self.rasa_url))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per asset is noise in the launcher's logs


def serve(port: int, rasa_url: str, host: str = "127.0.0.1") -> None:
    server = ThreadingHTTPServer((host, port), partial(PageHandler, rasa_url=rasa_url))
    server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m launcher.web")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    # Loopback by default (the launcher's page); a container needs 0.0.0.0 so the Service and its probes reach it.
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    serve(args.port, args.rasa_url, host=args.host)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
