"""The cluster's configuration (launcher/cluster.py) without starting it: nginx accepts the configuration it is
given and balances as documented, every replica gets the shared stores, the socket.io session secret is one
and private, and bad replica counts are refused. The running cluster is tested in tests/e2e/test_cluster.py."""

from __future__ import annotations

import re
import stat
import subprocess
from pathlib import Path

import yaml

from launcher.__main__ import main
from launcher.cluster import Cluster, ClusterPlan, nginx_config, session_secret, shared_stores
from launcher.servers import Server
from launcher.services import Nginx, PostgresServer, RedisServer, _binary


def fake_server(port: int) -> Server:
    return Server(name=f"s{port}", process=None, port=port, log_path=Path("/dev/null"), health_path="/")  # type: ignore[arg-type]


CONFIG = nginx_config([fake_server(7001), fake_server(7002)], [fake_server(7101)], 7200, 7300, 7005, 7080)


def block(config: str, name: str) -> str:
    return re.search(r"upstream " + name + r" \{(.*?)\n  \}", config, re.S).group(1)


def test_nginx_accepts_the_configuration(tmp_path):
    (tmp_path / "logs").mkdir()
    (tmp_path / "tmp").mkdir()
    (tmp_path / "nginx.conf").write_text(CONFIG)
    nginx = _binary("nginx", "/usr/sbin/nginx")
    checked = subprocess.run([str(nginx), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_rest_and_webhooks_go_round_robin_and_socket_io_sticks_to_a_replica():
    assert "ip_hash" not in block(CONFIG, "rasa") and block(CONFIG, "rasa").count("server 127.0.0.1:700") == 2
    assert "ip_hash" in block(CONFIG, "rasa_sticky") and block(CONFIG, "rasa_sticky").count("server 127.0.0.1:700") == 2
    assert "server 127.0.0.1:7101" in block(CONFIG, "actions")
    assert "listen 127.0.0.1:7005" in CONFIG and "listen 127.0.0.1:7080" in CONFIG and "listen 127.0.0.1:7200" in CONFIG
    assert "proxy_set_header Upgrade $http_upgrade" in CONFIG.split("location /socket.io/")[1]


def test_a_request_that_reached_a_replica_is_not_replayed_on_another():
    rasa_server = CONFIG.split("listen 127.0.0.1:7005")[1].split("location /socket.io/")[0]
    assert "proxy_next_upstream error;" in rasa_server and "non_idempotent" not in CONFIG


def test_every_replica_gets_the_shared_stores(tmp_path):
    cluster = Cluster(ClusterPlan(folder=tmp_path), tmp_path, PostgresServer(tmp_path / "pg", port=6400), RedisServer(tmp_path, port=6500))
    stores = yaml.safe_load(shared_stores(cluster))
    assert stores["tracker_store"]["type"] == "rasa_extensions.tracker_store.SharedTrackerStore"
    assert stores["tracker_store"]["port"] == 6400 and stores["tracker_store"]["dialect"] == "postgresql"
    assert stores["lock_store"]["type"] == "rasa_extensions.lock_store.SharedRedisLockStore"
    assert stores["lock_store"]["port"] == 6500


def test_the_session_secret_is_one_for_all_replicas_and_private(tmp_path):
    first = session_secret(tmp_path)
    assert session_secret(tmp_path) == first and len(first) >= 32
    assert stat.S_IMODE((tmp_path / "session-secret").stat().st_mode) == 0o600


def test_nginx_refusing_its_configuration_is_a_clear_error(tmp_path):
    broken = Nginx(tmp_path, "events {}\nhttp { upstream rasa { } }\n")
    try:
        broken.start(health_port=1)
    except RuntimeError as error:
        assert "nginx refused its configuration" in str(error)
    else:
        raise AssertionError("nginx started with an empty upstream")


def test_replica_counts_below_one_are_refused(capsys):
    assert main(["cluster", "--replicas", "0"]) == 2
    assert "--replicas and --actions must be at least 1" in capsys.readouterr().err


def test_nginx_is_up_before_any_replica_is(tmp_path):
    """The balancer starts while the replicas are still loading (a busy machine takes minutes): it must not wait
    for them, the cluster waits for every server afterwards."""
    import urllib.error
    import urllib.request

    from launcher.servers import free_port

    public, web = free_port(), free_port()
    config = nginx_config([fake_server(free_port())], [fake_server(free_port())], free_port(), free_port(), public, web)
    nginx = Nginx(tmp_path, config)
    try:
        nginx.start(health_port=public)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{public}/webhooks/rest/", timeout=5)
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 502  # up, with no replica behind it yet
    finally:
        nginx.stop()
