from bot.french import FrenchMatcher, french_terms


def test_french_terms_fold_and_stem():
    assert french_terms("Technicienne de production en biologie") == french_terms("technicien production biologie")


def test_bundled_corpus_links_st1406_to_the_seed_fiche(bundled_retriever):
    answer = FrenchMatcher(bundled_retriever).answer("ST1406", option="biotechnology", course_type="BTS")
    assert answer.data["jobs"][0] == "MET.8063"
    assert answer.data["courses"][0] == "FOR.9970"
    assert "BTS biotechnologie en recherche et en production (FOR.9970)" in answer.text.split("\n")[1]


def test_full_catalogue_biotechnology_option_puts_for_9970_first(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    courses = matcher.courses(full_retriever.standard("ST1406"), "Biotechnology manufacturing technician", course_type="BTS")
    assert courses[0].course.for_id == "FOR.9970"
    assert all(c.course.course_type in ("BTS", "BTSA") for c in courses)  # asking for a BTS includes the BTSA


def test_full_catalogue_aseptic_option_changes_the_answer(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    biotech = matcher.answer("ST1406", option="biotechnology", course_type="BTS").data["courses"]
    aseptic = matcher.answer("ST1406", option="aseptic", course_type="BTS").data["courses"]
    assert biotech != aseptic


def test_full_catalogue_other_domains(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    software = matcher.courses(full_retriever.standard("ST0116"), course_type="BUT")
    assert any(m.course.title.startswith("BUT informatique") for m in software[:3])
    assert all(m.course.course_type == "BUT" for m in software)
    chef_jobs = [m.job.met_id for m in matcher.jobs(full_retriever.standard("ST0228"))]
    assert "MET.420" in chef_jobs  # cuisinier/ère


def test_the_level_gap_is_stated():
    from bot.french import level_gap

    assert (
        level_gap(3, "bac + 2") == "Level: the standard is RQF level 3 (EQF 4); the first course ends at bac + 2 (EQF 5), 1 level higher."
    )
    assert level_gap(4, "bac + 2").endswith("the same level.")
    assert level_gap(None, "bac + 2") == "" and level_gap(3, "unknown") == ""
