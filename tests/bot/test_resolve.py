"""The one resolver of standards: references, names as phrases, partial names, typos, picks from a list."""

import pytest

from bot.resolve import find_ksb_codes, find_reference, level_in, levels_said, name_key, occupation_put_forward, suggest_ksb_codes


@pytest.mark.parametrize(
    ("text", "expected"), [("tell me about ST1406", "ST1406"), ("st 1406?", "ST1406"), ("st-0220", "ST0220"), ("K42", None)]
)
def test_find_reference(text, expected):
    assert find_reference(text) == expected


def test_codes_only_when_written_as_codes():
    assert find_ksb_codes("what about k42 and S 12, then B3? ST1406") == ["K42", "S12", "B3"]
    assert find_ksb_codes("explain skill 4 and knowledge no. 7") == ["S4", "K7"]
    assert find_ksb_codes("no codes in a BK42X or K0") == []
    assert find_ksb_codes("what's 3 about") == []
    assert find_ksb_codes("is it a level 3") == []
    # A lower-case letter and number apart are a code only where a clause ends.
    assert find_ksb_codes("the plumbing one, s 7?") == ["S7"] and find_ksb_codes("remind me of b 3 please") == ["B3"]
    assert find_ksb_codes("plan b 2 weeks from now") == [] and find_ksb_codes("what is k 4 about") == []


def test_name_key_joins_a_trade_and_its_field():
    assert name_key("therapist") == name_key("therapy")
    assert name_key("plumber") == name_key("plumbing")
    assert name_key("butcher") == name_key("butchery")


def test_resolver_on_bundled(bundled_retriever):
    resolver = bundled_retriever.resolver
    assert resolver.understand("tell me about ST1406").reference == "ST1406"
    assert resolver.understand("the science manufacturing technician one").reference == "ST1406"
    assert resolver.understand("").reference is None
    unknown = resolver.understand("what about ST9999")
    assert unknown.unknown_reference == "ST9999" and unknown.candidates


def test_suggestions_for_unknown_codes(bundled_retriever):
    standard = bundled_retriever.standard("ST1406")
    assert suggest_ksb_codes(standard, "K999")[0].startswith("K")
    assert [s.reference for s in bundled_retriever.resolver.suggest_references("ST1407")][:1] == ["ST1406"]


@pytest.mark.parametrize(
    ("message", "reference"),
    [
        ("hi i want to be a vet nurse", "ST0343"),  # everyday short form, inside a sentence
        ("For the Network engineer apprenticeship, what is K5?", "ST0127"),  # the longest name wins
        ("what does the lab tech apprenticeship cover", "ST0248"),
        ("i want to be a lab tecnician", "ST0248"),  # a typo in a role the message puts forward
        ("is the electrician one well paid", "ST0152"),
        ("what level is the plumbing apprenticeship", "ST0303"),  # 'plumbing' for the plumber's standard
        ("where does the civil eng senior tech standard mention CDM", "ST0046"),  # short forms of several words
        ("digital marketer degree apprenticeship jobs", "ST0481"),  # a title said without its bracket
        ("tell me about the orthodontic therapist apprenticeship", "ST1434"),  # approved beats in development
        ("quick question about ST0127 and K5", "ST0127"),
        ("what is lars 14", "ST0248"),
    ],
)
def test_the_standard_a_message_means(full_retriever, message, reference):
    assert full_retriever.resolver.understand(message).reference == reference


@pytest.mark.parametrize(
    "message",
    [
        "my mate says it is hard",  # 'Mate' is a job title, not said as one here
        "i love animals",  # not 'animator'
        "quel est le niveau de cette formation",  # French 'de' is not 'Chef de partie'
        "what's 3 about",
    ],
)
def test_stray_words_name_no_standard(full_retriever, message):
    assert full_retriever.resolver.understand(message).reference is None


def test_a_mention_overrides_the_conversation_and_a_stray_word_does_not(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.understand("and the butcher one?", current="ST0343").reference == "ST0078"
    assert resolver.understand("do I need a driving licence to start", current="ST0930").reference == "ST0930"


def test_picks_from_the_list_just_shown(full_retriever):
    resolver = full_retriever.resolver
    offered = ["ST0058", "ST0397", "ST1359"]
    assert resolver.understand("the second one", offered=offered).reference == "ST0397"
    assert resolver.understand("the welfare assistant one", offered=offered).reference == "ST0397"
    assert resolver.understand("2", offered=offered).reference == "ST0397"


def test_names_several_standards_share_are_asked(full_retriever):
    shared = full_retriever.resolver.understand("i would like to be a maintenance technician")
    assert shared.reference is None and shared.ambiguous and len(shared.candidates) >= 2


def test_a_lone_name_word_after_an_unknown_modifier_is_another_role():
    from bot.resolve import _Name, _presented_as_role, tokens_of

    assistant = [_Name("ST9999", "Assistant", "job")]
    for text, expected in [
        ("the library assistant apprenticeship", False),  # 'library assistant' is not the job 'Assistant'
        ("the assistant apprenticeship", True),
        ("a trainee assistant apprenticeship", True),  # a modifier that leaves the role the same
    ]:
        tokens = tokens_of(text)
        index = [t.word for t in tokens].index("assistant")
        assert _presented_as_role(tokens, index, assistant) is expected, text


def test_a_partial_name_saying_more_of_the_message_wins(full_retriever):
    resolver = full_retriever.resolver
    # Both name 'artificial intelligence'; only one says 'automation' as well.
    assert resolver.understand("is the artificial intelligence automation apprenticeship level 4").reference == "ST1512"


def test_a_name_two_standards_share_stays_a_choice(full_retriever):
    shared = full_retriever.resolver.understand("what does K3 cover for an ai engineer")
    assert shared.ambiguous and {"ST0763", "ST1398"} <= {c.reference for c in shared.candidates}


def test_before_asking_the_title_that_holds_more_of_the_name_said_is_meant(full_retriever):
    resolver = full_retriever.resolver
    for text, meant in (
        ("what is K2 for the mattress maker apprenticeship", "ST0981"),  # a job title of two; one title says 'mattress'
        ("how long is the outdoor instructor apprenticeship", "ST0479"),  # part of two names; one title says both words
        ("duration of the MET technician apprenticeship", "ST0405"),
    ):
        understood = resolver.understand(text)
        assert understood.ambiguous  # weighed last, after what the question asks could decide
        titled = resolver.titled_among(text, understood)
        assert not titled.ambiguous and titled.reference == meant, text
    for text, meant in (
        ("what does K3 cover for an ai engineer", "ST1398"),
        ("what level is the aircraft mechanic apprenticeship", "ST0014"),
        ("what level is the financial adviser apprenticeship", "ST1301"),  # not the Mortgage adviser
    ):
        # one title says 'AI' ('aircraft', 'financial'), the other 'engineer' ('mechanic', 'adviser'): the standard
        # more of whose names hold the name said is meant
        titled = resolver.titled_among(text, resolver.understand(text))
        assert not titled.ambiguous and titled.reference == meant, text


def test_a_word_beside_a_shared_name_that_one_title_holds_narrows_it(full_retriever):
    narrowed = full_retriever.resolver.understand("junior product manager apprenticeship (digital) - how long?")
    assert not narrowed.ambiguous and narrowed.reference == "ST0964"  # Digital product manager


def test_titles_said_by_their_initials(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.understand("entry requirements for the PWP apprenticeship").reference == "ST0568"  # initials of the title
    assert resolver.understand("what level is the lgv driver c+e standard").reference == "ST0257"  # its bracketed acronym
    assert resolver.understand("i started it two years ago").reference is None  # three letters only in capitals


def test_that_one_picks_from_the_list_just_shown(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.understand("how long does that one take?", current="ST0234", offered=["ST0236"]).reference == "ST0236"
    several = resolver.understand("what does that one cover", current="ST0234", offered=["ST0236", "ST0742"])
    assert several.ambiguous and [c.reference for c in several.candidates] == ["ST0236", "ST0742"]


@pytest.mark.parametrize(
    "message, reference",
    [
        ("how long is the air conditioning engineering technician apprenticeship", "ST0322"),  # a refrigeration title
        ("how long is the quantity surveying technician one", "ST0049"),  # not the 'Surveying technician'
        ("thermal insulation technician K2?", "ST0521"),  # not the 'Insulation technician'
        ("operations manager apprenticeship, what level", "ST0385"),  # the exact title, nothing said before it
        ("equine groom (not the senior one), how long", "ST0166"),  # words after a name do not lengthen it
    ],
)
def test_a_longer_title_said_with_a_word_dropped_beats_the_shorter_title_inside_it(full_retriever, message, reference):
    assert full_retriever.resolver.understand(message).reference == reference


def test_prefixes_written_with_or_without_a_hyphen_are_one_word(full_retriever):
    assert full_retriever.resolver.understand("bid and proposal coordinator").reference == "ST0056"  # 'co-ordinator'


def test_a_name_set_aside_with_not_is_not_the_one_meant(full_retriever):
    said = "dental tech apprenticeship (the lab one, not clinical dental tech) - do you need A levels?"
    assert full_retriever.resolver.understand(said).reference == "ST1432"
    assert full_retriever.resolver.understand("not the plumber, the electrician").reference == "ST0152"


def test_two_words_a_name_writes_as_one_and_short_forms_count_towards_a_longer_name(full_retriever):
    said = "health care engineering specialist tech: how many other gcses besides maths?"  # 'specialist tech' is a job title elsewhere
    assert full_retriever.resolver.understand(said).reference == "ST0950"


def test_both_sides_of_a_comparison_are_named_even_by_a_shared_job_title_or_a_lone_word(full_retriever):
    shared = full_retriever.resolver.understand("compare nursing assistant and nursing associate")
    assert {shared.reference, *shared.others} == {"ST0827", "ST0216"}
    lone = full_retriever.resolver.understand("plumber vs electrician")
    assert {lone.reference, *lone.others} == {"ST0303", "ST0152"}


@pytest.mark.parametrize(
    ("said", "reference"),
    [
        ("ortho therapist apprenticeship", "ST1434"),  # a word cut short, completed by the other words said
        ("how long is the low carbon heating one", "ST1020"),  # more of a title's words than a field keyword holds
    ],
)
def test_a_name_said_short_is_found_by_the_words_it_begins_and_the_rest_of_the_title(full_retriever, said, reference):
    assert full_retriever.resolver.understand(said).reference == reference


def test_a_french_course_type_is_never_a_standards_initials(full_retriever):
    """'Clinical associate in psychology (CAP)' declares CAP, but 'quel CAP' asks for the French CAP."""
    assert full_retriever.resolver.understand("quel CAP pour devenir boulanger").reference == "ST0191"


def test_a_name_as_said_beats_one_equal_only_once_trade_endings_are_cut(full_retriever):
    """'policy' and 'police' share a key once the endings that tell a trade from its field are cut; the name
    said word for word (the police constable's job title 'Police officer') wins over the title 'Policy officer'."""
    assert full_retriever.resolver.understand("i want to be a police officer").reference == "ST0304"
    assert full_retriever.resolver.understand("policy officer apprenticeship").reference == "ST0526"


def test_one_standard_published_twice_is_one_choice_the_latest(full_retriever):
    """ST0419 and ST1378 are both the current 'Rail infrastructure operator', level 3, LARS 688."""
    resolver, standards = full_retriever.resolver, full_retriever.catalogue.standards
    twins = [standards[r] for r in ("ST0419", "ST1378")]
    assert len({(s.title.strip(), s.level, s.lars_code) for s in twins}) == 1
    assert resolver.understand("need the entry reqs for rail infrastructure operator L3").reference == "ST1378"


def test_a_level_no_standard_of_the_name_has_points_to_the_near_name_at_that_level(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.understand("credit control apprenticeship level 2, k3?").reference == "ST0176"  # Credit controller and collector
    assert resolver.understand("credit control apprenticeship, k3?").ambiguous  # a level 3 and a level 6 say it
    # A level said of something else leaves an exact title alone.
    said = "One of my clients has a level 3 in horticulture and wants to do the Chartered landscape professional apprenticeship"
    assert full_retriever.catalogue.standards[resolver.understand(said).reference].title.startswith("Chartered landscape")


def test_two_words_joined_by_and_said_by_their_initials(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.understand("Typical duration of P&O tech apprenticeship?").reference == "ST0632"  # Prosthetic and orthotic technician
    assert resolver.understand("F&B team member level").reference == "ST1488"  # Food and beverage team member
    shared = resolver.understand("need K1 for the L&D one")  # Learning and development: a practitioner and a consultant
    assert shared.ambiguous and {c.reference for c in shared.candidates} >= {"ST0562", "ST0563"}
    # Only initials joined by '&' as written: "i'm" is no Installation and maintenance electrician.
    assert resolver.understand("i'm advising a student, what level is the florist").reference == "ST0538"


def test_a_standard_open_to_apprentices_before_one_in_development_that_holds_the_words_as_its_title(full_retriever):
    """ST1071 'Property maintenance' is in development; ST0171 Property maintenance operative is approved."""
    resolver = full_retriever.resolver
    assert resolver.understand("property maintenance apprenticeship - do they teach drains?").reference == "ST0171"
    assert resolver.understand("the property maintenance standard in development").reference == "ST1071"  # asked for


def test_the_occupation_is_named_before_a_fields_keyword_said_as_the_topic(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.understand("landscape technician - which KSBs/duties cover using CAD and GIS mapping").reference == "ST0741"
    said = "propulsion tech apprenticeship - where does it talk about the health and safety rules"
    assert resolver.understand(said).reference == "ST0588"  # Propulsion technician, not a health and safety standard
    # A lone shared role word gives way to the longer name: the SHE technician (safety, health & environment).
    assert resolver.understand("SHE technician apprenticeship (safety, health & environment) - K8?").reference == "ST0550"


def test_a_word_that_qualifies_a_listed_title_picks_it_only_when_said_as_a_pick(full_retriever):
    resolver, listed = full_retriever.resolver, ["ST0627", "ST0483", "ST0628"]  # ST0628 Cultural heritage conservator (degree)
    assert resolver.pick_offered("do i need a degree", listed) is None
    assert resolver.pick_offered("the degree one", listed).reference == "ST0628"


def test_a_field_said_before_degree_apprenticeship_names_its_role(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.understand("midwifery degree apprenticeship: where is caring for parents after a loss").reference == "ST0948"
    assert resolver.understand("do i need a degree").reference is None


def test_a_level_said_beside_a_loosely_named_role_picks_the_one_at_that_level(full_retriever):
    # 'greenkeeper' is said in job titles of the level 3 Advanced sports turf technician and names the level 2
    # Golf greenkeeper: the level said decides, outside a conversation.
    assert full_retriever.resolver.understand("trainee greenkeeper (level 2)").reference == "ST0209"
    assert full_retriever.resolver.understand("greenkeeper level 3").reference == "ST1323"


def test_the_name_put_forward_as_the_standard_beats_one_said_inside_the_question(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.understand("do blacksmith apprentices ever work alongside a welder?").reference == "ST0378"
    assert resolver.understand("would a welder apprentice learn what a blacksmith does?").reference in ("ST0349", "ST0659")


def test_initials_of_a_job_title_joined_by_and_name_its_standard(full_retriever):
    # 'Electrical and instrumentation technician' is a typical job title of ST1443.
    assert full_retriever.resolver.understand("is there an E&I technician apprenticeship").reference == "ST1443"


def test_a_role_put_forward_beats_a_fields_keyword(full_retriever):
    said = "trainee greenkeeper at a golf club, level 2 - what do they cover on mowing"
    assert full_retriever.resolver.understand(said).reference == "ST0209"
    assert full_retriever.resolver.understand("i work at a golf club").reference == "ST0208"


def test_words_beside_a_shared_job_title_may_say_a_title_by_its_initials(full_retriever):
    # 'Community safety officer' is a job title of ST0593 and of ST0930 Anti-social behaviour and community safety officer.
    assert full_retriever.resolver.understand("the asb and community safety officer apprenticeship").reference == "ST0930"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("i want to be a fridge engineer on lorries and vans", "fridge engineer"),
        ("i want to work as a digger driver, 360s mostly", "digger driver"),
        ("im 19 and want to be a chef", "chef"),
        ("boss says theres an apprenticeship for plant operators like me", ""),  # no occupation the person wants
        ("she needs to be registered first", ""),  # a state, not a role
    ],
)
def test_the_occupation_a_person_puts_forward(text, role):
    assert occupation_put_forward(text) == role


def test_a_role_is_held_by_a_standards_names_only_for_most_of_its_rarer_words(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.names_hold("network engineer", "ST0127")
    assert not resolver.names_hold("sign language interpreter", "ST0824")  # only 'sign', from 'Sign maker'
    assert resolver.names_hold("car finance", "ST0033") and not resolver.names_hold("car finance", "ST0033", every=True)


def test_a_phrase_says_an_occupation_when_it_ends_like_one(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.is_role("private investigator") and resolver.is_role("astronaut") and resolver.is_role("bike mechanics")
    assert not resolver.is_role("SPC charts fill interpret") and not resolver.is_role("horses")


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("floorlayer apprentice (carpet and vinyl) - do we get taught to test the subfloor", "ST0504"),  # 'Floorlayer - textile ...'
        ("architect apprenticeship - does it cover planning permission", "ST0533"),  # 'Architect (integrated degree)'
        ("is the highways electrician apprenticeship a level 2 or level 3?", "ST0052"),  # '... electrician or service operative'
        ("how long is the finance assistant apprenticeship", "ST0608"),  # 'Accounts or finance assistant'
        ("HR business partner on the senior people professional level 7, does it cover employment law", "ST0813"),
    ],
)
def test_every_role_a_title_names_and_the_apprenticeship_put_forward(full_retriever, text, reference):
    assert full_retriever.resolver.understand(text).reference == reference


def test_a_grade_in_a_job_title_is_no_name(full_retriever):
    # 'Senior(domain specialist)' is one job title of a materials process engineer; 'senior' alone names nothing.
    assert full_retriever.resolver.understand("level of the senior insurance one?").reference != "ST0659"


def test_two_levels_offered_as_a_choice_say_no_level():
    from bot.resolve import level_in

    assert level_in("is it a level 2 or level 3?") is None and level_in("level 2 or 3") is None
    assert level_in("the level 3 one") == 3 and level_in("level 4 apprenticeships") == 4


def test_an_acronym_one_title_defines_names_the_same_words_in_another(full_retriever):
    # Only the OME professional's title brackets 'OME'; the specialist's title spells the same words out.
    assert full_retriever.resolver.understand("what would i need before applying for OME specialist").reference == "ST0834"
    assert full_retriever.resolver.understand("OME professional how long").reference == "ST0574"


def test_a_ksb_code_only_one_of_a_shared_names_standards_has_picks_it(full_retriever):
    # 'Panel beater' is a job title of the Vehicle damage panel technician (K1-K9) and the Accident repair technician (K1-K46).
    assert full_retriever.resolver.understand("panel beater apprenticeship K28? cant find my handbook").reference == "ST0352"
    assert full_retriever.resolver.understand("panel beater apprenticeship K3").ambiguous  # both have K3


def test_a_job_titles_initials_name_its_standard(full_retriever):
    found = full_retriever.resolver.understand("EHO apprenticeship - what do i need to get in")  # Environmental health officer
    assert (found.reference, found.name_kind) == ("ST0714", "acronym")


def test_a_bracketed_aside_in_the_standards_own_words_is_naming(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.asides_naming("the school nurse apprenticeship (SCPHN, NMC 2022) if im not a nurse yet", "ST1418") == (
        "(SCPHN, NMC 2022)",
    )
    assert resolver.asides_naming("the aircraft mechanic one (unlicensed mechanic) level 2 or 3", "ST0014") == ("(unlicensed mechanic)",)
    assert resolver.asides_naming("the plumber apprenticeship (level 3) how long", "ST0303") == ()  # says something else
    assert resolver.asides_naming("the plumber one (is it paid?)", "ST0303") == ()


def test_a_titles_bracketed_qualifier_said_apart_is_no_name(full_retriever):
    found = full_retriever.resolver.understand("what degree do i need for the through-life engineering services level 7 apprenticeship?")
    assert found.reference == "ST0740" and "degree" not in found.phrases


def test_a_level_none_of_a_names_standards_has_finds_the_one_at_that_level(full_retriever):
    # The keyword 'hr' first brings level 4 and 7 standards; the People professional (level 5) lists HR job titles.
    assert full_retriever.resolver.understand("hr apprenticeship level 5 (the cipd people one) - what's S16?").reference == "ST0238"
    assert full_retriever.resolver.understand("chef level 5 how long").ambiguous  # no chef at level 5: still asked


def test_a_level_said_in_french():
    assert level_in("apprenti mécanicien avion (aircraft mechanic, niveau 2)") == 2
    assert level_in("niveau 2 ou 3 ?") is None


def test_words_before_a_role_that_one_longer_name_holds_name_that_standard(full_retriever):
    resolver = full_retriever.resolver
    assert resolver.understand("ops manager K3").reference == "ST0385"  # the Operations manager
    found = resolver.understand("experienced rail ops manager here, what level is it")  # 'rail' begins 'Railway'
    assert (found.reference, found.phrase) == ("ST1441", "rail ops manager")
    # 'Plant operator' is a job title of three standards; the Material processing plant operator's other names
    # say quarry and crushing.
    assert resolver.understand("quarry crushing plant operator apprenticeship - anything on mental health?").reference == "ST0144"
    assert resolver.understand("plant operator apprenticeship - anything on mental health?").ambiguous
    # One standard's own title keeps it: the Mortuary technician says 'embalming' and 'funeral' only apart.
    assert resolver.understand("funeral embalming apprenticeship level?").reference == "ST0890"


def test_the_apprenticeship_a_person_says_they_are_on_beats_the_job_they_hold(full_retriever):
    resolver = full_retriever.resolver
    # Named in part, beside a job title and a name said inside the question.
    said = "production line operative on the lean manufacturing apprenticeship - do i need 5S? my team leader loves it"
    assert resolver.understand(said).reference == "ST0420"  # Lean manufacturing operative, not the Team leader
    assert resolver.understand("theatre support worker starting the ODP degree apprenticeship").reference == "ST0582"
    # One word, held by one degree title as written ('spaces' is another title's word).
    assert resolver.understand("satellite engineer on the space degree apprenticeship - thermal vac?").reference == "ST0856"
    # The level said must be the standard's: a level 2 'Landscape' job title is no level 7 apprenticeship.
    assert resolver.understand("parks manager for a council doing the level 7 landscape apprenticeship").reference == "ST0742"
    # ... and narrows a word several titles hold to the one at that level.
    assert resolver.understand("claims handler at a motor insurer on the level 3 insurance apprenticeship").reference == "ST0240"
    # The apprenticeship put forward by a name of its own keeps it.
    assert resolver.understand("team leader on the plumber apprenticeship, what is K3").reference == "ST0303"


def test_a_name_set_aside_in_brackets_names_nothing(full_retriever):
    said = "second in charge on an arable farm, doing the farm management apprenticeship (not the general farm worker one)"
    assert full_retriever.resolver.understand(said).reference == "ST1320"  # Assistant farm manager


def test_initials_of_one_occupation_under_two_references_name_the_approved_one(full_retriever):
    # 'Specialist community public health nurse (NMC 2022)' is approved, the same title without the bracket is in
    # development: both have the initials, the approved one is meant.
    assert full_retriever.resolver.understand("SCPHN apprenticeship - level and funding?").reference == "ST1418"


def test_a_bracketed_qualifier_is_no_word_of_a_partial_name(full_retriever):
    resolver = full_retriever.resolver
    # 'degree' only qualifies the Archaeological specialist (degree): the explosives specialist is named.
    assert resolver.understand("explosives specialist degree apprenticeship - what do you need?").reference == "ST0834"
    # 'operating' names the department practitioner; 'degree' is no second word of the Environmental practitioner (Degree).
    assert resolver.understand("operating theatre practitioner degree apprenticeship requirements?").reference == "ST0582"


def test_a_partial_names_words_said_together_beat_words_scattered_through_the_message(full_retriever):
    understood = full_retriever.resolver.understand("prosthetics technician apprenticeship - will there be some kind of test to get in?")
    assert "ST0282" not in {c.reference for c in understood.candidates[:2]}  # the Metrology technician's 'Test technician'
    # A name said in two parts still names it when no name is said together.
    assert full_retriever.resolver.understand("golf sounds fun actually, the greenkeeper one. what do i need").reference == "ST0209"


def test_a_real_word_is_no_name_cut_short(full_retriever):
    understood = full_retriever.resolver.understand(
        "i havent got a degree but ive worked on site investigations for years, does experience count for the geotechnical apprenticeship"
    )
    assert understood.reference == "ST0881"  # 'count' is no Counter fraud investigator cut short


def test_a_word_not_set_out_as_a_pick_picks_from_a_list_by_a_title_only(full_retriever):
    resolver = full_retriever.resolver
    listed = ["ST0144", "ST0605", "ST0805", "ST0414", "ST1451"]  # ST0414 has a 'Building & Structural Finisher' option
    assert resolver.understand("how long does it usually take to finish", offered=listed).reference != "ST0414"
    assert resolver.understand("the military one", offered=listed).reference == "ST0414"


def test_words_before_apprenticeship_cross_no_determiner_or_preposition():
    from bot.resolve import role_phrases

    assert role_phrases("will i need to do first aid as part of the apprenticeship") == []  # no role put forward
    assert role_phrases("doing the lean manufacturing apprenticeship") == ["lean manufacturing"]
    assert role_phrases("what level is the plumbing apprenticeship") == ["plumbing"]


def test_where_the_person_wants_to_go_beats_where_they_are(full_retriever):
    resolver = full_retriever.resolver
    said = "im on the food and drink maintenance engineer level 3 and want to move onto the food and drink engineer apprenticeship, what do i need?"
    assert resolver.understand(said).reference == "ST0624"
    assert (
        resolver.understand("im on the food and drink maintenance engineer level 3, what do i need to know for K2?").reference == "ST0195"
    )


def test_a_masters_said_as_the_level_is_level_7():
    assert level_in("doing the MSc level sustainability apprenticeship") == 7
    assert level_in("is there a masters-level one") == 7
    assert level_in("do i need a masters to apply") is None  # a qualification held, not the level asked
    assert level_in("the level 4 one, not the msc level") == 4  # a level said in numbers first


def test_a_level_said_beside_a_name_picks_the_standard_of_that_level_holding_it(full_retriever):
    resolver = full_retriever.resolver
    # 'food engineer' is a job title of the level 6 Food industry technical professional; at level 5 the Food and
    # drink engineer's title holds it.
    assert resolver.understand("what do i need for the level 5 food engineer one").reference == "ST0624"
    assert resolver.understand("food engineer (level 5) - how long?").reference == "ST0624"
    assert resolver.understand("food engineer level 6 - how long?").reference == "ST0197"
    assert levels_said("im on the level 3 X and want the L5 Y") == (3, 5)


def test_a_name_said_in_part_with_its_words_side_by_side_beats_one_whose_words_are_apart(full_retriever):
    # 'orthotics technician' names the Prosthetic and orthotic technician in part, words side by side; 'workshop
    # ... technician' (a Workshop technician job title) is said whole but four words apart.
    understood = full_retriever.resolver.understand("im an orthotics technician in an nhs workshop making braces")
    assert not understood.ambiguous and understood.reference == "ST0632"


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("i'm a careers adviser. which apprenticeship for a young person who wants to be an electrician?", "ST0152"),
        ("i work as a bricklayer but want to become a plumber", "ST0303"),
    ],
)
def test_the_job_someone_wants_is_meant_before_the_job_someone_does(full_retriever, text, reference):
    understood = full_retriever.resolver.understand(text)
    assert reference in {c.reference for c in understood.candidates[:2]} and understood.candidates[0].reference == reference


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        # 'internal audit' is the Internal audit professional's title as written; 'Internal auditor', a job title of
        # the Accountancy or taxation professional, holds it only once the trade ending is cut.
        ("is there a level 7 internal audit apprenticeship?", "ST0610"),
        ("im an internal auditor, which apprenticeship", "ST0001"),
        # a field's keyword is no name of the occupation: a title holding it does not win by this
        ("where does the occupational therapy standard talk about consent?", "ST0517"),
    ],
)
def test_a_title_holding_the_words_as_written_beats_a_job_title_holding_their_stems(full_retriever, text, reference):
    assert full_retriever.resolver.understand(text).reference == reference


def test_the_name_said_around_a_match_takes_the_standards_own_words_beside_it(full_retriever):
    resolver = full_retriever.resolver
    said = "and for the knitting machine technician one?"
    assert resolver.name_said_around(said, "knitting machine", "ST0910") == "knitting machine technician"
    assert resolver.name_said_around("knitting machine: how long?", "knitting machine", "ST0910") == "knitting machine"


def test_a_person_one_goes_to_is_no_destination(full_retriever):
    """'need to go to your supervising doctor' names a person, not where the apprentice wants to go: the
    physician associate named in brackets is the standard."""
    said = "PA apprenticeship (physician associate) - which KSBs are about knowing when to go to your supervising doctor?"
    assert full_retriever.resolver.understand(said).reference == "ST0518"


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("conseiller en sécurité incendie au Royaume-Uni (fire safety advisor), ça prend combien de mois ?", "ST0188"),
        ("un élève veut devenir paysagiste concepteur via le chartered landscape professional. les prérequis ?", "ST0742"),
        ("je veux devenir paysagiste en angleterre", "ST0225"),  # the French name alone still names one
    ],
)
def test_an_english_name_said_beside_a_french_one_is_the_standard(full_retriever, text, reference):
    assert full_retriever.resolver.understand(text).reference == reference


def test_a_shared_name_said_beside_a_role_that_names_one_of_its_standards_is_that_one(full_retriever):
    said = (
        "im joining the army as a royal engineer, what do you need to have done before starting the construction technician apprenticeship"
    )
    assert full_retriever.resolver.understand(said).reference == "ST0414"  # Military engineering construction technician


def test_what_one_is_doing_after_im_is_no_role(full_retriever):
    said = "im thinking about a water leakage technician apprenticeship, how long is it?"
    assert full_retriever.resolver.understand(said).reference == "ST1292"  # not 'thinking': Systems thinking practitioner


def test_plurals_of_words_cut_short_stand_for_the_name_words_they_begin(full_retriever):
    said = "revs and bens practitioner apprentice here, whats S5"
    assert full_retriever.resolver.understand(said).reference == "ST0602"  # Revenues and welfare benefits practitioner


@pytest.mark.parametrize(
    ("said", "reference"),
    [
        ("im a robotics engineer apprentice on the electro-mechanical degree, which KSBs are about documenting programs?", "ST0672"),
        ("how much does a trainee housing officer on the level 3 housing apprenticeship earn?", "ST0234"),
    ],
)
def test_the_apprenticeship_a_person_says_they_are_on_beats_the_role_they_hold(full_retriever, said, reference):
    assert full_retriever.resolver.understand(said).reference == reference


def test_words_around_a_name_never_make_one(full_retriever):
    said = "forklift engineer apprentice here, is doing the LOLER inspections part of my standard?"
    assert full_retriever.resolver.understand(said).reference != "ST0847"  # 'LOLER inspections part of my' names nothing
