from bot.french import NO_EQUIVALENT, RELATIVE_FLOOR, FrenchMatcher, french_terms


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


def test_a_health_standard_never_gets_a_course_from_another_domain(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    for reference in ("ST0685", "ST0517", "ST0248"):
        standard = full_retriever.standard(reference)
        for match in matcher.courses(standard, limit=5):
            assert matcher.route_fit.fits(match.course, standard.route), (reference, match.course.title)


def test_asking_for_a_course_type_no_course_of_that_type_fits_says_so(full_retriever):
    answer = FrenchMatcher(full_retriever).answer("ST1389", course_type="BTS")
    assert answer.text.startswith("No French BTS fits ST1389 Barrister; the closest courses of other kinds are below.")
    assert "FOR.797" in answer.data["courses"]  # the CAPA, which does train barristers (avocats)
    assert not any(full_retriever.catalogue.courses[c].course_type == "BTS" for c in answer.data["courses"])


def test_courses_far_below_the_first_are_left_out(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    courses = matcher.courses(full_retriever.standard("ST1389"), limit=10)
    assert courses and all(c.score >= RELATIVE_FLOOR * courses[0].score for c in courses)


def test_no_close_equivalent_names_the_nearest_job_and_how_france_trains_for_it(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    weakest = min(
        (s for s in full_retriever.catalogue.standards.values() if s.is_delivering),
        key=lambda s: max(matcher.named_jobs(s, None).values(), default=0.0),
    )
    answer = matcher.answer(weakest.reference)
    lines = answer.text.split("\n")
    assert lines[0] == f"I found no close French equivalent of {weakest.reference} {weakest.title}: no ONISEP job is the same occupation."
    assert answer.data["courses"] == [] and answer.data["confidence"] < NO_EQUIVALENT
    assert lines[1].startswith("The nearest French job is ") and answer.data["jobs"][0] in lines[1]
    assert lines[2].startswith("In France it is trained for through: ")


def test_a_question_in_french_is_answered_in_french(full_retriever):
    answer = FrenchMatcher(full_retriever).answer("ST0095", lang="fr")
    assert answer.text.startswith("Formations françaises les plus proches de ST0095 Bricklayer :\n1. TP maçon (FOR.3897)")
    assert "CAP maçon (FOR.7014)" in answer.text and "Métiers français proches : maçon/ne (MET.94)" in answer.text
    assert (
        "Niveau : le standard est au niveau RQF 2 (CEC 3) ; la première formation sort à CAP ou équivalent (CEC 3), au même niveau."
        in answer.text
    )


def test_the_level_gap_in_french():
    from bot.french import level_gap

    assert level_gap(3, "bac + 2", "fr").endswith("sort à bac + 2 (CEC 5), 1 niveau au-dessus.")
    assert level_gap(6, "bac + 2", "fr").endswith("1 niveau en dessous.")


def test_every_current_standard_gets_a_french_answer_that_fits_it(full_retriever):
    """The sanity sweep: every approved standard of the full catalogue gets an answer naming it, listing at
    most five courses, all from domains of its route, none far below the first; or no close equivalent."""
    matcher = FrenchMatcher(full_retriever)
    kinds = {"listed": 0, "weak": 0, "none": 0}
    for standard in full_retriever.catalogue.standards.values():
        if not standard.is_delivering:
            continue
        answer = matcher.answer(standard.reference)
        assert f"{standard.reference} {standard.title}" in answer.text.split("\n")[0]
        courses = [full_retriever.catalogue.courses[c] for c in answer.data["courses"]]
        assert len(courses) <= 5 and all(matcher.route_fit.fits(c, standard.route) for c in courses), standard.reference
        scores = [s.score for s in answer.sources if s.code.startswith("FOR.")]
        assert all(score >= RELATIVE_FLOOR * scores[0] - 1e-3 for score in scores), standard.reference  # scores shown rounded
        kinds["none" if not courses else "weak" if answer.text.startswith("No French job is clearly") else "listed"] += 1
    assert kinds["listed"] > 0.6 * sum(kinds.values())  # most standards have a French counterpart
    assert kinds["none"] > 0  # and the ones that have none are told so
