"""Answers about a standard's versions: what changed between two, and which one a learner is on.

The comparison itself is bot.versions; this module chooses the two versions a question means and words the
result for a chat: the facts that changed, then the KSBs and duties by kind of change, each list cut to a few
items so that a Slack or web reply stays readable (the CLI's `changes --json` gives everything).
"""

from __future__ import annotations

from datetime import date

from bot.answers import Answer, standard_source
from bot.catalogue import Catalogue
from bot.models import Standard, version_key
from bot.versions import Change, StandardDiff, diff, newest_version, previous_version, revised_since, revision_date, version_for_start

SHOWN_PER_LIST = 3
QUOTE_WORDS = 18


class VersionNotFound(LookupError):
    """A version the catalogue does not know, with the versions it does."""


def versions_to_compare(catalogue: Catalogue, standard: Standard, named: tuple[str, ...], since: bool) -> tuple[Standard, Standard] | None:
    """The (older, newer) pair a 'what changed' question means. `standard` is the version the conversation is
    on (a learner's own version, else the current one): two versions named are compared with each other; one
    named after 'since' is compared with the current version; one named alone ('what's new in 1.3') with the
    version before it; none named, the learner's version with the current one, else the current one with a
    newer version in preparation, else the current one with the version before it. None when there is nothing
    to compare with."""
    current = catalogue.standard(standard.reference) or standard
    found = [_version(catalogue, standard.reference, v) for v in named[:2]]
    if len(found) == 2:
        older, newer = sorted(found, key=lambda s: s.version_key)
        return (older, newer) if older.version_key != newer.version_key else None
    if found and since:
        return (found[0], current) if found[0].version_key < current.version_key else None
    target = found[0] if found else current
    if not found and standard.version_key < current.version_key:
        return standard, current
    newer = newest_version(catalogue, current)
    if not found and newer is not None:
        return current, newer  # 'what's new in the latest version': the one being prepared, against today's
    before = previous_version(catalogue, target)
    return (before, target) if before else None


def _version(catalogue: Catalogue, reference: str, version: str) -> Standard:
    found = catalogue.standard(reference, version)
    if found is None:
        known = ", ".join(v.version for v in catalogue.versions.get(reference, []))
        raise VersionNotFound(f"{reference} has no version {version}. Versions I know: {known}.")
    return found


def changes_answer(catalogue: Catalogue, standard: Standard, named: tuple[str, ...] = (), since: bool = False) -> Answer:
    try:
        pair = versions_to_compare(catalogue, standard, named, since)
    except VersionNotFound as exc:
        return Answer(kind="unknown", text=str(exc))
    if pair is None:
        versions = ", ".join(v.version for v in catalogue.versions.get(standard.reference, [])) or standard.version
        return Answer(
            kind="changes",
            text=f"I have nothing to compare for {standard.reference} {standard.title}: the versions I know are {versions}.",
            sources=[standard_source(standard)],
        )
    change = diff(*pair)
    return Answer(
        kind="changes", text=changes_text(change), sources=[standard_source(pair[0]), standard_source(pair[1])], data=change.to_json()
    )


def changes_text(change: StandardDiff) -> str:
    old, new = change.old, change.new
    head = f"What changed in {change.reference} {change.title} from version {old.version} to version {new.version}"
    if new.earliest_start:
        head += f" (for apprentices starting from {human_date(new.earliest_start)})"
    if change.size == 0 and not change.of_kind("renumbered"):
        return head + ": nothing in its facts, KSBs, duties or options; the text is the same."
    lines = [head + ":"]
    lines += [f"- {fact.name.capitalize()}: {_short(fact.old) or 'none'} → {_short(fact.new) or 'none'}." for fact in change.facts]
    counts = _counts(change.ksbs)
    if counts:
        lines.append(f"- KSBs: {counts}; {change.unchanged_ksbs} unchanged.")
        lines += _listed(change.ksbs)
    duty_counts = _counts(change.duties)
    if duty_counts:
        lines.append(f"- Duties: {duty_counts}.")
        lines += _listed(change.duties)
    if change.options_added:
        lines.append("- Options added: " + "; ".join(change.options_added) + ".")
    if change.options_removed:
        lines.append("- Options removed: " + "; ".join(change.options_removed) + ".")
    if new.latest_version and version_key(new.latest_version) > new.version_key:
        lines.append(f"A newer version {new.latest_version} is {new.latest_status.lower()}.")
    lines.append(f"Sources: {old.citation}; {new.citation}" + (f" {new.url}" if new.url else ""))
    return "\n".join(lines)


def my_version_answer(catalogue: Catalogue, standard: Standard) -> Answer:
    """A learner said which version they are on: confirm it with its start window, and say if a newer one exists."""
    window = start_window(standard)
    text = f"Noted: you are on {standard.reference} {standard.title} version {standard.version}" + (f" ({window})" if window else "") + "."
    text += " I'll answer from that version."
    current = catalogue.standards.get(standard.reference)
    if current is not None and current.version_key > standard.version_key:
        text += f" The current version is {current.version}: ask 'what changed since {standard.version}?' to see the differences."
    return Answer(kind="my_version", text=text, sources=[standard_source(standard)])


def started_version(catalogue: Catalogue, reference: str, start: str) -> Standard | None:
    return version_for_start(catalogue.versions.get(reference, []), start)


def no_version_for_start(catalogue: Catalogue, standard: Standard, start: str) -> Answer:
    windows = "; ".join(
        f"{v.version}: {start_window(v) or 'no start dates published'}" for v in catalogue.versions.get(standard.reference, [])
    )
    return Answer(
        kind="unknown",
        text=f"No version of {standard.reference} {standard.title} took starts on {human_date(start)}. Its versions: {windows}.",
    )


MAX_REVISIONS_LISTED = 10


def revisions_answer(catalogue: Catalogue, since: str) -> Answer:
    """The adviser's digest: current standards revised on or after `since`, newest first, with how much changed."""
    revisions = revised_since(catalogue, since)
    if not revisions:
        text = f"No standard I know was revised on or after {human_date(since)}."
        latest = max((s for s in catalogue.standards.values() if previous_version(catalogue, s)), key=revision_date, default=None)
        if latest is not None:
            text += f" The latest revision I know is {latest.reference} {latest.title} v{latest.version}, from {human_date(revision_date(latest))}."
        return Answer(kind="revisions", text=text)
    lines = [f"{len(revisions)} standard{'s' if len(revisions) > 1 else ''} revised since {human_date(since)} (newest first):"]
    for revision in revisions[:MAX_REVISIONS_LISTED]:
        size = (
            f"{revision.size} change{'s' if revision.size != 1 else ''} in content"
            if revision.size
            else "no change in its published content"
        )
        lines.append(
            f"- {revision.reference} {revision.title}: v{revision.from_version} → v{revision.to_version} from {human_date(revision.date)}, {size}"
        )
    if len(revisions) > MAX_REVISIONS_LISTED:
        lines.append(f"and {len(revisions) - MAX_REVISIONS_LISTED} more. Ask 'what changed in <reference>?' for the details of one.")
    else:
        lines.append("Ask 'what changed in <reference>?' for the details of one.")
    return Answer(kind="revisions", text="\n".join(lines), data={"since": since, "revisions": [r.to_json() for r in revisions]})


def start_window(standard: Standard) -> str:
    if not standard.earliest_start:
        return ""
    if standard.latest_start:
        return f"for starts from {human_date(standard.earliest_start)} to {human_date(standard.latest_start)}"
    return f"for starts from {human_date(standard.earliest_start)}"


def human_date(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%-d %B %Y")
    except ValueError:
        return iso


def _counts(changes: tuple[Change, ...]) -> str:
    order = ("added", "removed", "reworded", "renumbered")
    return ", ".join(f"{sum(1 for c in changes if c.kind == kind)} {kind}" for kind in order if any(c.kind == kind for c in changes))


def _listed(changes: tuple[Change, ...]) -> list[str]:
    lines = []
    for kind in ("added", "removed", "reworded", "renumbered"):
        items = [c for c in changes if c.kind == kind]
        shown = [_item(c) for c in items[:SHOWN_PER_LIST]]
        if len(items) > SHOWN_PER_LIST:
            shown.append(f"and {len(items) - SHOWN_PER_LIST} more")
        if shown:
            lines.append(f"  {kind.capitalize()}: " + "; ".join(shown) + ".")
    return lines


def _item(change: Change) -> str:
    if change.kind == "added" and change.new:
        return f"{change.new[0]} “{_short(change.new[1])}”"
    if change.kind == "removed" and change.old:
        return f"{change.old[0]} “{_short(change.old[1])}”"
    if change.old and change.new:
        if change.kind == "renumbered":
            return f"{change.old[0]} is now {change.new[0]}"
        moved = f" (was {change.old[0]})" if change.old[0] != change.new[0] else ""
        return f"{change.new[0]}{moved} now reads “{_short(change.new[1])}”"
    return ""


def _short(text: str) -> str:
    words = text.split()
    return " ".join(words[:QUOTE_WORDS]) + ("…" if len(words) > QUOTE_WORDS else "")
