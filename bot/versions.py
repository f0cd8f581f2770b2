"""What changed between two versions of a standard, which version applies to a learner, and what was revised lately.

KSB numbers are array positions, so a KSB inserted early renumbers every later one: "K5 changed" is not a
change when the same text is now K6. Statements are therefore aligned by the similarity of their words within
each kind (knowledge with knowledge), greedily from the most similar pair down: a pair almost identical is the
same statement (renumbered when its code moved), a pair similar enough is a rewording, and whatever is left
was added or removed. Duties are aligned the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from bot.catalogue import Catalogue
from bot.models import Standard
from bot.text import fold

WORD_RE = re.compile(r"\w+")
SAME_TEXT = 0.97  # word-sequence similarity from which two statements are the same one (spacing, punctuation, a typo)
REWORDED = 0.55  # from here a statement is a rewording of the other; below, one was removed and the other added


@dataclass(frozen=True)
class Change:
    """One statement (KSB or duty) across two versions: `old`/`new` are (code, text), None when absent."""

    kind: str  # "added" | "removed" | "reworded" | "renumbered"
    old: tuple[str, str] | None
    new: tuple[str, str] | None
    similarity: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "change": self.kind,
            "old_code": self.old[0] if self.old else None,
            "old_text": self.old[1] if self.old else None,
            "new_code": self.new[0] if self.new else None,
            "new_text": self.new[1] if self.new else None,
            "similarity": round(self.similarity, 3),
        }


@dataclass(frozen=True)
class FactChange:
    name: str
    old: str
    new: str


@dataclass(frozen=True)
class StandardDiff:
    reference: str
    title: str
    old: Standard
    new: Standard
    facts: tuple[FactChange, ...] = ()
    ksbs: tuple[Change, ...] = ()
    duties: tuple[Change, ...] = ()
    options_added: tuple[str, ...] = ()
    options_removed: tuple[str, ...] = ()
    unchanged_ksbs: int = 0

    @property
    def size(self) -> int:
        """How much changed, counted in things a learner would have to relearn or recheck (renumbering is not)."""
        content = [c for c in (*self.ksbs, *self.duties) if c.kind != "renumbered"]
        return len(self.facts) + len(content) + len(self.options_added) + len(self.options_removed)

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.ksbs if c.kind == kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "title": self.title,
            "from_version": self.old.version,
            "to_version": self.new.version,
            "from_status": self.old.status,
            "to_status": self.new.status,
            "size": self.size,
            "facts": [{"name": f.name, "old": f.old, "new": f.new} for f in self.facts],
            "ksbs": [c.to_json() for c in self.ksbs],
            "unchanged_ksbs": self.unchanged_ksbs,
            "duties": [c.to_json() for c in self.duties],
            "options_added": list(self.options_added),
            "options_removed": list(self.options_removed),
        }


@dataclass(frozen=True)
class Revision:
    """A digest line: a standard whose newest version appeared on or after a date, and how much it changed."""

    reference: str
    title: str
    from_version: str
    to_version: str
    date: str
    size: int
    status: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Aligned:
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0


def diff(old: Standard, new: Standard) -> StandardDiff:
    """The changes from `old` to `new` (two versions of one standard, in that order)."""
    ksbs = _Aligned()
    for letter in "KSB":
        aligned = _align(
            [(k.code, k.text) for k in old.ksbs if k.code[0] == letter],
            [(k.code, k.text) for k in new.ksbs if k.code[0] == letter],
        )
        ksbs.changes.extend(aligned.changes)
        ksbs.unchanged += aligned.unchanged
    duties = _align([(f"Duty {d.number}", d.text) for d in old.duties], [(f"Duty {d.number}", d.text) for d in new.duties])
    return StandardDiff(
        reference=new.reference,
        title=new.title,
        old=old,
        new=new,
        facts=tuple(_fact_changes(old, new)),
        ksbs=tuple(ksbs.changes),
        duties=tuple(duties.changes),
        options_added=_missing(new.options, old.options),
        options_removed=_missing(old.options, new.options),
        unchanged_ksbs=ksbs.unchanged,
    )


def _missing(options: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """Options of one version the other lacks; 'solid Plasterer' and 'Solid plasterer' are one option."""
    known = {tuple(_words(o)) for o in other}
    return tuple(o for o in options if tuple(_words(o)) not in known)


def _align(old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]) -> _Aligned:
    old_words = [_words(text) for _, text in old]
    new_words = [_words(text) for _, text in new]
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    result = _Aligned()
    for score, i, j in _candidate_pairs(old_words, new_words):
        if i in taken_old or j in taken_new:
            continue
        taken_old.add(i)
        taken_new.add(j)
        if score >= SAME_TEXT and old[i][0] == new[j][0]:
            result.unchanged += 1
        else:
            kind = "renumbered" if score >= SAME_TEXT else "reworded"
            result.changes.append(Change(kind, old[i], new[j], score))
    result.changes.extend(Change("removed", old[i], None) for i in range(len(old)) if i not in taken_old)
    result.changes.extend(Change("added", None, new[j]) for j in range(len(new)) if j not in taken_new)
    result.changes.sort(key=lambda c: _code_order((c.new or c.old or ("", ""))[0]))
    return result


def _candidate_pairs(old: list[list[str]], new: list[list[str]]) -> list[tuple[float, int, int]]:
    """Pairs similar enough to be one statement, most similar first (then nearest in position). Identical texts
    are paired by lookup and left out of the slow comparison, which runs only between what is left."""
    exact: list[tuple[float, int, int]] = []
    by_text: dict[tuple[str, ...], list[int]] = {}
    for j, words in enumerate(new):
        by_text.setdefault(tuple(words), []).append(j)
    paired_old, paired_new = set(), set()
    for i, words in enumerate(old):
        free = [j for j in by_text.get(tuple(words), []) if j not in paired_new]
        if free:
            j = min(free, key=lambda j: abs(i - j))
            exact.append((1.0, i, j))
            paired_old.add(i)
            paired_new.add(j)
    fuzzy = []
    for i, a in enumerate(old):
        if i in paired_old:
            continue
        for j, b in enumerate(new):
            if j in paired_new:
                continue
            matcher = SequenceMatcher(None, a, b, autojunk=False)
            if matcher.real_quick_ratio() >= REWORDED and matcher.quick_ratio() >= REWORDED:
                score = matcher.ratio()
                if score >= REWORDED:
                    fuzzy.append((score, i, j))
    fuzzy.sort(key=lambda p: (-p[0], abs(p[1] - p[2]), p[1]))
    return exact + fuzzy


def _words(text: str) -> list[str]:
    """The words of a statement: punctuation and case are not changes ('support.' is 'support')."""
    return WORD_RE.findall(fold(text))


def _code_order(code: str) -> tuple[str, int]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (code[:1], int(digits) if digits else 0)


def _fact_changes(old: Standard, new: Standard) -> Iterable[FactChange]:
    facts = (
        ("title", old.title, new.title),
        ("level", _show(old.level), _show(new.level)),
        ("typical duration", _months(old.typical_duration_months), _months(new.typical_duration_months)),
        ("maximum funding", _pounds(old.max_funding), _pounds(new.max_funding)),
        ("status", old.status, new.status),
        ("entry requirements", old.entry_requirements, new.entry_requirements),
        ("end-point assessment period", _months(old.epa_period_months), _months(new.epa_period_months)),
        ("route", old.route, new.route),
    )
    for name, before, after in facts:
        if name == "status" and new.is_delivering and old.is_retired:
            continue  # a version is retired when the next one is approved: that is the revision itself, not news
        if _words(before) != _words(after):
            yield FactChange(name, before, after)


def _show(value: object) -> str:
    return "" if value is None else str(value)


def _months(value: int | None) -> str:
    return f"{value} months" if value else ""


def _pounds(value: int | None) -> str:
    return f"£{value:,}" if value else ""


# --- which version --------------------------------------------------------------------------------------


def version_for_start(versions: Sequence[Standard], start: str) -> Standard | None:
    """The version an apprentice who started on `start` (ISO date) is assessed against: the one whose start
    window holds the date (a version with no end date is open)."""
    for version in reversed(versions):
        if version.earliest_start and version.earliest_start <= start and (not version.latest_start or start <= version.latest_start):
            return version
    return None


def previous_version(catalogue: Catalogue, standard: Standard) -> Standard | None:
    """The version published before `standard`, when the catalogue knows one."""
    versions = catalogue.versions.get(standard.reference, [])
    older = [v for v in versions if v.version_key < standard.version_key]
    return older[-1] if older else None


def newest_version(catalogue: Catalogue, standard: Standard) -> Standard | None:
    """The newest version published after `standard` (one in development or proposed), when there is one."""
    versions = catalogue.versions.get(standard.reference, [])
    return versions[-1] if versions and versions[-1].version_key > standard.version_key else None


def revision_date(standard: Standard) -> str:
    """When a version took effect: its first start date, else when it was last changed."""
    return standard.earliest_start or standard.last_updated


def revised_since(catalogue: Catalogue, since: str) -> list[Revision]:
    """Current standards whose current version starts (or was changed) on or after `since`, newest first, with
    the size of the change from the version before; a standard's first version is not a revision."""
    out = []
    for standard in catalogue.standards.values():
        date = revision_date(standard)
        if not date or date < since:
            continue
        before = previous_version(catalogue, standard)
        if before is None:
            continue
        out.append(
            Revision(
                standard.reference, standard.title, before.version, standard.version, date, diff(before, standard).size, standard.status
            )
        )
    out.sort(key=lambda r: (r.date, r.size), reverse=True)
    return out
