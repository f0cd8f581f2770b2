"""IfATE standard pages saved as text (the bundled seeds).

Two page shapes exist: the current one ("Key information", duties with KSB code lists, "K1: ..." lines)
and the legacy one of retired standards (a free-text occupational profile, level and duration on their own
lines, an empty KSB table). Facts the page does not print (a legacy page has no reference) come from
`hints`, the source's entry in knowledge/sources/sources.json; the page wins where it does say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from bot.models import Duty, Ksb, ProfessionalRecognition, Standard
from bot.parsers import SourceError
from bot.parsers.ksb_scope import assign_scopes, usages_from_duties
from bot.text import one_line

_KEY_LINE = re.compile(r"^\s*\d+\.\s+([^:]+):\s*(.*)$")
_DUTY_LINE = re.compile(r"^Duty (\d+)\s+(.+)$")
_KSB_LINE = re.compile(r"^([KSB]\d+):\s*(.+?)(?:\s*Back to Duty)?\s*$")
_CODE_LIST = re.compile(r"^(?:[KSB]\d+\s*)+$")
_SECTION_ENDS = ("Core occupation duties", "KSBs", "Qualifications", "Version log", "Crown copyright")
_FOOTER_MARKERS = ("Crown copyright", "Is this webpage useful?", "Version log")


def parse_file(path: str | Path, hints: Mapping[str, Any] | None = None) -> Standard:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"cannot be read ({exc})") from exc
    return parse_text(text, source=str(path), hints=hints)


def parse_text(text: str, source: str = "<page>", hints: Mapping[str, Any] | None = None) -> Standard:
    hints = dict(hints or {})
    lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
    if any(line.strip() == "Key information" for line in lines):
        fields = _parse_current(lines)
    elif _looks_like_legacy(lines):
        fields = _parse_legacy(lines)
    else:
        raise SourceError(source, "is not an IfATE standard page (no 'Key information' and no occupational profile)")
    for key, value in hints.items():
        if key in _STANDARD_FIELDS and not fields.get(key):
            fields[key] = tuple(value) if isinstance(value, list) else value
    if not fields.get("reference") or not fields.get("title"):
        raise SourceError(source, "gives no reference (STxxxx) or title, and sources.json has none for it")
    fields["source"] = source
    return Standard(**{k: v for k, v in fields.items() if k in _STANDARD_FIELDS})


_STANDARD_FIELDS = set(Standard.__dataclass_fields__)


# --- current page shape -------------------------------------------------------------------------------


def _parse_current(lines: list[str]) -> dict[str, Any]:
    key_info = _key_information(lines)
    fields: dict[str, Any] = {
        "reference": key_info.get("reference", "").upper(),
        "version": key_info.get("version", ""),
        "status": re.sub(r"\s*\(.*\)\s*$", "", key_info.get("status", "")),
        "level": _first_int(key_info.get("level")),
        "typical_duration_months": _first_int(key_info.get("typical duration to gateway")),
        "epa_period_months": _first_int(key_info.get("typical epa period")),
        "route": key_info.get("route", ""),
        "max_funding": _first_int(key_info.get("maximum funding", "").replace(",", "")),
        "lars_code": key_info.get("lars code", ""),
        "options": tuple(o.strip() for o in key_info.get("options", "").split(",") if o.strip()),
    }
    fields["occupation_summary"] = _paragraphs(_between(lines, "Occupation summary", ("Typical job titles include:",)))
    fields["typical_job_titles"] = tuple(_split_titles(" ".join(_between(lines, "Typical job titles include:", ("Entry requirements",)))))
    fields["entry_requirements"] = _paragraphs(_between(lines, "Entry requirements", _SECTION_ENDS))
    fields["english_and_maths"] = _paragraphs(_between(lines, "English and Maths", ("Professional recognition", *_FOOTER_MARKERS)))
    fields["professional_recognition"] = tuple(
        _recognitions(_between(lines, "Professional recognition", ("Content loading...", *_FOOTER_MARKERS)))
    )
    duties = _duties(lines, fields["options"])
    ksbs = _ksbs(lines)
    fields["duties"] = tuple(duties)
    fields["ksbs"] = assign_scopes(ksbs, usages_from_duties(duties))
    return fields


def _key_information(lines: list[str]) -> dict[str, str]:
    info: dict[str, str] = {}
    for line in _between(lines, "Key information", ("Contents", "Details of the occupational standard")):
        match = _KEY_LINE.match(line)
        if match:
            info[match.group(1).strip().lower()] = match.group(2).strip()
    return info


def _duties(lines: list[str], options: tuple[str, ...]) -> list[Duty]:
    duties: list[Duty] = []
    current_option: str | None = None
    block = _between(lines, "Core occupation duties", ("KSBs",))
    pending: dict[str, Any] | None = None
    for raw in block:
        line = raw.strip()
        if not line or line == "Duty KSBs":
            continue
        if line == "Option duties":
            continue
        if line.endswith(" duties") and not _DUTY_LINE.match(line):
            title = line[: -len(" duties")].strip()
            current_option = next((o for o in options if o.lower() == title.lower()), title)
            continue
        match = _DUTY_LINE.match(line)
        if match:
            if pending:
                duties.append(_make_duty(pending))
            pending = {"number": int(match.group(1)), "text": match.group(2).strip(), "option": current_option, "codes": []}
        elif pending and _CODE_LIST.match(line):
            pending["codes"].extend(line.split())
    if pending:
        duties.append(_make_duty(pending))
    return duties


def _make_duty(pending: dict[str, Any]) -> Duty:
    option = pending["option"]
    return Duty(
        number=pending["number"],
        text=pending["text"],
        is_core=option is None,
        options=(option,) if option else (),
        ksb_codes=tuple(dict.fromkeys(pending["codes"])),
    )


def _ksbs(lines: list[str]) -> list[Ksb]:
    out: list[Ksb] = []
    seen: set[str] = set()
    for line in _between(lines, "KSBs", ("Qualifications", *_FOOTER_MARKERS)):
        match = _KSB_LINE.match(line.strip())
        if match and match.group(1) not in seen:
            seen.add(match.group(1))
            out.append(Ksb(code=match.group(1), text=match.group(2).strip()))
    return out


def _recognitions(block: list[str]) -> Iterator[ProfessionalRecognition]:
    for line in block:
        item = line.strip().lstrip("•").strip()
        if not item or item.startswith("This standard aligns"):
            continue
        body, _, detail = item.partition(" for ")
        if not detail:
            body, _, detail = item.partition(". ")
        yield ProfessionalRecognition(body=body.strip(), detail=detail.strip())


def _split_titles(text: str) -> list[str]:
    """The page prints job titles run together ('Process technician Production technician'); a capital
    letter after a lower-case word starts the next title. 'Green leaf' badges mark green jobs and are dropped."""
    text = one_line(text)
    if not text:
        return []
    parts = re.split(r"(?<=[a-z0-9)])\s+(?=[A-Z])", text)
    return [p.strip() for p in parts if p.strip() and p.strip().lower() != "green leaf"]


# --- legacy (retired) page shape -----------------------------------------------------------------------


def _looks_like_legacy(lines: list[str]) -> bool:
    return any(line.strip() in ("Occupational profile", "Occupation summary") for line in lines)


def _parse_legacy(lines: list[str]) -> dict[str, Any]:
    stripped = [line.strip() for line in lines]
    status = "Retired" if any("has been retired" in line for line in stripped) else ""
    if not status and any("has been withdrawn" in line for line in stripped):
        status = "Withdrawn"
    profile = _between(lines, "Occupational profile", ("Responsibilities and duties of the role",))
    responsibilities = _between(lines, "Responsibilities and duties of the role", ("Skills:", "BEHAVIOURS and VALUES:"))
    level = next((int(s) for s in stripped if re.fullmatch(r"[1-8]", s)), None)
    duration = next((_first_int(s) for s in stripped if re.fullmatch(r"Typically \d+ months", s)), None)
    english = next((s for s in stripped if "English and maths" in s), "")
    summary_lines = (
        [s for s in stripped[: stripped.index("Occupational profile")] if s and "retired" not in s and "latest" not in s]
        if "Occupational profile" in stripped
        else []
    )
    narrative = [
        line for line in responsibilities if line.strip() and not re.fullmatch(r"[1-8]|Typically \d+ months|After \d+ years", line.strip())
    ]
    return {
        "status": status,
        "level": level,
        "typical_duration_months": duration,
        "overview": one_line(" ".join(summary_lines)),
        "occupation_summary": _paragraphs(summary_lines + profile + narrative),
        "english_and_maths": english,
    }


# --- helpers -----------------------------------------------------------------------------------------


def _between(lines: list[str], start: str, ends: tuple[str, ...]) -> list[str]:
    """The lines after the first line equal to `start`, up to the first line starting with one of `ends`."""
    try:
        first = next(i for i, line in enumerate(lines) if line.strip() == start)
    except StopIteration:
        return []
    out = []
    for line in lines[first + 1 :]:
        if any(line.strip().startswith(end) for end in ends):
            break
        out.append(line)
    return out


def _paragraphs(block: list[str]) -> str:
    paragraphs = [one_line(line.replace("•", "").strip()) for line in block]
    text = "\n".join(p for p in paragraphs if p and p != "Content loading...")
    return text.strip()


def _first_int(value: str | None) -> int | None:
    match = re.search(r"\d+", value or "")
    return int(match.group()) if match else None
