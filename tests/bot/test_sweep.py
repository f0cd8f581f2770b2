"""The exhaustive generated check runs in CI: every current standard, three namings, five phrasings per kind."""

from bot.conversation import Assistant, Message, State
from bot.sweep import Check, sweep, verdict


def test_every_standard_by_reference_title_and_job_title(full_retriever):
    report = sweep(Assistant(full_retriever))
    assert report.standards >= 700
    assert report.total >= 25_000
    assert not report.failures, report.failures[:20]


def test_a_wrong_answer_fails_the_check(bundled_retriever):
    assistant = Assistant(bundled_retriever)
    result = assistant.respond(Message("what does K42 cover in ST1406"), State())
    right = Check("ST1406", "reference", "ksb", "what does K42 cover in ST1406", ("K42 (", "Types of water"))
    wrong_text = Check("ST1406", "reference", "ksb", "what does K42 cover in ST1406", ("K42 (", "Cleanroom behaviour"))
    wrong_standard = Check("ST0220", "reference", "ksb", "what does K42 cover in ST1406", ("K42 (",))
    assert verdict(right, result) and not verdict(wrong_text, result) and not verdict(wrong_standard, result)
