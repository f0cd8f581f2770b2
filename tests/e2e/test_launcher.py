"""`python -m launcher run`, as a person starts and stops it: stopped while starting, it stops every server it
had started; started on a busy port, it says which port and which flag changes it, in one line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

from launcher.servers import HOST, free_port
from tests.conftest import ROOT


def listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def launch(*ports: int) -> subprocess.Popen:
    rasa, action, web = ports
    command = [
        sys.executable,
        "-m",
        "launcher",
        "run",
        "--full",
        "--rasa-port",
        str(rasa),
        "--action-port",
        str(action),
        "--web-port",
        str(web),
    ]
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}
    )


def test_stopped_while_starting_it_stops_every_server_it_started(rasa_model):
    ports = (free_port(), free_port(), free_port())
    launcher = launch(*ports)
    try:
        deadline = time.monotonic() + 120
        while not listening(ports[1]) and time.monotonic() < deadline:  # the action server is up: start-up is under way
            time.sleep(0.2)
        assert listening(ports[1]), launcher.stderr.read() if launcher.poll() is not None else "the action server never listened"
        time.sleep(2)  # the Rasa server has been spawned too, and is loading
        launcher.send_signal(signal.SIGTERM)
        _, err = launcher.communicate(timeout=60)
    finally:
        if launcher.poll() is None:
            launcher.kill()
    assert launcher.returncode == 130
    assert "stopped while starting" in err
    time.sleep(1)
    assert [port for port in ports if listening(port)] == []


def test_a_busy_port_gets_one_line_naming_it_and_its_flag(rasa_model):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]
        launcher = launch(port, free_port(), free_port())
        _, err = launcher.communicate(timeout=60)
    assert launcher.returncode == 1
    assert err.strip().splitlines() == [
        f"cannot start: port {port} is in use (is the assistant already running?): stop it or choose another with --rasa-port"
    ]
