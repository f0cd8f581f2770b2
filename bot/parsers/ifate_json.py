"""IfATE / Skills England API records (one JSON document per standard version).

KSBs carry GUIDs, not printed codes: K1..Kn, S1..Sn, B1..Bn follow array order (knowledges[41] is K42),
and duties' GUID lists are mapped back to those codes. Personal data (`tbMainContact`, contact names and
addresses) is never read.
"""

from __future__ import annotations

import json
import re
import tarfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.models import Duty, Ksb, ProfessionalRecognition, Standard
from bot.parsers import SourceError
from bot.parsers.ksb_scope import Usage, assign_scopes, usages_from_duties
from bot.text import html_to_text, one_line

_KSB_ARRAYS = (("knowledges", "knowledgeId", "K"), ("skills", "skillId", "S"), ("behaviours", "behaviourId", "B"))
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FILE_VERSION_RE = re.compile(r"_(\d+(?:\.\d+)*)\.json$")
_DUTY_MAPPINGS = (("mappedKnowledge", "K"), ("mappedSkills", "S"), ("mappedBehaviour", "B"))


def parse_file(path: str | Path) -> Standard:
    path = Path(path)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"cannot be read ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    return parse_record(record, source=str(path))


def parse_record(record: Any, source: str = "<record>") -> Standard:
    if not isinstance(record, dict):
        raise SourceError(source, "is not an IfATE standard record (expected a JSON object)")
    reference = _text(record.get("referenceNumber")).upper()
    title = _text(record.get("title"))
    if not reference.startswith("ST") or not title:
        raise SourceError(source, "has no referenceNumber (STxxxx) or title")

    ksbs, guid_to_code = _ksbs(record, source)
    options_by_id = {
        _text(o.get("optionId")): _text(o.get("title"))
        for o in _list(record.get("options"))
        if isinstance(o, dict) and _text(o.get("title"))
    }
    duties = _duties(record, guid_to_code, options_by_id)
    usages = usages_from_duties(duties) + _unstructured_usages(record, guid_to_code)

    return Standard(
        reference=reference,
        title=title,
        version=_text(record.get("version") or record.get("versionNumber")),
        status=_text(record.get("status")),
        level=_int(record.get("level")),
        typical_duration_months=_int(record.get("typicalDuration")),
        epa_period_months=_int(record.get("ePALength")),
        route=_text(record.get("route")),
        max_funding=_int(record.get("maxFunding")),
        lars_code=_lars(record.get("larsCode")),
        options=tuple(options_by_id.values()) or tuple(_strings(record.get("optionsUnstructuredTemplate"))),
        entry_requirements=html_to_text(record.get("entryRequirements"))
        or legacy_entry_requirements(html_to_text(record.get("standardInformation"))),
        english_and_maths=html_to_text(record.get("englishAndMathsQualifications")),
        qualifications=tuple(_qualifications(record)),
        professional_recognition=tuple(_recognitions(record)),
        regulated=record.get("regulated") is True,
        regulated_body=_text(record.get("regulatedBody")),
        # Green job titles are job titles too (for some standards the only ones published).
        typical_job_titles=tuple(
            dict.fromkeys(
                _strings(record.get("typicalJobTitles")) + _strings(record.get("jobRoles")) + _strings(record.get("greenJobTitles"))
            )
        ),
        keywords=tuple(_strings(record.get("keywords"))),
        occupation_summary=html_to_text(record.get("occupationalSummary")),
        overview=one_line(html_to_text(record.get("overviewOfRole"))),
        url=_text(record.get("standardPageUrl")),
        duties=tuple(duties),
        ksbs=assign_scopes(ksbs, usages),
        source=source,
        earliest_start=_date(record.get("earliestStartDate")),
        latest_start=_date(record.get("latestStartDate")),
        last_updated=_date(record.get("lastUpdated") or record.get("changedDate")),
    )


ENTRY_HEADING_RE = re.compile(r"^\s*entry requirements?\s*:?\s*(.*)$", re.I)
LEGACY_ENTRY_MAX_CHARS = 700


def legacy_entry_requirements(information: str) -> str:
    """The 'Entry requirements' section of a standard's older free text (standardInformation), for standards
    published before the structured field existed: 310 current standards leave `entryRequirements` empty yet
    state them there, some as law ('Statutory requirement - 5 GCSEs...' for the veterinary nurse, an EU Class
    3 medical for air traffic controllers). The paragraphs under the heading, up to the next heading."""
    lines = [line.strip() for line in information.splitlines()]
    for index, line in enumerate(lines):
        heading = ENTRY_HEADING_RE.match(line)
        if not heading:
            continue
        kept = [heading.group(1)] if heading.group(1) else []
        for following in lines[index + 1 :]:
            if following and _looks_like_heading(following):
                break
            if following:
                kept.append(following)
        text = " ".join(kept).strip()
        return text if len(text) <= LEGACY_ENTRY_MAX_CHARS else text[:LEGACY_ENTRY_MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return ""


def _looks_like_heading(line: str) -> bool:
    """'Qualification:', 'Requirements: Knowledge, Skills and Behaviours', 'Level': short and not a sentence."""
    return len(line) <= 70 and not line.endswith((".", ";", ")")) and (line.endswith(":") or line[:1].isupper())


def _ksbs(record: dict[str, Any], source: str) -> tuple[list[Ksb], dict[str, str]]:
    ksbs: list[Ksb] = []
    guid_to_code: dict[str, str] = {}
    for key, id_key, letter in _KSB_ARRAYS:
        items = record.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            raise SourceError(source, f"field '{key}' is not a list")
        for position, item in enumerate(items, start=1):
            code = f"{letter}{position}"
            if not isinstance(item, dict):
                continue
            guid_to_code[_text(item.get(id_key))] = code
            text = _without_code_prefix(one_line(html_to_text(item.get("detail"))), letter)
            if text:
                ksbs.append(Ksb(code=code, text=text))
    return ksbs, guid_to_code


def _without_code_prefix(text: str, letter: str) -> str:
    """Some records repeat a code inside the text ("K10 Understand...", even "S25 ..." at S28): the array
    order is the code, so a leading code of the same kind is dropped rather than shown as a second number."""
    stripped = re.sub(rf"^{letter}\s?\d+\s*[:.)\-–]?\s+", "", text)
    return stripped or text


def _duties(record: dict[str, Any], guid_to_code: dict[str, str], options_by_id: dict[str, str]) -> list[Duty]:
    duties = []
    for number, item in enumerate(_list(record.get("duties")), start=1):
        if not isinstance(item, dict):
            continue
        codes = _map_codes(item, guid_to_code)
        options = tuple(options_by_id[o] for o in _ids(item.get("mappedOptions")) if o in options_by_id)
        is_core = bool(item.get("isThisACoreDuty", 1)) or not options
        duties.append(
            Duty(
                number=number,
                text=one_line(html_to_text(item.get("dutyDetail"))),
                is_core=is_core,
                options=() if is_core else options,
                ksb_codes=codes,
            )
        )
    return duties


def _unstructured_usages(record: dict[str, Any], guid_to_code: dict[str, str]) -> list[Usage]:
    usages = []
    for item in _list(record.get("optionsUnstructuredKsbMapping")):
        if not isinstance(item, dict):
            continue
        title = _text(item.get("coreOrOptionTitle"))
        options = () if title.lower() in ("", "core") else (title,)
        usages.append(Usage(options=options, codes=_map_codes(item, guid_to_code)))
    return usages


def _map_codes(item: dict[str, Any], guid_to_code: dict[str, str]) -> tuple[str, ...]:
    codes: list[str] = []
    for key, _letter in _DUTY_MAPPINGS:
        for guid in _ids(item.get(key)):
            code = guid_to_code.get(guid)
            if code and code not in codes:
                codes.append(code)
    order = {"K": 0, "S": 1, "B": 2}
    return tuple(sorted(codes, key=lambda c: (order[c[0]], int(c[1:]))))


def _qualifications(record: dict[str, Any]) -> list[str]:
    out = []
    for item in _list(record.get("qualifications")):
        if isinstance(item, dict):
            title = one_line(html_to_text(item.get("title")))
            extra = one_line(html_to_text(item.get("anyAdditionalInformation")))
            if title:
                out.append(f"{title} ({extra})" if extra and extra not in title else title)
        elif isinstance(item, str) and item.strip():
            out.append(one_line(html_to_text(item)))
    return out


def _recognitions(record: dict[str, Any]) -> list[ProfessionalRecognition]:
    out = []
    for item in _list(record.get("professionalRecognition")):
        if isinstance(item, dict) and _text(item.get("bodyName")):
            detail = one_line(html_to_text(item.get("level")))
            # 'level' is free text ('Associate membership ...') or a bare number: the body's membership level.
            out.append(ProfessionalRecognition(body=_text(item.get("bodyName")), detail=f"level {detail}" if detail.isdigit() else detail))
    return out


def parse_archive(path: str | Path) -> tuple[list[Standard], list[str]]:
    """Every version in a tar archive of API records (`<reference>_<version>.json`), with one error line per bad
    member instead of an exception, so that one broken record never hides the others. A record without a
    version takes it from its file name."""
    path = Path(path)
    standards: list[Standard] = []
    errors: list[str] = []
    try:
        with tarfile.open(path) as archive:
            for member in archive:
                if not member.isfile() or not member.name.endswith(".json"):
                    continue
                parsed = _archived_version(archive, member, f"{path}:{member.name}", errors)
                if parsed is not None:
                    standards.append(parsed)
    except (OSError, tarfile.TarError) as exc:
        raise SourceError(path, f"cannot be read as an archive ({exc})") from exc
    return standards, errors


def _archived_version(archive: tarfile.TarFile, member: tarfile.TarInfo, source: str, errors: list[str]) -> Standard | None:
    try:
        record = json.load(archive.extractfile(member))  # type: ignore[arg-type]
        standard = parse_record(record, source=source)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        errors.append(f"{source}: cannot be read ({exc})")
        return None
    except SourceError as exc:
        errors.append(str(exc))
        return None
    if not standard.version:
        named = _FILE_VERSION_RE.search(member.name)
        standard = replace(standard, version=named.group(1) if named else "")
    return standard


def _date(value: Any) -> str:
    """The ISO date of an API timestamp ('2026-05-27T00:00:00 +00:00' -> '2026-05-27'), or ''."""
    found = _DATE_RE.match(_text(value))
    return found.group(0) if found else ""


def _text(value: Any) -> str:
    return one_line(str(value)) if value is not None else ""


def _int(value: Any) -> int | None:
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _lars(value: Any) -> str:
    number = _int(value)
    return str(number) if number else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _ids(value: Any) -> list[str]:
    """GUID lists: plain identifiers, no markup to clean."""
    return [v.strip() for v in _list(value) if isinstance(v, str)]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    return [one_line(html_to_text(v)) for v in _list(value) if isinstance(v, str) and v.strip()]
