"""The assistant as a cluster on one machine (`make run-cluster`): Rasa's own distributed parts, as its Helm chart
deploys them, on loopback.

    nginx :5005  --round robin-->  Rasa replica 1..N  --lock-->  Redis (SharedRedisLockStore, delivery memory)
      (REST, Slack, Teams;                             --events->  PostgreSQL (SharedTrackerStore)
       /socket.io/ sticky by client address)           --actions-> nginx (internal) --round robin--> action server 1..M
    nginx :8000  -->  the chat page                                                      --learners--> PostgreSQL

Every Rasa replica is stateless: a conversation's events are in PostgreSQL and its lock in Redis, so any
replica can take any turn, one turn of a person at a time, and a replica killed in the middle of a
conversation leaves it to the others with its context. nginx stops sending to a replica that refuses
connections (max_fails, fail_timeout) and sends it work again once it is back. A request that reached a
replica which then died is not replayed on another (it may have been answered): the client gets a 502 and
sends it again. The PostgreSQL folder (var/cluster/postgres) outlives the cluster: started again, the
conversations resume where they were. All replicas share one socket.io session secret, kept in the folder.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from launcher.model import RASA_PYTHON, ROOT, rasa_env
from launcher.servers import (
    CORE_PYTHON,
    HOST,
    MAX_BODY_BYTES,
    Server,
    check_free,
    free_port,
    page_origins,
    start_action_server,
    start_rasa_server,
    start_web_server,
    wait_knowledge,
)
from launcher.services import Nginx, PostgresServer, RedisServer

DEFAULT_FOLDER = ROOT / "var" / "cluster"
DATABASE = "apprentice"
LOCK_LIFETIME_SECONDS = 10  # a killed replica's ticket blocks its conversation this long at most
READY_SECONDS = 600  # replicas and action servers start together on 2 cores


@dataclass
class ClusterPlan:
    replicas: int = 2
    actions: int = 1
    full: bool = False
    rasa_port: int = 5005
    web_port: int = 8000
    folder: Path = DEFAULT_FOLDER


@dataclass
class Cluster:
    plan: ClusterPlan
    log_dir: Path
    postgres: PostgresServer
    redis: RedisServer
    nginx: Nginx | None = None
    actions: list[Server] = field(default_factory=list)
    replicas: list[Server] = field(default_factory=list)
    web: Server | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.plan.rasa_port}"

    @property
    def webhook(self) -> str:
        return self.url + "/webhooks/rest/webhook"

    def servers(self) -> list[Server]:
        """The assistant's own processes and the balancer (PostgreSQL and Redis are services, stopped apart)."""
        ours = [self.nginx.server if self.nginx else None, self.web, *self.replicas, *self.actions]
        return [server for server in ours if server is not None]

    def restart_replica(self, index: int) -> None:
        """Starts a stopped or killed replica again on its port; nginx sends it work once it answers."""
        self.replicas[index].restart()
        self.replicas[index].wait_ready(timeout=READY_SECONDS)

    def stop(self) -> None:
        for server in self.servers():
            server.stop()
        self.redis.stop()
        self.postgres.stop()


def start_cluster(model: Path, plan: ClusterPlan, log_dir: Path | None = None, action_env: dict[str, str] | None = None) -> Cluster:
    """Everything, in order: the services, the tables, the servers, the balancer; ready when every replica
    and action server answers. `action_env` adds settings to every action server (APPRENTICE_DATA_DIR...).
    Whatever stops the start-up stops what was started so far."""
    for port, flag in ((plan.rasa_port, "--rasa-port"), (plan.web_port, "--web-port")):
        check_free(port, flag)
    log_dir = log_dir or plan.folder / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(plan, log_dir, PostgresServer(plan.folder / "postgres"), RedisServer(plan.folder / "redis"))
    try:
        _start_services(cluster)
        _start_servers(cluster, model, action_env or {})
        for server in cluster.servers():
            server.wait_ready(timeout=READY_SECONDS)
        for action in cluster.actions:
            wait_knowledge(action, timeout=READY_SECONDS)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _start_services(cluster: Cluster) -> None:
    cluster.postgres.start()
    cluster.postgres.create_database(DATABASE)
    cluster.redis.start()
    _run(
        [str(RASA_PYTHON), "-m", "rasa_extensions.tracker_store", cluster.postgres.url(DATABASE, driver="psycopg2")],
        rasa_env(),
    )
    _run([str(CORE_PYTHON), "-m", "bot", "migrate", "--url", cluster.postgres.url(DATABASE)], dict(os.environ))


def _start_servers(cluster: Cluster, model: Path, action_env: dict[str, str]) -> None:
    plan, log_dir = cluster.plan, cluster.log_dir
    learners = {**action_env, "APPRENTICE_LEARNER_DB": cluster.postgres.url(DATABASE), "APPRENTICE_LEARNER_MIGRATED": "1"}
    cluster.actions = [
        start_action_server(free_port(), log_dir, full=plan.full, extra_env=learners, name=f"action-server-{number}")
        for number in range(1, plan.actions + 1)
    ]
    actions_port, page_port = free_port(), free_port()
    shared = {
        "APPRENTICE_REDIS_URL": cluster.redis.url,
        "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_SECONDS),
        "WEB_SESSION_SECRET": session_secret(plan.folder),
    }
    cluster.replicas = [
        start_rasa_server(
            free_port(),
            actions_port,
            model,
            log_dir,
            extra_env=shared,
            web_origins=page_origins(plan.web_port),
            stores=shared_stores(cluster),
            name=f"rasa-server-{number}",
        )
        for number in range(1, plan.replicas + 1)
    ]
    cluster.web = start_web_server(page_port, cluster.url, log_dir)
    config = nginx_config(cluster.replicas, cluster.actions, actions_port, page_port, plan.rasa_port, plan.web_port)
    cluster.nginx = Nginx(plan.folder / "nginx", config)
    cluster.nginx.start(health_port=plan.rasa_port)


def shared_stores(cluster: Cluster) -> str:
    """The endpoints.yml lines every replica gets: conversations in PostgreSQL, locks in Redis."""
    return (
        "tracker_store:\n  type: rasa_extensions.tracker_store.SharedTrackerStore\n  dialect: postgresql\n"
        f"  url: {HOST}\n  port: {cluster.postgres.port}\n  db: {DATABASE}\n  username: apprentice\n"
        "lock_store:\n  type: rasa_extensions.lock_store.SharedRedisLockStore\n"
        f"  url: {HOST}\n  port: {cluster.redis.port}\n  db: 1\n  key_prefix: apprentice\n"
    )


def session_secret(folder: Path) -> str:
    """One socket.io session secret for every replica, kept across restarts so that a page's session survives."""
    path = folder / "session-secret"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def nginx_config(replicas: list[Server], actions: list[Server], actions_port: int, page_port: int, rasa_port: int, web_port: int) -> str:
    """Round robin for REST and the webhooks, sticky by client address for socket.io (its polling transport
    needs every request of a session on one replica), an internal balancer for the action servers."""

    def upstream(servers: list[Server]) -> str:
        return "".join(f"    server {HOST}:{server.port} max_fails=1 fail_timeout=3s;\n" for server in servers)

    proxy = (
        "      proxy_http_version 1.1;\n      proxy_set_header Host $http_host;\n"
        "      proxy_connect_timeout 2s;\n      proxy_read_timeout 120s;\n"
    )
    return f"""worker_processes 1;
error_log logs/error.log warn;
pid nginx.pid;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_max_body_size {MAX_BODY_BYTES};
  client_body_temp_path tmp/body;
  proxy_temp_path tmp/proxy;
  fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi;
  scgi_temp_path tmp/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' ''; }}
  upstream rasa {{
{upstream(replicas)}    keepalive 64;
  }}
  upstream rasa_sticky {{
    ip_hash;
{upstream(replicas)}  }}
  upstream actions {{
{upstream(actions)}    keepalive 32;
  }}
  server {{
    listen {HOST}:{rasa_port};
    location / {{
      proxy_pass http://rasa;
      proxy_set_header Connection "";
      proxy_next_upstream error;
{proxy}    }}
    location /socket.io/ {{
      proxy_pass http://rasa_sticky;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
{proxy}    }}
  }}
  server {{
    listen {HOST}:{actions_port};
    location / {{
      proxy_pass http://actions;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout;
{proxy}    }}
  }}
  server {{
    listen {HOST}:{web_port};
    location / {{
      proxy_pass http://{HOST}:{page_port};
{proxy}    }}
  }}
}}
"""


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{(done.stderr or done.stdout)[-2000:]}")
