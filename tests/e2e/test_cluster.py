"""The cluster (launcher/cluster.py) on loopback, full catalogue: 2 Rasa replicas and an action server behind
nginx, conversations in PostgreSQL, locks in Redis. Started once for this module, stopped by process id.

The fault and load scenarios of issue 12, bounded in time (benchmarks/bench_cluster.py runs the longer
versions and prints the figures the README gives):
- many concurrent conversations, each keeping its own standard (no crossed or lost context), no error;
- a replica killed with SIGKILL under load: the conversations go on through the other replica with their
  context; a turn caught at the kill fails and its one retry is answered; the replica restarted rejoins;
- Redis killed for 5 s under load: turns wait (or apologise and are answered on retry), none is stored twice or
  out of order;
- the whole cluster stopped and started: the conversations resume where they were.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from benchmarks.cluster_load import context_problem, run_conversations, standards_to_choose
from benchmarks.load import Client
from launcher.cluster import DATABASE, Cluster, ClusterPlan, start_cluster
from launcher.servers import free_port

LOAD_CONVERSATIONS = 50
LOAD_SECONDS = 20


class Running:
    """The cluster of this module; a test that restarts it replaces it."""

    cluster: Cluster


@pytest.fixture(scope="module")
def running(rasa_model):
    folder = Path(tempfile.mkdtemp(prefix="cluster-"))
    folder.chmod(0o755)  # PostgreSQL runs as its own user inside it
    plan = ClusterPlan(replicas=2, actions=1, full=True, rasa_port=free_port(), web_port=free_port(), folder=folder)
    holder = Running()
    holder.cluster = start_cluster(rasa_model, plan)
    yield holder
    holder.cluster.stop()
    shutil.rmtree(folder, ignore_errors=True)


def ask(url: str, sender: str, text: str):
    return Client(url + "/webhooks/rest/webhook", timeout=60).say(text, sender)


def stored_user_messages(cluster: Cluster, sender: str) -> list[str]:
    engine = sa.create_engine(cluster.postgres.url(DATABASE))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user' ORDER BY id"), {"sender": sender}
            )
            return [json.loads(data)["text"] for (data,) in rows]
    finally:
        engine.dispose()


def test_the_replicas_share_every_conversation(running):
    first, second = running.cluster.replicas
    chosen = ask(first.url, "shared-1", "tell me about ST0343")
    answer = ask(second.url, "shared-1", "how long does it take?")
    assert not chosen.error and not answer.error
    assert context_problem(answer, "ST0343", set()) is None, answer.replies
    assert stored_user_messages(running.cluster, "rest:shared-1") == ["tell me about ST0343", "how long does it take?"]


def test_fifty_concurrent_conversations_keep_their_own_standard(running):
    outcome = run_conversations(running.cluster.webhook, standards_to_choose(LOAD_CONVERSATIONS), LOAD_SECONDS)
    print("\n50 conversations through nginx:", outcome.figures())
    assert outcome.retried == 0 and outcome.lost == 0, outcome.figures()
    assert outcome.crossed == [] and outcome.forgot == [], (outcome.crossed[:5], outcome.forgot[:5])
    assert len(outcome.turns) >= LOAD_CONVERSATIONS * 3


def test_a_replica_killed_under_load_leaves_its_conversations_to_the_other(running):
    cluster = running.cluster
    references = standards_to_choose(20)
    outcome = run_conversations(cluster.webhook, references, 20, events=[(6.0, cluster.replicas[0].kill)])
    print("\nreplica 1 killed at 6 s:", outcome.figures())
    assert outcome.lost == 0, outcome.figures()
    assert outcome.crossed == [] and outcome.forgot == [], (outcome.crossed[:5], outcome.forgot[:5])
    assert len(outcome.turns) >= 40

    cluster.restart_replica(0)
    cluster.replicas[1].kill()  # now only the restarted replica can answer through nginx
    try:
        sender = outcome.senders[0]
        resumed = Client(cluster.webhook, timeout=60).say("what level is it?", sender)
        assert not resumed.error and context_problem(resumed, references[0], set()) is None, resumed.replies
    finally:
        cluster.restart_replica(1)


def test_turns_wait_for_redis_and_none_is_stored_twice_or_out_of_order(running):
    cluster = running.cluster
    references = standards_to_choose(10)
    outcome = run_conversations(cluster.webhook, references, 14, events=[(3.0, cluster.redis.kill), (8.0, cluster.redis.restart)])
    print("\nRedis down from 3 s to 8 s:", outcome.figures())
    assert outcome.lost == 0, outcome.figures()
    assert outcome.crossed == [] and outcome.forgot == []
    for sender, answered in outcome.answered.items():
        assert stored_user_messages(cluster, f"rest:{sender}") == answered


def test_the_whole_cluster_stopped_and_started_resumes_every_conversation(running, rasa_model):
    references = standards_to_choose(8)
    before = run_conversations(running.cluster.webhook, references, 6)
    assert before.lost == 0 and before.forgot == []
    plan = running.cluster.plan
    running.cluster.stop()
    running.cluster = start_cluster(rasa_model, plan)
    after = run_conversations(running.cluster.webhook, references, 6, senders=before.senders)
    print("\nafter a restart of everything:", after.figures())
    assert after.lost == 0
    assert after.crossed == [] and after.forgot == [], after.forgot[:5]
