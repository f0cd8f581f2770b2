"""Command line: build the knowledge artefacts and ask the core questions without Rasa.

    python -m bot build [--full]
    python -m bot ask "what does K42 cover" --standard ST1406 [--option aseptic] [--json]
    python -m bot ksb ST1406 K42 | facts ST1406 [--fact level] | duty ST1406 10 | find "lab technician"
    python -m bot french ST1406 --option biotechnology --type BTS
    python -m bot changes ST0216 --from 1.2 --to 1.3 | changes --since 2026-01-01 (standards revised since)
    python -m bot refresh [--build]   (fetch the live catalogue into var/catalogue; see bot/refresh.py)
    python -m bot migrate [--url URL] (create the learner store's tables once, before replicas start)

Every command takes --full (add the real catalogues from --data-dir, default ../shared/data) and --json
(the answer with its sources, machine-readable). Unknown standards or codes exit with status 1 and
did-you-mean suggestions; bad usage exits with 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from bot.answers import FACTS, Answer, AnswerService
from bot.conversation import Assistant, Message, State
from bot.corpus import DEFAULT_DATA_DIR, LIVE_DATA_DIR, CorpusSpec, default_data_dir
from bot.index import build, open_knowledge
from bot.retrieval import Retriever, UnknownItem
from bot.router import Levels
from bot.version_answers import changes_answer
from bot.versions import revised_since


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "migrate":  # the only command without a corpus
        from bot.learners import migrate

        print("learner tables ready: " + ", ".join(migrate(args.url)))
        return 0
    spec = CorpusSpec(full=args.full, data_dir=Path(args.data_dir))
    if args.command == "refresh":
        return _refresh(args)
    if args.command == "build":
        report = build(spec, progress=not args.quiet)
        for error in report.errors:
            print(f"skipped: {error}", file=sys.stderr)
        summary = {
            "corpus": spec.name,
            "build_dir": str(report.build_dir),
            "seconds": round(report.seconds, 2),
            "passages": report.passages,
            "embedded": report.embedded,
            "reparsed_files": report.reparsed,
            "errors": report.errors,
        }
        print(
            json.dumps(summary, indent=2)
            if args.json
            else f"built the {spec.name} corpus: {report.passages} passages ({report.embedded} embedded, {report.reparsed} files parsed) in {report.seconds:.1f}s -> {report.build_dir}"
        )
        return 0
    knowledge = open_knowledge(spec)
    retriever = Retriever(knowledge)
    service = AnswerService(retriever)
    try:
        answer = _run(args, retriever, service)
    except UnknownItem as exc:
        answer = Answer(kind="unknown", text=exc.message, suggestions=exc.suggestions)
    _print(answer, args.json)
    return 1 if answer.kind in ("unknown", "need_standard") else 0


def _run(args: argparse.Namespace, retriever: Retriever, service: AnswerService) -> Answer:
    if args.command == "ask":
        return ask(Assistant(retriever, service), args.question, args.standard, args.option)
    if args.command == "ksb":
        return service.ksb_answer(retriever.ksb(args.standard, args.code, args.option))
    if args.command == "facts":
        standard = retriever.standard(args.standard)
        return service.fact_answer(standard, args.fact)
    if args.command == "duty":
        return service.duty_answer(args.standard, args.number)
    if args.command == "find":
        return service.standards_answer(args.query, Levels(args.level, args.level) if args.level else None, limit=args.limit)
    if args.command == "changes":
        return _changes(args, retriever)
    if args.command == "french":
        from bot.french import FrenchMatcher

        matcher = FrenchMatcher(retriever)
        return matcher.answer(args.standard, option=args.option, course_type=args.type, limit=args.limit)
    raise AssertionError(args.command)


def _refresh(args: argparse.Namespace) -> int:
    from bot.refresh import RefreshError, refresh

    target = Path(args.target)
    try:
        report = refresh(target, seed=Path(args.seed))
    except RefreshError as exc:
        print(f"refresh failed, the live data is unchanged: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report.to_json(), indent=2) if args.json else report.summary())
    if args.build and (report.changed or not CorpusSpec(full=True, data_dir=target).build_dir.exists()):
        built = build(CorpusSpec(full=True, data_dir=target), progress=False)
        print(f"rebuilt the index: {built.passages} passages, {built.embedded} embedded, {built.reparsed} files parsed", file=sys.stderr)
    return 0


def _changes(args: argparse.Namespace, retriever: Retriever) -> Answer:
    catalogue = retriever.catalogue
    if args.since:
        revisions = revised_since(catalogue, args.since)
        lines = [f"{r.reference} {r.title}: v{r.from_version} -> v{r.to_version} ({r.date}), {r.size} changes" for r in revisions]
        text = "\n".join(lines) or f"No standard was revised on or after {args.since}."
        return Answer(kind="revisions", text=text, data={"since": args.since, "revisions": [r.to_json() for r in revisions]})
    if not args.standard:
        raise UnknownItem("Name a standard (python -m bot changes ST0216 --from 1.2 --to 1.3) or a date (--since 2026-01-01).")
    standard = retriever.standard(args.standard, args.to)
    named = tuple(v for v in (args.from_version, args.to) if v)
    return changes_answer(catalogue, standard, named, since=bool(args.from_version) and not args.to)


def ask(assistant: Assistant, question: str, standard: str | None = None, option: str | None = None) -> Answer:
    """A question as the conversation answers it, with `standard` and `option` as the context already chosen."""
    result = assistant.respond(Message(question), State(standard=standard and standard.upper(), option=option))
    text = "\n".join(reply.text for reply in result.replies)
    suggestions = [button.title for reply in result.replies for button in reply.buttons if button.payload.startswith("/")]
    problems = [reply.kind for reply in result.replies if reply.kind in ("unknown", "not_found")]
    kind = problems[0] if problems else "need_standard" if result.kinds == ("which",) else (result.kinds or ("unknown",))[0]
    sources = [source for reply in result.replies for source in reply.sources]
    return Answer(
        kind=kind, text=text, sources=sources, suggestions=suggestions, data={"standard": result.standard, "kinds": list(result.kinds)}
    )


def _print(answer: Answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_json(), indent=2, ensure_ascii=False))
        return
    print(answer.text)
    if answer.suggestions:
        print("Did you mean: " + "; ".join(answer.suggestions))


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--full", action="store_true", help="add the real catalogues from --data-dir to the bundled corpus")
    common.add_argument("--data-dir", default=str(default_data_dir()), help="folder holding ifate-standards/, onisep-*/ and esco/")
    common.add_argument("--json", action="store_true", help="machine-readable output with sources")
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", parents=[common], help="build or refresh the catalogue and search index")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    a = sub.add_parser("ask", parents=[common], help="ask a question")
    a.add_argument("question")
    a.add_argument("--standard", help="reference such as ST1406")
    a.add_argument("--option", help="option of the standard, e.g. 'aseptic'")
    k = sub.add_parser("ksb", parents=[common], help="what a KSB code covers")
    k.add_argument("standard")
    k.add_argument("code")
    k.add_argument("--option")
    f = sub.add_parser("facts", parents=[common], help="facts of a standard")
    f.add_argument("standard")
    f.add_argument("--fact", choices=("summary", *FACTS), default="summary")
    d = sub.add_parser("duty", parents=[common], help="the KSBs a duty needs")
    d.add_argument("standard")
    d.add_argument("number", type=int)
    s = sub.add_parser("find", parents=[common], help="find standards from a title or job title")
    s.add_argument("query")
    s.add_argument("--level", type=int)
    s.add_argument("--limit", type=int, default=5)
    c = sub.add_parser(
        "changes", parents=[common], help="what changed between two versions of a standard, or what was revised since a date"
    )
    c.add_argument("standard", nargs="?")
    c.add_argument("--from", dest="from_version", help="older version, e.g. 1.2 (default: the one before --to)")
    c.add_argument("--to", help="newer version (default: the current one)")
    c.add_argument("--since", type=_iso_date, help="list the standards revised on or after this date (YYYY-MM-DD)")
    r = sub.add_parser("refresh", parents=[common], help="fetch the standards and ONISEP files from their live sources")
    r.add_argument("--target", default=str(LIVE_DATA_DIR), help="the live data folder (a symbolic link; made on first use)")
    r.add_argument("--seed", default=str(DEFAULT_DATA_DIR), help="where sources that are not fetched come from the first time")
    r.add_argument("--build", action="store_true", help="rebuild the index afterwards (only what changed)")
    m = sub.add_parser("migrate", help="create the learner store's tables (run once before replicas start)")
    m.add_argument("--url", help="SQLAlchemy URL (default APPRENTICE_LEARNER_DB, else var/learners.sqlite)")
    fr = sub.add_parser("french", parents=[common], help="French jobs and courses matching a standard")
    fr.add_argument("standard")
    fr.add_argument("--option")
    fr.add_argument("--type", help="course type first, e.g. BTS, BUT, 'licence pro'")
    fr.add_argument("--limit", type=int, default=5)
    return parser


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31") from None


if __name__ == "__main__":
    sys.exit(main())
