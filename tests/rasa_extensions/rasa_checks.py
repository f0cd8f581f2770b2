"""Checks of the Rasa-side extensions that need Rasa itself, run in the Rasa environment (Python 3.10) by
tests/rasa_extensions/test_*.py: `python -m tests.rasa_extensions.rasa_checks <name>` prints a JSON object of
what it observed, and the test asserts on it."""

from __future__ import annotations

import asyncio
import json
import resource
import sys
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_extensions.protocol import FORGET_TRANSCRIPT
from rasa_extensions.tracker_store import LiveTrackerStore

DOMAIN = Domain.from_yaml("version: '3.1'\nslots:\n  standard:\n    type: text\n    mappings: [{type: custom}]\n")


class Collecting(EventBroker):
    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, event: dict[str, Any]) -> None:
        self.published.append(event)


def conversation(sender: str, turns: int = 1) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update_with_events([ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")], DOMAIN)
    for turn in range(turns):
        tracker.update_with_events(
            [
                UserUttered(f"what does K{turn} cover", {"name": "ask_ksb", "confidence": 0.9}),
                BotUttered(f"K{turn}: ..."),
                ActionExecuted("action_listen"),
            ],
            DOMAIN,
        )
    return tracker


async def tracker_store() -> dict[str, Any]:
    broker = Collecting()
    store = LiveTrackerStore(DOMAIN, broker, max_conversations=1000, idle_seconds=3600)
    live = conversation("rest:a")
    await store.save(live)
    first = len(broker.published)
    live.update(UserUttered("and S3?"))
    live.update(SlotSet("standard", "ST1406"))
    await store.save(live)
    streamed_second = len(broker.published) - first

    failed = await store.retrieve("rest:a")
    saved_count = len(failed.events)
    failed.update(UserUttered("a turn that fails before it is saved"))
    after_failure = await store.retrieve("rest:a")

    for number in range(5000):
        await store.save(conversation(f"rest:crowd-{number}"))
    await store.retrieve("rest:crowd-4000")  # used lately: kept when older ones go
    for number in range(5000, 5500):
        await store.save(conversation(f"rest:crowd-{number}"))
    keys = await store.keys()

    forgetting = conversation("web:forget")
    await store.save(forgetting)
    forgetting.update(BotUttered("Done: I deleted everything.", data={"custom": {FORGET_TRANSCRIPT: True}}))
    await store.save(forgetting)

    idle = LiveTrackerStore(DOMAIN, idle_seconds=0.0)
    await idle.save(conversation("rest:idle"))
    await asyncio.sleep(0.01)
    return {
        "streamed_first": first,
        "events_first": len(conversation("x").events),
        "streamed_second": streamed_second,
        "saved_events": saved_count,
        "events_after_failed_turn": len(after_failure.events),
        "last_user_text_after_failed_turn": after_failure.latest_message.text,
        "kept": len(list(keys)),
        "recently_used_kept": "rest:crowd-4000" in keys,
        "oldest_kept": "rest:crowd-0" in keys,
        "newest_kept": "rest:crowd-5499" in keys,
        "forgotten": await store.retrieve("web:forget") is None,
        "idle_forgotten": await idle.retrieve("rest:idle") is None,
    }


async def crowd_memory(senders: int = 100_000) -> dict[str, Any]:
    """The resident memory a crowd of distinct senders adds, each with one turn, under the default bound."""
    store = LiveTrackerStore(DOMAIN)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for number in range(senders):
        await store.save(conversation(f"rest:sender-{number}", turns=2))
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"senders": senders, "kept": len(store.cache), "bound": store.max_conversations, "grown_mb": (after - before) / 1024}


async def teams_keys() -> dict[str, Any]:
    """The Teams connector's signing keys and token against a local stand-in that can be made to fail."""
    from aiohttp import web

    from rasa_extensions import teams

    state = {"failing": False}

    async def openid(request: web.Request) -> web.Response:
        if state["failing"]:
            return web.Response(status=503)
        return web.json_response({"jwks_uri": f"http://127.0.0.1:{port}/keys"})

    async def keys(_: web.Request) -> web.Response:
        return web.json_response({"keys": [{"kid": "k1", "kty": "RSA", "n": "AQAB", "e": "AQAB"}]})

    async def token(_: web.Request) -> web.Response:
        return web.json_response({"error": "invalid_client", "error_description": "secret expired"}, status=401)

    app = web.Application()
    app.add_routes([web.get("/openid", openid), web.get("/keys", keys), web.post("/token", token)])
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}"
    try:
        signing = teams.SigningKeys(url + "/openid")
        first = (await signing.key("k1"))["kid"]
        state["failing"] = True
        signing._fetched_at -= teams.KEYS_MAX_AGE_SECONDS + 1  # a day later: a refresh is due, and fails
        kept = (await signing.key("k1"))["kid"]
        retry_wait = signing._retry_at - signing._fetched_at - teams.KEYS_MAX_AGE_SECONDS - 1
        fresh = teams.SigningKeys(url + "/openid")
        try:
            await fresh.key("k1")
            unavailable = "no error"
        except teams.KeysUnavailable as exc:
            unavailable = f"KeysUnavailable: {exc}"
        channel = teams.TeamsChannel("app", "secret", "tenant", url + "/openid", url + "/token", "127.0.0.1")
        health = next(route.handler for route in channel.blueprint(_ignore)._future_routes if route.uri == "/")
        healthy = json.loads((await health(None)).body)
        tokens = channel.tokens
        output = teams.TeamsOutput(tokens, {"id": "a:c1"}, {"id": "28:bot"}, url + "/", "29:user")
        await output.send_text_message("teams:tenant:29:user", "hello")  # must not raise: logged, on the health route
        degraded = json.loads((await health(None)).body)
        return {
            "first": first,
            "kept_while_refresh_fails": kept,
            "retry_wait_positive": retry_wait > 0,
            "no_keys_yet": unavailable,
            "token_error": tokens.last_error,
            "health_before": healthy,
            "health_after": degraded,
        }
    finally:
        await runner.cleanup()


async def _ignore(_message: object) -> None:
    return None


async def shared_tracker_store(postgres_port: str) -> dict[str, Any]:
    """Two replicas' SharedTrackerStores on one PostgreSQL database: what each sees of the other's turns."""
    from rasa.core.tracker_store import SQLTrackerStore

    from rasa_extensions.tracker_store import SharedTrackerStore, create_tables

    settings = {"dialect": "postgresql", "host": "127.0.0.1", "port": int(postgres_port), "db": "postgres", "username": "apprentice"}
    create_tables(f"postgresql://apprentice@127.0.0.1:{postgres_port}/postgres")
    broker = Collecting()
    first, second = SharedTrackerStore(DOMAIN, broker, **settings), SharedTrackerStore(DOMAIN, **settings)
    await first.save(conversation("rest:s"))
    streamed_new = len(broker.published)
    live = await first.retrieve("rest:s")
    live.update(UserUttered("and S3?"))
    live.update(SlotSet("standard", "ST1406"))
    await first.save(live)
    streamed_turn = len(broker.published) - streamed_new
    same_object = (await first.retrieve("rest:s")) is live

    elsewhere = await second.retrieve("rest:s")  # replica 2 takes the next turn
    elsewhere.update(UserUttered("what about K5?"))
    elsewhere.update(SlotSet("standard", "ST0343"))
    await second.save(elsewhere)
    saved_by_second = len(elsewhere.events)
    back = await first.retrieve("rest:s")  # replica 1 must see it, not its own stale object

    failed = await second.retrieve("rest:s")
    failed.update(UserUttered("a turn that fails before it is saved"))
    after_failure = await second.retrieve("rest:s")

    stock = SQLTrackerStore(DOMAIN, **settings)  # Rasa's own store reads the rows as its own
    stock_view = await stock.retrieve("rest:s")
    rows = await first.number_of_existing_events("rest:s")

    forgetting = await first.retrieve("rest:s")
    forgetting.update(BotUttered("Done: I deleted everything.", data={"custom": {FORGET_TRANSCRIPT: True}}))
    await first.save(forgetting)
    return {
        "streamed_new": streamed_new,
        "events_new": len(conversation("x").events),
        "streamed_turn": streamed_turn,
        "same_object_reused": same_object,
        "slot_seen_by_replica_1_after_replica_2": back.get_slot("standard"),
        "replica_1_reread": back is not live,
        "last_text_after_failed_turn": after_failure.latest_message.text,
        "events_after_failed_turn": len(after_failure.events),
        "events_before_failed_turn": saved_by_second,
        "stock_store_slot": stock_view.get_slot("standard"),
        "stock_store_events": len(stock_view.events),
        "rows": rows,
        "rows_after_forget": await second.number_of_existing_events("rest:s"),
        "retrieve_after_forget": await second.retrieve("rest:s") is None,
    }


async def lock_tickets(redis_port: str) -> dict[str, Any]:
    """Tickets issued for one conversation by two replicas' lock stores at the same moment, from threads, by
    Rasa's RedisLockStore and by ours; then a turn waiting for Redis to come back."""
    import threading

    from rasa.core.lock_store import RedisLockStore

    from rasa_extensions.lock_store import SharedRedisLockStore, patiently

    def race(stores: list) -> list[int]:
        tickets: list[int] = []
        start = threading.Barrier(8)

        def issue(store: Any) -> None:
            start.wait()
            for _ in range(25):
                tickets.append(store.issue_ticket("rest:race", 30))

        threads = [threading.Thread(target=issue, args=(stores[i % 2],)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stores[0].delete_lock("rest:race")
        return tickets

    port = int(redis_port)
    ours = race([SharedRedisLockStore(host="127.0.0.1", port=port, key_prefix="ours") for _ in range(2)])
    stock = race([RedisLockStore(host="127.0.0.1", port=port, key_prefix="stock") for _ in range(2)])
    store, other_replica = SharedRedisLockStore(host="127.0.0.1", port=port), SharedRedisLockStore(host="127.0.0.1", port=port)
    async with store.lock("rest:turn"):
        waiting = other_replica.issue_ticket("rest:turn", 30)  # the same person's next message, on the other replica
        held = other_replica.get_lock("rest:turn").is_locked(waiting)
        other_replica.cleanup("rest:turn", waiting)
    left = store.get_lock("rest:turn")
    down = SharedRedisLockStore(host="127.0.0.1", port=1)
    try:
        await patiently(lambda: down.issue_ticket("rest:x"), patience=1.0)
        gave_up = "no error"
    except Exception as exc:  # the Redis error itself reaches the channel, which apologises
        gave_up = type(exc).__name__
    return {
        "ours_issued": len(ours),
        "ours_distinct": len(set(ours)),
        "stock_issued": len(stock),
        "stock_distinct": len(set(stock)),
        "held_during_turn": held,
        "lock_left_after_turn": left is not None,
        "unreachable_after_patience": gave_up,
    }


async def shared_deliveries(redis_port: str) -> dict[str, Any]:
    """Two replicas' delivery memories on one Redis, and one whose Redis is unreachable."""
    from rasa_extensions.deliveries import Deliveries

    url = f"redis://127.0.0.1:{redis_port}/0"
    first, second = Deliveries(redis_url=url), Deliveries(redis_url=url)
    cut_off = Deliveries(redis_url="redis://127.0.0.1:1/0")
    return {
        "first_delivery": first.first_time("slack:Ev1"),
        "retry_on_other_replica": second.first_time("slack:Ev1"),
        "another_delivery": second.first_time("slack:Ev2"),
        "without_redis_first": cut_off.first_time("slack:Ev3"),
        "without_redis_retry": cut_off.first_time("slack:Ev3"),
    }


async def door_busy() -> dict[str, Any]:
    """A turn Rasa refuses for its lock (rasa_extensions/door.py): answered with BUSY, raised no further."""
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.lock_store import LockError

    from rasa_extensions.door import BUSY, admitted

    async def refused(message: UserMessage) -> None:
        raise LockError(f"Could not acquire lock for conversation_id '{message.sender_id}'.")

    output = CollectingOutputChannel()
    returned = await admitted("web", refused)(UserMessage("what does K42 cover?", output, "someone"))
    return {"returned": returned, "texts": [m.get("text") for m in output.messages], "busy": BUSY}


CHECKS = {
    "door_busy": door_busy,
    "tracker_store": tracker_store,
    "crowd_memory": crowd_memory,
    "teams_keys": teams_keys,
    "shared_tracker_store": shared_tracker_store,
    "lock_tickets": lock_tickets,
    "shared_deliveries": shared_deliveries,
}

if __name__ == "__main__":
    print(json.dumps(asyncio.run(CHECKS[sys.argv[1]](*sys.argv[2:]))))
