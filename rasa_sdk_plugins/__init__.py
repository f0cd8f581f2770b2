"""rasa-sdk's plugin hook (the package name is the one rasa_sdk.plugin imports): the action server's HTTP app
gets the caller check of actions/auth.py."""

from __future__ import annotations

import pluggy

from actions.auth import require_token

hookimpl = pluggy.HookimplMarker("rasa_sdk")


class _ActionServerAuth:
    @hookimpl
    def attach_sanic_app_extensions(self, app):  # type: ignore[no-untyped-def]
        require_token(app)


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(_ActionServerAuth())
