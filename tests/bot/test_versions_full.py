"""Versions on the full catalogue: every archived version parsed, diffs checked against hand-read fixtures,
and the conversation answering from a learner's own version and about what changed."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from bot.conversation import Assistant
from bot.versions import diff
from tests.bot.test_cli import _run
from tests.bot.test_conversation import Chat

FIXTURES = yaml.safe_load((Path(__file__).parent / "fixtures" / "version_diffs.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalogue(full_knowledge):
    return full_knowledge.catalogue


def test_every_archived_version_is_in_the_catalogue_without_personal_data(catalogue):
    assert sum(len(v) for v in catalogue.versions.values()) >= 2170
    assert len(catalogue.archived_only) > 100  # retired or withdrawn standards without a current version
    assert not set(catalogue.archived_only) & set(catalogue.standards)
    assert [v.version for v in catalogue.versions["ST0216"]] == ["1.0", "1.1", "1.2", "1.3"]
    assert "@" not in repr(catalogue.versions["ST1406"])  # tbMainContact is never read


@pytest.mark.parametrize("case", FIXTURES, ids=lambda c: f"{c['reference']}-{c['from']}-{c['to']}")
def test_diff_matches_the_hand_checked_fixture(catalogue, case):
    change = diff(catalogue.standard(case["reference"], case["from"]), catalogue.standard(case["reference"], case["to"]))
    counts = Counter(c.kind for c in change.ksbs)
    duties = Counter(c.kind for c in change.duties)
    assert [[f.name, f.old[:80], f.new[:80]] for f in change.facts] == case["facts"]
    assert {k: v for k, v in counts.items()} == case["ksbs"]
    assert {k: v for k, v in duties.items()} == case["duties"]
    assert change.unchanged_ksbs == case["unchanged_ksbs"]
    assert list(change.options_added) == case["options_added"] and list(change.options_removed) == case["options_removed"]
    examples = [c for c in change.ksbs if c.kind != "renumbered"][:2]
    assert [{"change": c.kind, "old": c.old and c.old[0], "new": c.new and c.new[0]} for c in examples] == case["examples"]
    assert change.size == case["size"]


def test_every_pair_of_consecutive_versions_diffs(catalogue):
    sizes = [diff(a, b).size for versions in catalogue.versions.values() for a, b in pairwise(versions)]
    assert len(sizes) > 1200 and all(size >= 0 for size in sizes)


@pytest.fixture(scope="module")
def assistant(full_retriever):
    return Assistant(full_retriever)


def test_what_changed_between_two_versions_is_answered_with_citations(assistant):
    reply = Chat(assistant).say("what changed in ST0216 between 1.2 and 1.3?")
    assert "from version 1.2 to version 1.3" in reply and "Maximum funding: £3,000 → £5,000" in reply
    assert "ST0216 v1.2 Healthcare support worker; ST0216 v1.3" in reply


def test_a_learner_on_an_older_version_gets_answers_from_it_and_what_changed_since(assistant):
    chat = Chat(assistant)
    chat.say("healthcare support worker apprenticeship")
    assert "version 1.2 (for starts from 1 August 2025 to 18 February 2026)" in chat.say("I started on v1.2")
    assert "Source: ST0216 v1.2 Healthcare support worker" in chat.say("what's S3?")
    assert "The latest version is 1.3" in chat.say("is there a new version of my standard?")
    assert "from version 1.2 to version 1.3" in chat.say("what has changed since then?")
    assert "Source: ST0216 v1.3" in chat.say("what is K1 in the current version 1.3")


def test_a_start_date_picks_the_version_and_numbers_follow_it(assistant):
    chat = Chat(assistant)
    assert "version 1.1" in chat.say("i began in september 2023 on the healthcare support worker apprenticeship")
    k1 = chat.say("what does K1 say")
    assert "ST0216 v1.1" in k1 and "codes of conduct that apply to own role" in k1
    assert "No version of ST0216" in Chat(assistant).say("I started in March 2010 on ST0216")


def test_another_standard_drops_the_learners_version(assistant):
    chat = Chat(assistant)
    chat.say("ST0216 version 1.1")
    chat.say("what is K1 of the laboratory technician apprenticeship")
    assert chat.state.standard == "ST0248" and chat.state.version is None


def test_an_unknown_version_and_a_standard_known_only_from_the_archive(assistant):
    assert "ST0216 has no version 9.9. Versions I know: 1.0, 1.1, 1.2, 1.3." in Chat(assistant).say(
        "what changed in ST0216 between 1.2 and 9.9"
    )
    assert "has been withdrawn: it is not open to new starts" in Chat(assistant).say("tell me about ST0000")


def test_cli_changes_json_and_revisions_since(full_knowledge):
    import json

    result = _run("changes", "ST0216", "--from", "1.2", "--to", "1.3", "--full", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)["data"]
    assert data["from_version"] == "1.2" and data["facts"] == [{"name": "maximum funding", "old": "£3,000", "new": "£5,000"}]
    listed = _run("changes", "--since", "2026-08-01", "--full", "--json")
    revisions = json.loads(listed.stdout)["data"]["revisions"]
    assert revisions and all(r["date"] >= "2026-08-01" for r in revisions)
    assert _run("changes", "--since", "yesterday", "--full").returncode == 2


def test_a_quiz_is_on_the_learners_version_and_stays_on_it(full_retriever, tmp_path):
    from bot.conversation import Message, State
    from bot.learners import LearnerStore
    from bot.quiz import QuizMaster
    from bot.quiz_conversation import QuizConversation

    store = LearnerStore(f"sqlite:///{tmp_path / 'learners.sqlite'}")
    quizzes = QuizConversation(Assistant(full_retriever), QuizMaster(full_retriever, store))
    declared = quizzes.assistant.respond(Message("I started on version 1.0 of ST0216"), State(), "v-learner")
    assert declared.state.version == "1.0"
    started = quizzes.start(Message("quiz me on knowledge"), declared.state, "v-learner")
    assert started.replies[0].text.startswith("Quiz: 5 questions on ST0216")
    state = store.quiz("v-learner")
    old = full_retriever.standard("ST0216", "1.0")
    assert state["version"] == "1.0" and all(old.ksb(code) is not None for code in state["codes"])
    first, current = state["question"], full_retriever.standard("ST0216")
    assert first["reference_text"] == old.ksb(first["code"]).text != current.ksb(first["code"]).text  # v1.0's own text


def test_an_adviser_asks_which_standards_were_revised_since_a_date(assistant):
    reply = Chat(assistant).say("which standards have been revised since june 2026?")
    assert reply.startswith("17 standards revised since 1 June 2026 (newest first):")
    assert "ST0002 Assistant accountant: v1.2 → v2.0 from 12 August 2026, 12 changes in content" in reply
    later = Chat(assistant).say("any apprenticeships revised since 2026-10-01?")
    assert later.startswith("No standard I know was revised on or after 1 October 2026. The latest revision I know is")
