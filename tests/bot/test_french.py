import numpy as np

from bot.french import JOB_EVIDENCE, NO_EQUIVALENT, RELATIVE_FLOOR, FrenchMatcher, ReverseMatcher, french_terms, label_words, name_terms


def test_french_terms_fold_and_stem():
    assert french_terms("Technicienne de production en biologie") == french_terms("technicien production biologie")


def test_a_trade_and_its_shop_or_craft_name_the_same_job():
    assert name_terms("poissonnerie") == name_terms("poissonnier")
    assert name_terms("menuiserie") == name_terms("menuisière")
    assert name_terms("chantier") != name_terms("chant")  # a short root keeps its ending
    assert french_terms("jardinerie") != french_terms("jardinier")  # searches keep the garden centre apart


def test_a_fishmonger_is_a_poissonnier_by_the_shop_esco_names(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    fishmonger = full_retriever.standard("ST0194")
    assert "MET.600" in matcher.named_jobs(fishmonger, None)  # ESCO says 'poissonnerie', ONISEP 'poissonnier'
    answer = matcher.answer("ST0194")
    assert answer.data["confidence"] >= NO_EQUIVALENT and "FOR.1393" in answer.data["courses"][:3]  # CAP poissonnier écailler


def test_label_words_compare_whole_words_in_the_singular():
    assert label_words("Hospitality supervisors") == ["hospitality", "supervisor"]
    assert label_words("Hospital supervisor") != label_words("Hospitality supervisor")  # one stem, two trades
    assert label_words("glass") == ["glass"]


def test_an_esco_label_names_the_occupation_by_whole_words(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    found = [full_retriever.catalogue.esco[row].label_en for row, _ in matcher.esco_matches("Hospitality supervisor")]
    assert "healthcare institution manager" not in found  # 'hospital supervisor' is another trade


def test_a_french_job_read_in_english_is_closest_in_meaning_to_the_same_occupation(full_retriever):
    """The meaning of each ONISEP job, read through the ESCO labels its name finds, alone (no French terms) is
    closest to the same occupation: the vet nurse's French counterpart is the auxiliaire spécialisé vétérinaire."""
    matcher = FrenchMatcher(full_retriever)
    ids = matcher._jobs[0]
    for reference, met_id in (("ST0343", "MET.323"), ("ST0228", "MET.420")):
        cosines = matcher._job_meanings @ matcher._meaning(full_retriever.standard(reference), None)
        assert ids[int(np.argmax(cosines))] == met_id


def test_each_piece_of_evidence_of_a_french_job_is_between_0_and_1_for_every_job(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    standard = full_retriever.standard("ST0343")
    evidence = matcher.job_evidence(standard, None, matcher.french_query(standard, None), matcher.esco_by_meaning(standard, None))
    assert evidence.shape == (len(matcher._jobs[0]), len(JOB_EVIDENCE))
    assert evidence.min() >= 0.0 and evidence.max() <= 1.0
    vet_nurse = evidence[matcher._jobs[0].index("MET.323")]
    assert vet_nurse[list(JOB_EVIDENCE).index("terms")] == 1.0  # the French terms name it best of all jobs


def test_the_weighed_evidence_ranks_the_same_occupation_first_with_odds_against_it(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    for reference, met_id in (("ST0343", "MET.323"), ("ST0228", "MET.420"), ("ST0194", "MET.600")):
        jobs = matcher.jobs(full_retriever.standard(reference), limit=3)
        assert jobs[0].job.met_id == met_id and jobs[0].score == 1.0
        assert 1.0 > jobs[1].score >= jobs[2].score > 0.0


def test_a_french_job_name_finds_only_esco_labels_that_say_most_of_it(full_retriever):
    matcher = FrenchMatcher(full_retriever)
    drafter = [full_retriever.catalogue.esco[r].label_en for r in matcher.esco_of_job(full_retriever.catalogue.jobs["MET.455"])]
    assert "architectural drafter" in drafter
    assert all("engineer" not in label for label in drafter)


def test_onisep_links_of_the_same_occupation_vouch_for_a_course_outside_the_route_map(full_retriever):
    """Travel consulting is a sales route in England, tourism in ONISEP: the route map does not join them, but
    the conseiller en voyages is surely the same occupation and ONISEP links it to the BTS tourisme."""
    matcher = FrenchMatcher(full_retriever)
    standard = full_retriever.standard("ST0340")
    assert "MET.604" in matcher.same_occupation(standard, None)
    bts_tourisme = full_retriever.catalogue.courses["FOR.3545"]
    assert not matcher.route_fit.fits(bts_tourisme, standard.route)
    assert matcher.answer("ST0340", course_type="BTS").data["courses"][0] == "FOR.3545"


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
    most five courses, each from a domain of its route or linked by ONISEP to a job surely the same occupation,
    none far below the first; or no close equivalent. First courses outside the route map are a short,
    reviewed list."""
    matcher = FrenchMatcher(full_retriever)
    kinds = {"listed": 0, "weak": 0, "none": 0}
    outside: list[str] = []  # first courses outside the route map, vouched for by ONISEP's links (README lists them)
    for standard in full_retriever.catalogue.standards.values():
        if not standard.is_delivering:
            continue
        answer = matcher.answer(standard.reference)
        assert f"{standard.reference} {standard.title}" in answer.text.split("\n")[0]
        courses = [full_retriever.catalogue.courses[c] for c in answer.data["courses"]]
        vouched = matcher.same_occupation(standard, None)
        assert len(courses) <= 5, standard.reference
        assert all(matcher.route_fit.fits(c, standard.route) or vouched & set(c.job_ids) for c in courses), standard.reference
        if courses and not matcher.route_fit.fits(courses[0], standard.route):
            outside.append(standard.reference)
        scores = [s.score for s in answer.sources if s.code.startswith("FOR.")]
        assert all(score >= RELATIVE_FLOOR * scores[0] - 1e-3 for score in scores), standard.reference  # scores shown rounded
        kinds["none" if not courses else "weak" if answer.text.startswith("No close French equivalent") else "listed"] += 1
    assert kinds["listed"] > 0.6 * sum(kinds.values())  # most standards have a French counterpart
    assert kinds["none"] > 0  # and the ones that have none are told so
    # Reviewed in the README: ST0538 Florist -> CAP fleuriste, right (its title in French is the job 'fleuriste',
    # a shop trade to ONISEP); ST0860, wrong: a homonym (its job title "Asset manager").
    assert sorted(outside) == ["ST0538", "ST0860"]


def test_a_french_job_name_is_put_word_for_word_into_english(full_retriever):
    from bot.french import ReverseMatcher

    reverse = ReverseMatcher(FrenchMatcher(full_retriever))
    assert reverse.in_english("technicien/ne de laboratoire") == "technician laboratory"
    assert reverse.in_english("hydrogéomorphologue") == ""  # a word the glossary does not know: no guess
    said, met_ids = reverse.named_job("un plombier")
    assert [s.reference for s in reverse.standards_for(list(met_ids), 1, said)] == ["ST0303"]


def test_a_title_that_is_a_french_jobs_whole_name_vouches_for_its_courses(full_retriever):
    """ESCO has no florist; the glossary puts 'Florist' into French as 'fleuriste', ONISEP's job MET.18, whose
    CAP fleuriste ONISEP files under shops (outside the route map of Agriculture)."""
    matcher = FrenchMatcher(full_retriever)
    florist = full_retriever.standard("ST0538")
    assert "MET.18" in matcher.same_occupation(florist, None)
    assert matcher.answer("ST0538").data["courses"][0] == "FOR.1421"  # CAP fleuriste
    assert "MET.18" not in matcher.same_occupation(full_retriever.standard("ST1335"), None)  # 'senior' is not in French


def test_how_france_trains_for_a_french_job_is_its_onisep_course_links(full_retriever):
    from bot.french import ReverseMatcher

    reverse = ReverseMatcher(FrenchMatcher(full_retriever))
    answer = reverse.training_for("quelle formation pour devenir sommelier ?")
    assert answer.text.startswith("Pour devenir sommelier/ère (MET.4), ONISEP indique ces formations :")
    assert answer.data["courses"][:2] == ["FOR.8649", "FOR.8650"]  # BP sommelier, MC sommellerie: lowest exit level first
    # One name, several French jobs: their courses pooled, the type asked for only.
    bts = reverse.training_for("quel BTS pour devenir technicien de laboratoire ?", "BTS")
    assert bts.data["jobs"][:3] == ["MET.36", "MET.288", "MET.649"] and "FOR.2543" in bts.data["courses"]
    assert all(full_retriever.catalogue.courses[c].course_type.lower().startswith("bts") for c in bts.data["courses"])
    assert reverse.training_for("what about the weather") is None


def test_a_french_course_named_by_title_or_id_and_its_own_facts(full_retriever):
    from bot.french import ReverseMatcher

    reverse = ReverseMatcher(FrenchMatcher(full_retriever))
    course = reverse.named_course("combien de temps dure le BTS analyses de biologie médicale")
    assert course.for_id == "FOR.2543" and reverse.named_course("FOR.291 ?").for_id == "FOR.291"
    facts = reverse.course_facts(course, ("duration", "level"), "fr")
    assert facts.text.startswith("BTS analyses de biologie médicale (FOR.2543) : durée 2 ans ; niveau de sortie Bac + 2 (EQF 5).")
    assert reverse.course_facts(course, ("duration",), "en").text.startswith(
        "BTS analyses de biologie médicale (FOR.2543): duration 2 ans."
    )


def test_words_that_say_a_kind_of_job_weigh_little_beside_the_trades_words(full_retriever):
    """'technicien' is in 93 ONISEP job names, 'agent' in 52: said by every ESCO label lent, they had put a CAP
    aéronautique first for a property maintenance operative and animal experimentation for a sports turf technician."""
    matcher = FrenchMatcher(full_retriever)
    query = matcher.french_query(full_retriever.standard("ST0171"), None)
    assert query["technicien"] < query["entretien"]
    first = {
        ref: [full_retriever.catalogue.courses[c].title for c in matcher.answer(ref).data["courses"][:3]] for ref in ("ST0171", "ST1323")
    }
    assert not any("aéronautique" in t for t in first["ST0171"])
    assert not any("expérimentation animale" in t for t in first["ST1323"])


def test_the_way_back_reads_the_esco_occupations_other_english_names_against_summaries(full_retriever):
    """'solier-moquettiste' (MET.658) is ESCO's 'carpet fitter' (also 'carpet layer'): the Floorlayer, whose
    summary says carpets, not the Engineering fitter a title search on 'fitter' found."""
    reverse = ReverseMatcher(FrenchMatcher(full_retriever))
    assert "ST0504" in [s.reference for s in reverse.standards_for(["MET.658"])]


def test_a_french_course_named_with_its_words_apart_is_found(full_retriever):
    """'a French CAP in maroquinerie' names the CAP maroquinerie, whose jobs lead back to English standards."""
    reverse = ReverseMatcher(FrenchMatcher(full_retriever))
    course = next(c for c in full_retriever.catalogue.courses.values() if c.title.lower() == "cap maroquinerie")
    assert reverse.jobs_in("my student has a French CAP in maroquinerie, what's the english apprenticeship?") == list(course.job_ids)


def test_an_esco_occupation_found_by_one_word_of_the_name_said_must_mean_the_job(full_retriever):
    # 'commis' finds ESCO's 'commis aux achats' (procurement) by one word; the commis de cuisine is a cook.
    reverse = ReverseMatcher(FrenchMatcher(full_retriever))
    found = [s.reference for s in reverse.standards_for(["MET.420"], said="commis de cuisine")]
    assert {"ST0228", "ST0232", "ST0589", "ST0864", "ST0227"} >= set(found) and found
    assert not {"ST0810", "ST0313", "ST0811"} & set(found)


def test_a_french_job_said_with_a_word_left_out_is_named_when_asked_the_way_back(full_retriever):
    reverse = ReverseMatcher(FrenchMatcher(full_retriever))
    text = "je voudrais devenir mécanicien avion en Angleterre, quels apprentissages existent pour ça ?"
    assert reverse.jobs_in(text) == [] and reverse.job_said_loosely(text)[1] == ("MET.23",)
    assert "MET.23" in reverse.answer(text).text
    assert reverse.job_said_loosely("je travaille sur des bateaux")[1] == ()  # one word names no job
