from dataclasses import replace

from bot.answers import AnswerService, comparative_sentence, progression
from bot.cli import ask
from bot.conversation import Assistant, Message, State


def test_ksb_answer(bundled_retriever):
    service = AnswerService(bundled_retriever)
    answer = service.ksb_answer(bundled_retriever.ksb("ST1406", "K42"))
    assert answer.kind == "ksb"
    assert "Types of water and its use: cooling water, purified water, water for injection" in answer.text
    assert answer.sources[0].label == "ST1406 v1.0 Science manufacturing technician 2023, K42"
    assert answer.data["options"] == ["Biotechnology manufacturing technician"]


def test_entry_requirements(bundled_retriever):
    answer = ask(Assistant(bundled_retriever), "what entry requirements apply", "ST1406")
    assert answer.kind == "entry_requirements"
    assert "GCSE science grade C or 4" in answer.text and "health screening" in answer.text


def test_retired_standard_is_flagged(bundled_retriever):
    answer = ask(Assistant(bundled_retriever), "what is the status of ST0220")
    assert "has been retired" in answer.text


def test_code_without_standard_asks_which(bundled_retriever):
    answer = ask(Assistant(bundled_retriever), "k42")
    assert answer.kind == "need_standard" and answer.suggestions


def test_bad_input_gets_a_clear_reply(bundled_retriever):
    assistant = Assistant(bundled_retriever)
    assert ask(assistant, "").text.startswith("I didn't catch a question")
    assert ask(assistant, "K999", "ST1406").text.startswith("ST1406 has no K999")
    long_answer = ask(assistant, "what do I need to know about water for injection? " * 200, "ST1406")  # ~10,000 chars
    assert long_answer.kind == "free" and long_answer.text.startswith("K42")
    assert ask(assistant, "<script>alert(1)</script>", "ST1406").kind == "not_found"
    assert ask(assistant, "😀😀😀", "ST1406").text.startswith("What would you like to know about ST1406")


def test_pay_says_funding_is_not_a_wage(bundled_retriever):
    answer = AnswerService(bundled_retriever).pay_answer(bundled_retriever.standard("ST1406"))
    assert "does not set a wage" in answer.text and "National Minimum Wage" in answer.text
    assert "https://www.gov.uk/national-minimum-wage-rates" in answer.text and "£22,000" in answer.text
    assert answer.text.startswith("ST1406")


def test_standards_by_interest_fall_back_to_content(bundled_retriever):
    answer = AnswerService(bundled_retriever).standards_answer("biology")
    assert answer.kind == "standards" and answer.data["candidates"][0] == "ST1406"


def test_progression_is_higher_level_same_route_and_related(full_retriever):
    lab = full_retriever.standard("ST0248")  # laboratory technician, level 3
    found = progression(full_retriever, lab)
    assert found, "a laboratory technician has higher-level science standards to go on to"
    assert all(s.level > lab.level and s.route == lab.route for s in found)
    assert {"ST0597", "ST0626"} & {s.reference for s in found[:3]}  # technician scientist, scientist
    answer = AnswerService(full_retriever).progression_answer(lab)
    assert answer.text.startswith("After ST0248 v1.3 Laboratory technician (level 3)")


def test_retired_seed_on_full_catalogue_names_latest_version(full_retriever):
    retired = full_retriever.catalogue.standard("ST0220", version="1.0")
    assert retired.is_retired and retired.latest_version == "1.1"
    answer = ask(Assistant(full_retriever), "what is the status", "ST0220")
    assert "1.1" in answer.text


def test_how_many_ksbs_and_duties_are_counted_from_the_record(bundled_retriever):
    from bot.answers import contents_sentence

    standard = bundled_retriever.standard("ST1406")
    counts = {letter: len(standard.ksbs_of_kind(letter)) for letter in "KSB"}
    sentence = contents_sentence(standard)
    assert sentence == (
        f"ST1406 {standard.title} has {counts['K']} knowledge items (K1–K{counts['K']}), {counts['S']} skills "
        f"(S1–S{counts['S']}), {counts['B']} behaviours (B1–B{counts['B']}) and {len(standard.duties)} duties."
    )
    assert counts["K"] > 1 and counts["S"] > 1 and counts["B"] > 1
    without_duties = replace(standard, duties=())
    assert contents_sentence(without_duties).endswith(f"Version {standard.version} publishes no duties.")


def test_a_comparative_question_names_the_standard_it_asks_for(bundled_retriever):
    seed = bundled_retriever.standard("ST1406")
    junior = replace(seed, reference="ST9001", title="Junior one", level=2, typical_duration_months=12, max_funding=9000)
    senior = replace(seed, reference="ST9002", title="Senior one", level=4, typical_duration_months=12, max_funding=15000)
    assert (
        comparative_sentence([junior, senior], "which is more senior")
        == "ST9002 Senior one is the more senior: level 4, against level 2 for ST9001."
    )
    assert comparative_sentence([junior, senior], "which gets less funding").startswith("ST9001 Junior one is the less funded: £9,000")
    assert (
        comparative_sentence([junior, senior], "which one takes longer") == "They are the same on that: ST9001 12 months, ST9002 12 months."
    )
    assert comparative_sentence([junior, senior], "which has more options") == ""  # not a fact compared by value


def test_the_whole_list_of_one_kind_of_ksb_and_what_is_learnt(bundled_retriever):
    service, standard = AnswerService(bundled_retriever), bundled_retriever.standard("ST1406")
    behaviours = service.ksb_list_answer(standard, "B")
    count = len(standard.ksbs_of_kind("B"))
    assert behaviours.text.startswith(f"ST1406 {standard.title} has {count} behaviours:")
    assert f"\nB{count}: " in behaviours.text and "\nK1: " not in behaviours.text
    learning = service.learning_answer(standard)
    assert learning.text.startswith(f"ST1406 {standard.title} has {len(standard.ksbs_of_kind('K'))} knowledge items")
    assert "Duty 1: " in learning.text


def test_a_fact_of_a_standard_not_open_to_apprentices_says_so(full_retriever):
    service = AnswerService(full_retriever)
    proposal = full_retriever.standard("ST0891")  # Nutritionist: a proposal in development, no duration published
    assert not proposal.is_delivering
    duration = service.fact_answer(proposal, "duration").text
    assert duration.startswith("No typical duration is published for ST0891 Nutritionist.")
    assert "is a proposal in development: not yet open to apprentices." in duration
    assert "Note:" not in service.fact_answer(full_retriever.standard("ST0599"), "duration").text


def test_the_full_catalogue_names_the_regulator_of_a_regulated_standard(full_retriever):
    result = Assistant(full_retriever).respond(Message("chartered legal executive - who regulates it?"), State(), sender="t")
    assert result.standard == "ST0244"
    assert "is a regulated occupation: its regulator is CILEx Regulation." in result.replies[0].text


def test_a_question_made_of_one_facts_words_is_answered_by_that_fact():
    from bot.answers import fact_naming
    from bot.models import ProfessionalRecognition, Standard

    electrician = Standard(
        reference="ST9005",
        title="Test electrician",
        professional_recognition=(ProfessionalRecognition("The Electrotechnical Joint Industry Board", "ECS Gold Card"),),
        options=("Domestic", "Industrial"),
        typical_job_titles=("Electrician", "Maintenance electrician"),
    )
    assert fact_naming("what about a gold card", electrician) == "recognition"
    assert fact_naming("the domestic one?", electrician) == "options"
    assert fact_naming("does it cover safety", electrician) is None
    assert fact_naming("electrician", electrician) is None  # the standard's own name asks nothing


def test_a_free_question_its_texts_miss_but_a_fact_holds_gets_the_fact(full_retriever):
    service = AnswerService(full_retriever)
    answer = service.content_answer("do i get a gold card", full_retriever.standard("ST0152"), None, ("ksb", "duty"))
    assert answer.kind == "fact" and "ECS Gold Card" in answer.text


def test_a_passage_holding_the_questions_rare_words_is_close_and_a_stray_first_gives_way(full_retriever):
    service, standards = AnswerService(full_retriever), full_retriever.catalogue.standards
    # MiniLM reads little in 'hedge laying and coppicing'; S12 says both words ('coppicing, hedge laying').
    words = service.content_answer("is hedge laying and coppicing part of it", standards["ST0767"], None, ("ksb", "duty"))
    assert words.kind == "search" and words.text.startswith("S12: ")
    # Ranked first on 'optimisation' words, K19 is not close in meaning; K5 (deterioration and obsolescence) is.
    answer = service.content_answer(
        "where's the stuff about kit wearing out over time and parts going obsolete", standards["ST0740"], None, ("ksb", "duty")
    )
    assert answer.text.startswith("K5: ")
    nothing = service.content_answer("does it cover flying a plane", standards["ST0767"], None, ("ksb", "duty"))
    assert nothing.kind in ("not_found", "fact")


def test_an_interest_search_puts_the_standard_titled_for_it_first_and_leaves_out_what_is_not_wanted(full_retriever):
    from bot.answers import without_unwanted

    service = AnswerService(full_retriever)
    assert service.standards_answer("plumbing").data["candidates"][0] == "ST0303"  # before the Royal Engineer's option
    assert without_unwanted("i like working with kids but not as a teacher") == ("i like working with kids", frozenset({"teacher"}))
    listed = service.standards_answer("working with kids", unwanted=frozenset({"teacher"})).data["candidates"]
    standards = full_retriever.catalogue.standards
    assert listed and not any("teacher" in standards[r].title.lower() for r in listed)


def test_what_an_option_guessed_from_a_job_title_lacks_is_found_in_another_option_and_said(full_retriever):
    from bot.answers import AnswerService

    service = AnswerService(full_retriever)
    standard = full_retriever.standard("ST1292")
    # K32 (acoustic loggers, ground microphones) belongs to the Water distribution network technician option only.
    asked = "acoustic loggers and ground microphones"
    answer = service.content_answer(asked, standard, "Wastewater network technician", ("ksb", "duty"), may_ask_entry=False)
    assert answer.text.startswith("Not in the Wastewater network technician option; in the Water distribution network technician option:")
    assert "K32" in answer.text
    within = service.content_answer(asked, standard, "Water distribution network technician", ("ksb", "duty"), may_ask_entry=False)
    assert within.text.startswith("K32:")


def test_the_end_point_assessment_period_is_compared_as_itself_and_a_missing_one_is_said(bundled_retriever):
    seed = bundled_retriever.standard("ST1406")
    quick = replace(seed, reference="ST9001", title="Quick one", typical_duration_months=12, epa_period_months=6)
    slow = replace(seed, reference="ST9002", title="Slow one", typical_duration_months=13, epa_period_months=3)
    assert comparative_sentence([quick, slow], "which has the shorter EPA") == (
        "ST9002 Slow one is the shorter in its end-point assessment: 3 months, against 6 months for ST9001."
    )
    unstated = replace(slow, epa_period_months=None)
    assert comparative_sentence([quick, unstated], "which has the longer end-point assessment") == (
        "The end-point assessment period is not given for every standard: ST9001 6 months; ST9002 not stated."
    )
    assert comparative_sentence([quick, slow], "which is shorter").startswith("ST9001 Quick one is the shorter: 12 months")


def test_english_and_maths_asked_gives_what_employers_ask_to_start_then_the_funding_rule(full_retriever):
    service = AnswerService(full_retriever)
    standards = full_retriever.catalogue.standards
    vet_nurse = service.fact_answer(standards["ST0343"], "english_maths").text
    # The entry requirements' own sentence on English and maths; no 'no statement' line beside it.
    assert vet_nurse.startswith("Entry requirements of ST0343 Veterinary nurse on English and maths: Statutory requirement - 5 GCSEs")
    assert "No English and maths statement" not in vet_nurse
    quiet = next(
        s
        for s in standards.values()
        if s.english_and_maths
        and s.entry_requirements
        and "english" not in s.entry_requirements.lower()
        and "math" not in s.entry_requirements.lower()
    )
    assert service.fact_answer(quiet, "english_maths").text.startswith(quiet.english_and_maths)  # entry says nothing of it
