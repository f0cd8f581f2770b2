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


CHECKS = {"tracker_store": tracker_store, "crowd_memory": crowd_memory, "teams_keys": teams_keys}

if __name__ == "__main__":
    print(json.dumps(asyncio.run(CHECKS[sys.argv[1]]())))
