"""The one router: what a knowledge question asks, read from its words once the standard's name is out."""

import pytest

from bot.router import (
    Ordinal,
    asked_part,
    asks_for_content,
    asks_to_forget,
    courtesy_of,
    is_question,
    kind_of,
    kinds_of,
    list_asked,
    naming_words,
    ordinals_in,
    route,
    said_in_own_words,
    seeks_standards,
    without_names,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("what entry requirements apply?", "entry_requirements"),
        ("what quals do you need for it", "entry_requirements"),
        ("how old do you have to be", "entry_requirements"),
        ("do I need a driving licence to start", "entry_requirements"),
        ("how long does it take?", "duration"),
        ("how much funding is there", "funding"),
        ("is it a level 3 apprenticeship?", "level"),
        ("is it well paid?", "pay"),
        ("how much will I earn", "pay"),
        ("is there a higher level after this?", "progression"),
        ("what comes after it", "progression"),
        ("which French BTS matches this role?", "french"),
        ("what does K42 cover", "ksb"),
        ("explain skill 4", "ksb"),
        ("which duties use K42", "duties"),
        ("what is duty 3", "duty"),
        ("which duty covers budgets", "find_duty"),
        ("what jobs can I do after it", "job_titles"),
    ],
)
def test_kind_of(text, kind):
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "is a forklift licence needed first",
        "what has to be done before you start",
        "would my btec count towards getting in",
        "how many ucas points for it",
        "what sort of background would employers look for",
        "do you have to be 18",
        "could a career changer still get onto it",
        "what kind of person are they after for it",  # who they take
        "can i do it if im not a nurse yet",
        "what if i dont have gcses",
        "requirements to become one through an apprenticeship",  # the requirements to train, become, qualify
        "the requirements for this apprenticeship?",
        "what do you need to become an apprentice",
        "how would someone qualify for it",
        "what age do you have to be to do it",  # an age
        "do i need a 2:1 for it",  # a degree's class
        "i got a caution when i was younger, can i still do it?",  # whether one may start at all
        "i never went to uni but i've volunteered for years. can i do the apprenticeship?",
        "the apprenticeship - what do you need?",
        "what do employers look for when you apply?",
        "is there a background check for it",  # checks made of who may start
        "will they do a criminal record check",
    ],
)
def test_what_must_come_before_starting_is_the_entry_requirements(text):
    assert kind_of(text) == "entry_requirements"


@pytest.mark.parametrize(
    "text",
    [
        "what's 3 about",  # a bare number is not a code
        "does the biotech route cover water for injection?",  # 'route' here is not the route fact
        "is there a funding cap",  # 'cap' is not the French CAP
        "tell me a joke",
    ],
)
def test_questions_that_are_not_facts(text):
    assert kind_of(text) not in ("ksb", "route", "french", "level")


def test_name_words_do_not_make_a_question():
    # 'Level 3' and 'B2' belong to names here; only what is left is read.
    assert route("B2 licensed engineer apprenticeship - what's K6 about?", True, ("B2 licensed engineer",)).codes == ("K6",)
    assert route("what job titles does the level 6 marketing manager standard have", True, ("marketing manager",)).kind == "job_titles"


def test_two_part_questions_get_both_kinds():
    assert route("how long is the lab tech apprenticeship and what level is it?", True, ("lab tech",)).kinds == ("duration", "level")
    assert route("level and funding?", True).kinds == ("level", "funding")
    assert route("how long n what level", True).kinds == ("duration", "level")  # 'n' for 'and'
    assert route("ST0303 niveau et durée ?", True).kinds == ("level", "duration")
    assert route("so is it a proper degree? how long", True).kinds == ("qualifications", "duration")
    # The name taken out of 'is the X apprenticeship level 5?' leaves 'is the   level 5?': still the level asked.
    named = ("coaching professional apprenticeship",)
    assert route("is the coaching professional apprenticeship level 5? and how long is it", True, named).kinds == ("level", "duration")
    assert route("is the level 5 one longer", True).kind != "level"  # a level that describes, not one asked


def test_a_topic_made_only_of_the_facts_own_words_asks_the_fact():
    assert route("what does it say about english requirements?", True).kind == "english_maths"
    assert route("what does it say about english requirements for the sign language work?", True).kind == "free"


@pytest.mark.parametrize(
    "text",
    [
        "how much does it cover contaminated land and remediation",
        "will i learn how to work out what a member gets paid when they retire",
        "does it teach the rules on how long i'm allowed to drive each day",
        "do i have to learn dose calculations",
        "does it deal with modern slavery in supply chains",
        "is there stuff about keeping passwords safe",
        "will it help me with coaching my team and working out what training they need",
        "will it teach me the finance products like PCP vs HP vs lease",  # things compared inside the topic
    ],
)
def test_whether_it_teaches_a_topic_made_of_a_facts_words_is_content(text):
    assert route(text, True).kinds == ("free",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("how much funding does it get", "funding"), ("how long is it", "duration"), ("does it include a degree?", "qualifications")],
)
def test_the_fact_itself_is_still_the_fact(text, kind):
    assert route(text, True).kind == kind


def test_what_the_apprenticeship_counts_towards_is_no_entry_condition():
    assert route("does it count towards a degree", True).kind != "entry_requirements"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("level duration", ("level", "duration")),
        ("duration/£", ("duration", "funding")),
        ("lvl + £", ("level", "funding")),
        ("fr?", ("french",)),
        ("progression?", ("progression",)),
    ],
)
def test_an_advisers_terse_kinds(text, kinds):
    assert route(text, True).kinds == kinds


def test_regulation_asked_in_french_is_the_recognition_fact():
    assert route("c'est réglementé ?", True).kind == "recognition"
    assert route("est-ce réglementé ? par qui ?", True).kind == "recognition"


def test_small_talk_only_in_its_own_words():
    from bot.router import said_in_own_words

    assert not said_in_own_words("bot_challenge", "i mean just a normal nurse in a hospital")
    assert said_in_own_words("bot_challenge", "are you a bot?") and said_in_own_words("bot_challenge", "who are you")
    assert said_in_own_words("greet", "hiya")  # small talk without a pattern is taken as NLU says


def test_ellipsis_repeats_the_last_kind():
    routed = route("and for the pastry chef one?", True, ("pastry chef",), last_kind="entry_requirements")
    assert routed.kinds == ("entry_requirements",) and routed.repeated


def test_a_standard_named_alone_is_an_overview_and_nothing_asked_is_empty():
    assert route("tell me about the butcher apprenticeship", True, ("butcher",)).kind == "overview"
    assert route("!!!", False).kind == "empty"
    assert route("does it teach knife sharpening", True).kind == "free"


def test_comparison_needs_two_standards():
    assert (
        route("compare network engineer and software developer", True, ("network engineer", "software developer"), standards_named=2).kind
        == "comparison"
    )
    assert route("which bit is about test bakes to compare flours?", True, ("baker",), standards_named=1).kind == "free"


def test_side_questions_and_forgetting():
    assert is_question("hang on how long is the lab tech apprenticeship anyway", multiple_choice=True)
    assert not is_question("the storage of water for injection", multiple_choice=False)
    assert not is_question("how to keep patient records confidential and secure", multiple_choice=False)  # an answer
    assert is_question("how to keep records, which skill is it?", multiple_choice=False)
    assert asks_to_forget("please delete my data") and asks_to_forget("forget me")
    assert not asks_to_forget("how do I fit a tow bar")


def test_a_question_no_pattern_reads_is_read_by_meaning_from_its_last_sentence():
    asked = []

    def guess(part):
        asked.append(part)
        return "entry_requirements" if "cv" in part else None

    routed = route("my son wants to do it, what should his cv show", True, guess=guess)
    assert routed.kinds == ("entry_requirements",) and asked == ["what should his cv show"]


def test_a_question_about_content_is_never_read_as_a_fact_by_meaning():
    def guess(_part):
        return "level"

    assert route("which skill is about following safeguarding procedures", True, guess=guess).kinds == ("free",)
    assert route("where does it talk about fire doors", True, guess=guess).kinds == ("free",)


def test_the_word_costs_inside_a_content_question_is_not_the_funding_fact():
    assert kind_of("which bit covers working out the costs of a repair") is None
    assert kind_of("what does it cost") == "funding"
    assert kind_of("will i have to cost up a kitchen refit for the customer") is None  # pricing work: a task
    assert kind_of("do we learn to cost out a job") is None
    assert kind_of("how much is it going to cost") == "funding"


def test_specialist_is_not_the_options_fact():
    assert kind_of("what would i need before applying for the explosives specialist one") != "options"
    assert kind_of("which specialisms can I pick") == "options"


def test_the_words_naming_a_standard_come_out_as_whole_words():
    from bot.router import without_names

    assert without_names("is a career in care good", ("care",)) == "is a career in   good"
    assert without_names("and for the quantity surveyor degree one?", ("quantity surveyor",)) == "and for the   degree one?"
    assert route("and for the quantity surveyor degree one?", True, ("quantity surveyor",), last_kind="level").kinds == ("level",)


@pytest.mark.parametrize(
    "text",
    [
        "hi i want to be a zookeeper, is there an apprenticeship",
        "can u become a pilot thru an apprenticeship",
        "my client looks after sharks in an aquarium, which standard fits",
        "i wanna make videos for brands as a job",
    ],
)
def test_someone_seeking_a_role_gets_the_standards_for_it(text):
    assert kind_of(text) == "find"


def test_which_duty_alone_asks_for_duties_and_what_a_find_is_about():
    from bot.router import interest_of

    assert kind_of("which duty uses it") == "duties" and kind_of("which duty covers budgets") == "find_duty"
    assert interest_of("my client looks after sharks, which standard fits") == "client looks after sharks"
    assert interest_of("what building trade apprenticeships are there? i like working with my hands") == "building trade working hands"
    assert interest_of("how can i become a lawyer") == "lawyer"
    assert interest_of("jobs in IT but not coding, like fixing computers") == "IT fixing computers"  # 'jobs' asks


def test_role_seeking_phrasings_and_plural_lists_are_searches():
    assert kind_of("i love kids, what apprenticeship should i look at") == "find"
    assert kind_of("are there apprenticeships at airports") == "find"
    assert kind_of("how can i become a lawyer without going to uni") == "find"
    assert route("what building trade apprenticeships are there?", True, ("trade",)).kinds == ("find",)  # a list is asked


def test_a_named_standard_with_a_content_question_after_a_role_is_a_free_question():
    routed = route("i want to be a plumber, which skill covers gas safety", True, ("plumber",))
    assert routed.kinds == ("free",)
    assert route("i want to be a plumber", True, ("plumber",)).kinds == ("overview",)
    assert kind_of("which duty in this standard covers money laundering") == "find_duty"


def test_questions_joined_by_a_plus_an_ampersand_or_a_slash_are_each_asked():
    assert route("level/duration?", True).kinds == ("level", "duration")
    assert route("duration + funding?", True).kinds == ("duration", "funding")
    assert route("entry reqs & level", True).kinds == ("entry_requirements", "level")


@pytest.mark.parametrize(
    "text, kind",
    [
        ("after this, what is the next step to get on", "progression"),  # getting on in a career, not getting in
        ("what higher apprenticeship would help me get on at work", "progression"),
        ("I started the level 2 in 2023, what is the next step", "progression"),  # a statement beside a question
        ("any vetting to get on?", "entry_requirements"),
        ("I started on v1.2", "my_version"),
        ("we began in march 2024 on this one", "my_version"),
    ],
)
def test_getting_on_and_a_stated_start_do_not_take_other_questions(text, kind):
    routed = route(text, True)
    assert routed.kind == kind
    assert routed.declared == text.lower().startswith(("i started", "we began"))


def test_a_stated_start_gives_its_date_and_versions_are_read_from_the_words():
    assert route("I started in September 2023", True).started == "2023-09-01"
    assert route("what changed between 1.2 and 1.3", True).versions == ("1.2", "1.3")
    assert route("is it 1.5 years long", True).versions == ()  # a bare decimal is a version only in a changes question


def test_a_digest_of_revisions_is_asked_across_the_catalogue_from_a_date():
    from datetime import date

    from bot.router import since_date_named

    today = date(2026, 11, 26)
    assert route("which standards have been revised since june 2026?", False).kind == "revisions"
    assert route("has it been revised", True).kind == "changes"  # one standard's changes, not the digest
    assert since_date_named("revised since march", today) == "2026-03-01"
    assert since_date_named("updated since december", today) == "2025-12-01"  # the last December
    assert since_date_named("revisions this year", today) == "2026-01-01"
    assert since_date_named("new versions recently", today) == "2026-08-28"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("how much do they pay you on it", "pay"),
        ("what does it pay", "pay"),
        ("est-ce que c'est bien payé ?", "pay"),
        ("il sera payé combien", "pay"),
        ("whats the course like", "overview"),
        ("what would apprentices learn on it", "learning"),
        ("i want to do carpentry, like making furniture for houses", "overview"),  # detail after a named wish
        ("i want to do carpentry, which knowledge covers timber types?", "free"),  # a question after it
    ],
)
def test_wishes_descriptions_and_pay_in_everyday_words(text, kind):
    assert route(text, True).kind == kind


def test_a_version_stated_beside_a_question_is_read():
    routed = route("im on 1.2 - what does S4 say", True)
    assert routed.kinds == ("ksb",) and routed.versions == ("1.2",) and routed.declared
    started = route("started september 2024 on it, what's B2", True)
    assert started.declared and started.started == "2024-09-01"


def test_which_is_shorter_sets_two_standards_against_each_other():
    assert route("which one is shorter, the plumbing or the electrician one", True, standards_named=2).kind == "comparison"
    assert route("which takes longer, X or Y", True, standards_named=1, has_context=True).kind == "comparison"
    assert route("which one is shorter", True).kind != "comparison"  # one standard alone is not compared


def test_a_remark_before_the_question_does_not_hide_its_kind():
    # 'says' in the remark is not 'which bit says...': only the sentence that asks is read for that.
    assert kind_of("my employer says it is expensive — how much funding is available for it?") == "funding"
    assert kind_of("which bit covers the costs of materials") is None


@pytest.mark.parametrize(
    "text", ["how many K's are there in total", "whats the total number of knowledge items", "how many duties does it have"]
)
def test_how_many_ksbs_is_counted_not_searched(text):
    assert kind_of(text) == "contents"
    assert kind_of("how many people do it") != "contents"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("whats the last skill", (Ordinal("S", -1),)),
        ("ok whats the first duty", (Ordinal("D", 1),)),
        ("the 2nd behaviour?", (Ordinal("B", 2),)),
        ("and the final knowledge item", (Ordinal("K", -1),)),
        ("early years practitioner whats the last K", (Ordinal("K", -1),)),
        ("first aid at work", ()),  # 'first' before a word that is not a kind of item
    ],
)
def test_items_asked_by_position(text, wanted):
    assert ordinals_in(text) == wanted
    if wanted:
        assert kind_of(text) == ("duty" if wanted[0].letter == "D" else "ksb")


def test_a_position_becomes_a_code_only_inside_the_standard():
    assert Ordinal("S", -1).code(26) == "S26" and Ordinal("D", 1).code(14) == "Duty 1"
    assert Ordinal("B", 9).code(7) is None and Ordinal("K", -1).code(0) is None
    assert Ordinal("", 1).code(0, "K5") == "K6" and Ordinal("", -1).code(0, "K1") is None


def test_the_next_one_after_a_ksb_steps_from_it_and_otherwise_is_progression():
    after_ksb = route("and the one after that", False, last_kind="ksb")
    assert after_ksb.kinds == ("ksb",) and after_ksb.ordinals == (Ordinal("", 1),)
    assert route("the previous one", False, last_kind="ksb").ordinals == (Ordinal("", -1),)
    assert route("and the next one", False, last_kind="duration").kind == "progression"


@pytest.mark.parametrize(
    ("text", "letters"),
    [
        ("which behaviours are there", "B"),
        ("list all the behaviours for", "B"),  # the standard's name taken out before
        ("what are the knowledge items?", "K"),
        ("show me the skills pls", "S"),
        ("what will he learn, like skills wise", "S"),
        ("what skills will i learn", "S"),
        ("what are the ksbs", "KSB"),
        ("which skills cover safeguarding", ""),  # a search within the skills, not the list
        ("what behaviours do employers value most in a team", ""),
    ],
)
def test_the_whole_list_of_one_kind_of_ksb(text, letters):
    assert list_asked(text) == letters
    if letters:
        assert kind_of(text) == "ksb_list" and route(text, False).listed == letters


def test_what_would_i_learn_and_what_they_do_day_to_day():
    assert kind_of("what sort of things would i learn") == "learning"
    assert kind_of("hiya wat do  do on an apprenticeship") == "duties"  # 'firefighters' taken out as the name
    assert kind_of("what do i need to do to apply") == "entry_requirements"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("do i get a degree at the end of it", ("qualifications",)),
        ("what qualification do you get", ("qualifications",)),
        ("what qualifications do i need", ("entry_requirements",)),  # needed before, not gained after
        ("and who registers me after", ("recognition",)),
        ("will i be registered with hcpc at the end", ("recognition",)),
        ("ref no?", ("reference",)),
        ("who regulates it?", ("recognition",)),
        ("prof body?", ("recognition",)),
        ("youth worker apprenticeship - degree?", ("qualifications",)),
        ("whats next after", ("progression",)),
        ("lvl, duration, entry?", ("level", "duration", "entry_requirements")),
    ],
)
def test_what_is_gained_who_registers_the_reference_and_terse_lists_of_facts(text, kinds):
    assert route(text, False).kinds == kinds


@pytest.mark.parametrize(
    "text",
    [
        "do I need to have worked in care already?",
        "do I need to be able to drive?",
        "what degree do i need",
        "i'm not a registered health professional, can i still get on through APEL?",  # the remark is not asked
        "is that a recognised route in?",
        "does a t level count for the apprenticeship",  # what one has, counted to get in
        "ive worked on site investigations for years, does experience count for the apprenticeship",
        "do you have to already be a registered professional to start the apprenticeship?",
        "anything special about getting on it, like approvals?",
    ],
)
def test_conditions_for_getting_on_in_other_words(text):
    assert route(text, False).kinds == ("entry_requirements",)


@pytest.mark.parametrize(
    "text",
    [
        "Is there a lower-level route into it for someone without A-levels?",
        "is there an easier one i could start with",
        "a stepping stone to it?",
    ],
)
def test_a_way_in_below_the_standard_is_not_its_progression(text):
    assert kind_of(text) == "way_in"


@pytest.mark.parametrize(
    "text", ["whats the difference between the 2 options", "which duties are only for the cargo option", "what does each pathway involve"]
)
def test_what_sets_the_options_apart(text):
    assert kind_of(text) == "option_duties"
    assert kind_of("what are the options") == "options"


def test_routes_of_a_standard_said_for_its_options_and_a_wish_beside_a_named_standard_is_a_remark():
    routed = route("what are the different routes on the  apprenticeship? i want to work with racehorses", True)
    assert routed.kinds == ("options",)
    assert kind_of("which route is it in") == "route"


def test_saying_which_apprenticeship_one_is_on_is_no_question_of_its_own():
    assert route("im on the  apprenticeship", True).kinds == ("overview",)
    assert route("I am on the  apprenticeship at the moment", True).kinds == ("overview",)
    assert route("im on the  apprenticeship, whats K5", True).kinds == ("ksb",)


@pytest.mark.parametrize(
    "text",
    [
        "something with animals maybe",
        "anything more arty like graphic design or animation",
        "im good at drawing and computers, what could i do",
        "i rly like planes, wat jobs r there",
        "wanna be a proper chef in a posh restaurant",
        "i wanna join the police, do they do apprenticeships",
        "just left school, no gcses really, want something in construction",
        "level 2 for someone who likes gardening",
    ],
)
def test_a_wish_in_other_words_seeks_standards(text):
    assert route(text, False).kinds == ("find",)


def test_what_someone_does_not_want_is_not_searched_for():
    from bot.router import interest_of

    assert interest_of("i want to work outdoors, not in an office") == "work outdoors"
    assert interest_of("i wanna work in IT but not coding, like fixing computers and networks") == "work IT fixing computers networks"
    assert interest_of("something in healthcare but i faint at blood lol") == "healthcare"


def test_a_beginner_is_told_apart():
    from bot.router import BEGINNER_RE

    assert BEGINNER_RE.search("im 16 with no experience") and BEGINNER_RE.search("just left school")
    assert not BEGINNER_RE.search("i have 16 years of experience")


@pytest.mark.parametrize(
    ("text", "low", "high", "extreme", "relative"),
    [
        ("engineering L4+", 4, None, None, None),
        ("anything at level 4 or above?", 4, None, None, None),
        ("at least level 5 please", 5, None, None, None),
        ("something above level 3", 4, None, None, None),
        ("up to level 3", None, 3, None, None),
        ("below level 5", None, 4, None, None),
        ("levels 4-6", 4, 6, None, None),
        ("between level 4 and 6", 4, 6, None, None),
        ("level 3 or 4", 3, 4, None, None),
        ("the L2 ones", 2, 2, None, None),
        ("what's the highest level one", None, None, "highest", None),
        ("the lowest level one", None, None, "lowest", None),
        ("anything lower?", None, None, None, "lower"),
        ("something a bit more advanced", None, None, None, "higher"),
        ("degree apprenticeships in software", 6, None, None, None),
        ("im 16 and like cars", None, 3, None, None),
        ("which is the highest paid", None, None, None, None),
        ("i like engineering", None, None, None, None),
    ],
)
def test_the_levels_a_search_asks_for(text, low, high, extreme, relative):
    from bot.resolve import level_in
    from bot.router import Levels, levels_wanted

    assert levels_wanted(text, level_in(text)) == Levels(low, high, extreme, relative)


def test_a_level_wish_is_made_absolute_against_the_list_shown_and_said():
    from bot.router import Levels

    assert Levels(relative="lower").than([4, 6, 3]) == Levels(high=2)
    assert Levels(relative="higher").than([4, 6, 3]) == Levels(low=7)
    assert Levels(low=4).said == "at level 4 or above" and Levels(3, 3).said == "at level 3" and not Levels()
    assert Levels(low=4, high=5).admits(5) and not Levels(low=4, high=5).admits(3) and Levels(high=3).admits(None)


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("any at level 4 or above?", True),
        ("something lower", True),
        ("L3 ones only please", True),
        ("what about up to level 3", True),
        ("im 16", True),
        ("level 4 plumbing ones", False),  # a new interest with it: a new search
        ("is there a level 4 version of that?", False),
        ("how long is it", False),
    ],
)
def test_a_level_wish_alone_refines_the_search_just_made(text, alone):
    from bot.router import only_levels

    assert only_levels(text) is alone


@pytest.mark.parametrize(
    "said", ["social media, like being an influencer lol", "something where i can be outside all day", "a job where i work with my hands"]
)
def test_a_wish_described_rather_than_named_is_a_search(said):
    assert kind_of(said) == "find"


def test_is_this_one_a_degree_asks_for_the_qualifications():
    assert kind_of("is this one a degree apprenticeship?") == "qualifications"


@pytest.mark.parametrize(
    "text",
    [
        "railway operations manager apprenticeship - does it cover working with the trade unions and reps?",
        "recruiter apprenticeship: is there anything on making reasonable adjustments for candidates?",
        "set carpenter apprenticeship (scenic construction) is there anything on flying scenery above the stage",
    ],
)
def test_a_search_said_of_a_named_standard_asks_what_is_inside_it(text):
    assert route(text, True, ("railway operations manager", "recruiter", "set carpenter")).kinds == ("free",)


def test_a_search_with_a_named_standard_and_no_topic_is_still_its_introduction():
    assert route("is there an apprenticeship for vet nurse", True, ("vet nurse",)).kinds == ("overview",)


@pytest.mark.parametrize(
    "text",
    [
        "senior greenkeeper - working out how long to run the sprinklers and how much water they put down, which KSBs?",
        "bioinformatician degree apprenticeship, which knowledge item covers git / version control and open source repos",
        "aircraft maintenance tech - tool control and calibrated equipment, which KSBs?",
        "doing the wind turbine pathway - which KSBs are specific to turbines?",
        "mechanical design technician option: where does it mention GD&T symbols and working out tolerances",
    ],
)
def test_a_topic_beside_the_words_of_a_list_or_a_fact_is_a_content_question(text):
    assert route(text, True, ("mechanical design technician",)).kinds == ("free",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("which KSBs are in the mechanical option?", "ksb_list"), ("which duties are there", "duties"), ("what are the skills", "ksb_list")],
)
def test_the_list_asked_with_no_topic_stays_a_list(text, kind):
    assert route(text, True, ()).kinds == (kind,)


@pytest.mark.parametrize(
    "text",
    [
        "im doing the payroll one, is there anything on monitoring worker status and re-enrolment",
        "does it mention the accredited or designated status of a museum anywhere",
        "is there anything on the roles and responsibilities of the pharmacy team",
        "anything about the job roles of the other people on a film set",
    ],
)
def test_a_facts_word_inside_a_described_topic_is_a_content_question(text):
    assert route(text, True, ()).kinds == ("free",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("what jobs does the forces apprenticeship cover? thinking of joining the army", "job_titles"),
        ("is there anything on the status of it", "status"),
        ("which duties would they carry out", "duties"),
    ],
)
def test_a_facts_word_before_the_content_words_or_alone_still_asks_the_fact(text, kind):
    assert route(text, True, ()).kinds == (kind,)


def test_a_level_said_beside_a_name_asks_nothing():
    guessed: list[str] = []

    def guess(part: str) -> str | None:
        guessed.append(part)
        return "level" if "level" in part.lower() else None

    assert route("photographer level 4 - metadata and keywording stuff for images?", True, ("photographer",), guess=guess).kinds == (
        "free",
    )
    assert route("pr and comms assistant lvl 4... do we learn how to measure a campaign", True, ("pr and comms assistant",)).kinds != (
        "level",
    )
    assert route("is it level 4?", True, ()).kinds == ("level",)


def test_a_fact_word_after_the_content_words_is_no_content_question():
    assert route("which bit covers the costs of materials", True, ()).kinds == ("free",)
    assert route("whats the most the government funding would cover", True, ()).kinds == ("funding",)


def test_what_they_would_study_in_france_asks_the_french_match():
    assert route("what would a livestock unit technician study in france?", True, ("livestock unit technician",)).kinds == ("french",)
    assert route("what would i learn", True, ()).kinds == ("learning",)


@pytest.mark.parametrize(
    "text",
    [
        "how much is about the paperwork side, like care plans?",  # a share of the content, not money
        "how much of it is spent on site rather than in college",
        "what would i actually learn about pricing up a job?",  # learning, with a topic
        "what does the standard want from me for supervising the juniors",
        "where does fault finding come in?",
        "my supervisor keeps on about costs and waste. does my apprenticeship cover stock control?",  # the remark is the topic
        "we get lots of complaints about eligibility. which KSBs would that fall under",
        "does the level 2 retail apprenticeship teach you how to handle refunds",
        "do i need to know how to do payroll",
        "is negotiating contracts explicitly in there, or not?",
    ],
)
def test_a_content_question_is_not_read_as_the_fact_its_words_resemble(text):
    assert route(text, True, ()).kinds == ("free",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("which route is it in?", "route"),
        ("level and route?", "route"),
        ("is it one route for everyone or are there options?", "options"),
        ("there's a residential route and a community route, isn't there?", "options"),
        ("how much is it?", "funding"),
        ("how much is the funding band", "funding"),
        ("is it definitely level 3?", "level"),
        ("what would apprentices learn on it", "learning"),
    ],
)
def test_the_fact_is_asked_for_not_its_word_said_in_passing(text, kind):
    assert kind in route(text, True, ()).kinds


def test_the_word_route_said_in_passing_asks_no_route():
    assert "route" not in route("she wants to go the apprenticeship route rather than uni - what is K4?", True, ()).kinds
    assert "route" not in route("on the electrical route, do you learn to terminate armoured cable", True, ()).kinds


def test_the_words_that_ask_a_fact_are_left_out_of_a_pick():
    from bot.router import without_fact_asked

    assert "finish" not in without_fact_asked("how long does it take to finish")
    assert "installation" in without_fact_asked("how long is the installation one")


def test_an_opening_word_that_says_nothing_is_left_out_before_names_are_read():
    from bot.router import without_interjection

    assert without_interjection("wait, what level is that one") == "what level is that one"
    assert without_interjection("ok so how long is it") == "so how long is it"
    assert without_interjection("waiting staff apprenticeship") == "waiting staff apprenticeship"
    assert without_interjection("wait") == "wait"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("what lvl is the spots coach", "spots coach"),
        ("what is knowledge 31 in the body shop tech one?", "body shop tech"),
        ("investment ops apprenticeship K4?", "investment ops"),
        ("what is K5", ""),  # nothing but the question
        ("sorry my tutor never explained what s8 on my course really means in practice", ""),  # a sentence, no name
    ],
)
def test_the_name_left_once_the_asking_words_are_out(text, name):
    assert naming_words(text) == name


def test_a_dislike_asks_no_fact_but_a_question_beside_it_still_does():
    assert route("somethin in computers but i hate maths", False).kinds == ("free",)  # an interest, searched by the conversation
    assert route("im bad at maths, do i need maths for it", True).kinds == ("entry_requirements",)


def test_a_small_talk_intent_is_said_in_its_own_words_only_in_a_few_words():
    from bot.router import said_in_own_words

    assert (
        said_in_own_words("affirm", "yes please")
        and said_in_own_words("thanks", "thanks mate")
        and said_in_own_words("affirm", "yes delete it")
    )
    assert not said_in_own_words("affirm", "ok - private investigator?")  # a question after an 'ok'
    assert not said_in_own_words("greet", "hi i want to be a vet nurse")


def test_two_parts_in_chat_shorthand_and_a_french_part_beside_a_fact_get_both():
    assert route("how long is it n do i need qualifications", True).kinds == ("duration", "entry_requirements")
    assert route("how long n how much", True).kinds == ("duration", "funding")  # 'how much' ending a clause: the cost
    assert route("how much does it pay", True).kinds == ("pay",) and route("how much is about welding", True).kind == "free"
    assert route("ST0539 - options and French equivalent", True).kinds == ("options", "french")


def test_a_higher_apprenticeship_as_a_kind_of_apprenticeship_asks_the_level_not_what_follows():
    named = ("supply chain leadership",)
    assert route("Is supply chain leadership apprenticship a higher or advanced apprenticeship, what level", True, named).kind == "level"
    assert route("is there a higher lab apprenticeship at level 5 or above", True).kind == "progression"


def test_asked_whether_the_standard_mentions_it_a_prerequisite_or_activity_is_content():
    named = ("fenestration fabricator",)
    assert (
        route("fenestration fabricator - do i need a forklift licence? is that mentioned anywhere in my standard", True, named).kind
        == "free"
    )
    assert route("fenestration fabricator - do i need a forklift licence?", True, named).kind == "entry_requirements"
    assert route("will i need to do first aid as part of the apprenticeship", True).kind == "free"
    assert route("anything special about getting on it, like approvals?", True).kind == "entry_requirements"
    assert route("mechatronics side - do we do embedded systems and microcontroller stuff?", True).kind == "free"


@pytest.mark.parametrize("text", ["can i do the level 3 next?", "what can i do after it", "can i do it part time"])
def test_can_i_do_without_a_condition_is_no_entry_question(text):
    assert kind_of(text) != "entry_requirements"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("analyst in a council team on the apprenticeship - will i need to program?", "will i need to program"),
        ("i run the night shift. does it cover rotas? and what about breaks?", "does it cover rotas and what about breaks"),
        ("does it cover rotas?", "does it cover rotas?"),  # nothing but the question: the whole
        ("night shift supervisor at a depot", "night shift supervisor at a depot"),  # no sentence asks: the whole
    ],
)
def test_the_asked_part_is_the_sentences_that_ask(text, asked):
    assert asked_part(text) == asked


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("il faut quel diplôme pour y entrer ?", "entry_requirements"),  # what gets one in, not the French diploma
        ("quel diplôme français correspond ?", "french"),
        ("et après, il peut évoluer vers quoi ?", "progression"),
        ("my daughter wants to be a vet nurse, what does she need?", "entry_requirements"),
        ("what would my son need", "entry_requirements"),
        ("what can i do after the bricklayer apprenticeship?", "progression"),
        ("what will i do after the EPA", "epa"),
        ("is there a level 4 after the level 3 laboratory technician apprenticeship?", "progression"),
    ],
)
def test_french_and_third_person_ways_of_asking(text, kind):
    assert kind_of(text) == kind


def test_small_talk_in_french_is_small_talk_and_a_question_after_thanks_is_not():
    assert said_in_own_words("thanks", "merci beaucoup") and said_in_own_words("goodbye", "au revoir")
    assert said_in_own_words("goodbye", "bonne journée")  # accented words are words
    assert not said_in_own_words("thanks", "thanks, what is K5 for ST0001?")  # codes are words too


@pytest.mark.parametrize(
    ("text", "courtesy"),
    [
        ("thanks", ("thanks", "en")),
        ("ok thanks so much for your help", ("thanks", "en")),
        ("merci beaucoup", ("thanks", "fr")),
        ("au revoir", ("goodbye", "fr")),
        ("hello", ("greet", "en")),
        ("thanks, and K5?", None),  # a question after the thanks
        ("thanks, what about plumbing", None),
        ("hi i want to be a vet nurse", None),
    ],
)
def test_a_message_that_is_only_a_courtesy(text, courtesy):
    assert courtesy_of(text) == courtesy


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("i'm a team leader and want to become an operations manager, which apprenticeship next?", ("operations manager",)),
        ("my daughter wants to be a dental nurse. which standard is that?", ("dental nurse",)),
        ("i want to become a nursing associate, which one then", ("nursing associate",)),
    ],
)
def test_asking_only_which_standard_beside_a_named_one_is_that_standard(text: str, named: tuple[str, ...]) -> None:
    """'which apprenticeship next' after a job named as the wish asks for that standard, not a passage of it
    (it had been searched as a free question and answered with the entry requirements)."""
    assert route(text, True, named).kind == "overview"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("if i finish it what jobs could i apply for", "job_titles"),  # not 'could i apply': jobs applied for
        ("what kind of roles does it lead to?", "job_titles"),
        ("can i do an apprenticeship and what would they want from me?", "entry_requirements"),
        ("whats the apprenticeship called", "find"),
        ("what apprenticeship do aircraft movers do", "find"),
        ("could i apply with no gcses", "entry_requirements"),
    ],
)
def test_asking_words_read_as_their_kind(text: str, kind: str) -> None:
    assert kind_of(text) == kind


def test_the_different_options_in_it_asks_for_the_options_not_a_topic() -> None:
    """'different' is no topic to search the content for ('what are the different options in it')."""
    assert route("and what are the different options in it", True).kind == "options"


def test_a_numbered_ordinal_asks_by_position() -> None:
    assert ordinals_in("whats the 20th duty about") == (Ordinal("D", 20),)
    assert ordinals_in("the 3rd skill") == (Ordinal("S", 3),)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # England said as the setting of another question, not the way back asked for
        ("je voudrais faire l'apprentissage anglais X. il dure combien de temps ?", ["duration"]),
        ("combien de temps dure l'apprentissage X en Angleterre ?", ["duration"]),
        ("quel apprentissage anglais pour un boulanger ?", ["uk_for_french"]),
        # a French course the person holds is no French course asked for
        ("j'ai mon CAP coiffure et je voudrais faire X. il dure combien de temps ?", ["duration"]),
        ("j'ai un CAP cuisine, quel BTS ensuite ?", ["french"]),
        ("level and bts?", ["level", "french"]),
        ("quels diplômes sont attendus à l'entrée ?", ["entry_requirements"]),
        ("combien l'état anglais finance au max ?", ["funding"]),
        ("level 4 something in finance", ["find"]),  # 'finance' alone is a field, not funding
        ("hw long", ["duration"]),
    ],
)
def test_french_and_typed_phrasings_read_as_their_kinds(text: str, kinds: list[str]) -> None:
    assert kinds_of(text) == kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("il faut quoi pour rentrer dedans", "entry_requirements"),
        ("qu'est-ce qu'ils demandent ?", "entry_requirements"),
        ("il faut quelles notes au GCSE ou équivalent pour rentrer ?", "entry_requirements"),  # 'ou équivalent': no French match
        ("y a des conditions spéciales pour être pris en apprentissage ?", "entry_requirements"),
        ("et on peut choisir une spécialité ?", "options"),
        ("et on peut devenir quoi comme métier ?", "job_titles"),
        ("on peut être tisserand avec ?", "job_titles"),
        ("quel est l'équivalent en France ?", "french"),
    ],
)
def test_french_follow_ups_read_as_their_kinds(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    "text", ["anything above the lead practitioner?", "il y a un niveau au-dessus ?", "quel apprentissage au dessus ?"]
)
def test_above_asks_for_progression(text: str) -> None:
    assert kind_of(text) == "progression"


def test_england_as_the_setting_gives_way_to_the_kind_asked_across_clauses() -> None:
    said = "je veux devenir inspecteur d'hygiène / santé environnementale en Angleterre. Faut quoi pour entrer en apprentissage ?"
    assert route(said, True, ("x",)).kinds == ("entry_requirements",)
    assert route("quel apprentissage anglais pour un boulanger ? combien de temps ?", True, ("boulanger",)).kinds[0] == "uk_for_french"
    assert kinds_of("on peut être tisserand avec ?") == ["job_titles"] and kinds_of("l'état finance combien max ?") == ["funding"]


@pytest.mark.parametrize(
    "text",
    [
        "my student has a French CAP in maroquinerie, what's the english apprenticeship?",
        "my learner did a bac pro fonderie in france, whats the uk apprenticeship for that",
        "french 'mécatronicien' - english degree apprenticeship equivalent?",
    ],
)
def test_an_english_apprenticeship_asked_for_a_french_course_or_job_is_the_way_back(text: str) -> None:
    assert kind_of(text) == "uk_for_french"


@pytest.mark.parametrize(
    "text",
    [
        "I want to drive the big diggers and dumpers on building sites. how do i get into that",
        "Good with numbers and interested in insurance. Level 3 to start. What fits?",
        "i work for a housing association and want to move into the antisocial behaviour side. any apprenticeship?",
        "just been made supervisor of a small team, first time managing people. whats there to help me do it properly",
        "Looking for options for a 19 year old who wants to work with adults who've been through the courts",
    ],
)
def test_a_wish_then_the_way_asked_seeks_standards(text: str) -> None:
    assert seeks_standards(text)


def test_french_short_follow_ups_and_a_wish_reported_read_as_their_kinds() -> None:
    assert kinds_of("et après ?") == ["progression"] and kinds_of("il ferait quoi au quotidien ?") == ["duties"]
    assert seeks_standards("my mum says i shud work in a warehouse like amazon lol")


@pytest.mark.parametrize(
    ("text", "code"),
    [("next one after S13", "S14"), ("the one after s6", "S7"), ("what comes after B2?", "B3"), ("the one before K4", "K3")],
)
def test_a_step_from_a_named_code_asks_the_code_beside_it(text, code):
    routed = route(text, False, last_kind="ksb")
    assert routed.kinds == ("ksb",) and routed.codes == (code,)


def test_words_that_ask_for_content_do_not_reach_across_sentences():
    assert route("what options are there? i work on the production side", True, ()).kinds == ("options",)
    assert route("are there any? i mean ksbs on welding", True, ()).kinds == ("free",)


@pytest.mark.parametrize(
    "text", ["where do influencers and AI come up", "where does manual handling crop up", "where would risk assessments feature"]
)
def test_where_a_topic_comes_up_asks_the_content(text):
    assert asks_for_content(text)


@pytest.mark.parametrize(
    "asked",
    [
        "our company is big on net zero and we cut the electricity we burn through. where does that appear in my standard?",
        "she was stuffing wool into the cushions of a saddle. is that one of the skills in her apprenticeship? which one",
        "we check for asbestos before drilling, where would that show up in the standard",
    ],
)
def test_where_a_described_topic_appears_asks_for_content(asked):
    assert asks_for_content(asked)


@pytest.mark.parametrize(
    "text",
    [
        "my manager asked if the course teaches how to price up a quote before starting a job. does it?",  # not entry
        "she wonders whether her apprenticeship covers handling complaints",
        "is that something the standard actually covers or is it just my boss's thing",
        "does his apprenticeship cover knowing when a job needs a permit?",  # 'needs' is no entry requirement here
        "is checking the fire alarms weekly actually in my standard?",
        "is that part of the apprenticeship standard or extra?",
        "will i learn how to read the gas meter properly?",
        "he'll actually be trained to use the breathing kit, won't he?",
        "i have never done marketing. will the degree cover that?",
    ],
)
def test_the_apprenticeship_said_as_what_holds_the_topic_asks_for_content(text):
    assert asks_for_content(text)
    assert route(text, True, ()).kinds == ("free",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("what does the apprenticeship cover?", "learning"),  # ('what would i learn': test_what_they_would_study_in_france...)
        ("what do i need before starting the apprenticeship?", "entry_requirements"),
    ],
)
def test_asking_what_the_whole_apprenticeship_holds_or_needs_is_not_a_piece_of_content(text, kind):
    assert route(text, True, ()).kinds == (kind,)


def test_a_name_taken_out_takes_the_bracket_it_opened():
    text = "on the Ordnance munitions and explosives specialist (integrated degree) - is there anything about storage?"
    assert (
        without_names(text, "Ordnance munitions and explosives specialist (integrated degree")
        == "on the   - is there anything about storage?"
    )
    assert without_names("the (level 3) one", "level 3") == "the ( ) one"  # a bracket it did not open stays


@pytest.mark.parametrize("text", ["can i go straight onto it or what's needed?", "what is required to start?", "whats needed first"])
def test_what_is_needed_said_at_the_end_asks_the_entry_requirements(text):
    assert route(text, True, ()).kinds == ("entry_requirements",)
