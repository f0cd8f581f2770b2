from bot.answers import AnswerService, detect_fact


def test_detect_fact():
    assert detect_fact("what entry requirements apply") == "entry_requirements"
    assert detect_fact("how long does it take?") == "duration"
    assert detect_fact("how much funding is there") == "funding"
    assert detect_fact("tell me a joke") is None
    assert detect_fact("what do I need before I can start") == "entry_requirements"
    assert detect_fact("what do I need to know about water for injection") is None


def test_ksb_question(bundled_retriever):
    answer = AnswerService(bundled_retriever).ask("what does K42 cover", reference="ST1406")
    assert answer.kind == "ksb"
    assert "Types of water and its use: cooling water, purified water, water for injection" in answer.text
    assert answer.sources[0].label == "ST1406 v1.0 Science manufacturing technician 2023, K42"
    assert answer.data["options"] == ["Biotechnology manufacturing technician"]


def test_entry_requirements(bundled_retriever):
    answer = AnswerService(bundled_retriever).ask("what entry requirements apply", reference="ST1406")
    assert answer.kind == "entry_requirements"
    assert "GCSE science grade C or 4" in answer.text and "health screening" in answer.text


def test_retired_standard_is_flagged(bundled_retriever):
    answer = AnswerService(bundled_retriever).ask("what is the status of ST0220")
    assert "has been retired" in answer.text
    assert answer.data["retired"] is True


def test_code_without_standard_asks_which(bundled_retriever):
    answer = AnswerService(bundled_retriever).ask("k42")
    assert answer.kind == "need_standard" and answer.suggestions


def test_bad_input_gets_a_clear_reply(bundled_retriever):
    service = AnswerService(bundled_retriever)
    assert service.ask("").kind == "unknown"
    assert service.ask("K999", reference="ST1406").text.startswith("ST1406 has no K999")
    long_answer = service.ask("what do I need to know about water for injection? " * 200, reference="ST1406")  # ~10,000 chars
    assert long_answer.kind == "search" and long_answer.sources[0].code == "K42"
    assert service.ask("<script>alert(1)</script>", reference="ST1406").kind == "not_found"
    assert service.ask("😀😀😀", reference="ST1406").kind == "not_found"


def test_standards_by_interest_fall_back_to_content(bundled_retriever):
    answer = AnswerService(bundled_retriever).standards_answer("biology")
    assert answer.kind == "standards" and answer.data["candidates"][0] == "ST1406"


def test_retired_seed_on_full_catalogue_names_latest_version(full_retriever):
    retired = full_retriever.catalogue.standard("ST0220", version="1.0")
    assert retired.is_retired and retired.latest_version == "1.1"
    answer = AnswerService(full_retriever).ask("what is the status", reference="ST0220")
    assert "1.1" in answer.text
