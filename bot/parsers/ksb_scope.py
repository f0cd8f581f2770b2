"""Core or option: a KSB's scope follows from what uses it.

Duties (core, or for named options) list the KSBs they need; some standards instead publish an
"unstructured" core/option KSB mapping. Both reduce to usage groups, so every parser assigns scopes
the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.models import Duty, Ksb


@dataclass(frozen=True)
class Usage:
    """A group of KSB codes used by the core (`options` empty) or by the named options."""

    options: tuple[str, ...]
    codes: tuple[str, ...]

    @property
    def is_core(self) -> bool:
        return not self.options


def usages_from_duties(duties: Iterable[Duty]) -> list[Usage]:
    return [Usage(options=() if d.is_core else d.options, codes=d.ksb_codes) for d in duties]


def assign_scopes(ksbs: Iterable[Ksb], usages: Iterable[Usage]) -> tuple[Ksb, ...]:
    """A KSB used by the core (or by nothing known) is core; one used only by options belongs to those options."""
    usages = list(usages)
    core_codes = {code for u in usages if u.is_core for code in u.codes}
    option_codes: dict[str, list[str]] = {}
    for usage in usages:
        if usage.is_core:
            continue
        for code in usage.codes:
            bucket = option_codes.setdefault(code, [])
            bucket.extend(o for o in usage.options if o not in bucket)
    scoped = []
    for ksb in ksbs:
        options = option_codes.get(ksb.code)
        if ksb.code in core_codes or not options:
            scoped.append(Ksb(code=ksb.code, text=ksb.text, scope="core"))
        else:
            scoped.append(Ksb(code=ksb.code, text=ksb.text, scope="option", options=tuple(options)))
    return tuple(scoped)
