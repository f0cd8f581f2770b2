from bot.spelling import Speller, joined_compounds

VOCABULARY = {"sonographer": 1, "orthoptist": 1, "installer": 3, "months": 1, "maths": 1, "actuary": 1, "funding": 2, "level": 5}
KNOWN = {"actually", "remember"}


def speller() -> Speller:
    return Speller(VOCABULARY, KNOWN)


def test_typos_of_name_and_question_words_are_put_right():
    fix = speller().correct
    assert fix("which level is the snoographer pitched at") == "which level is the sonographer pitched at"  # swapped letters
    assert fix("S11 from the fencing instller") == "S11 from the fencing installer"  # a letter left out
    assert fix("maximum fundng please") == "maximum funding please"
    assert fix("how many mnths") == "how many months"  # left out, not changed: not 'maths'


def test_known_words_short_words_and_unclear_ones_are_left():
    fix = speller().correct
    assert fix("what does it actualy say") == "what does it actualy say"  # as near 'actually' as 'Actuary'
    assert fix("i cant remember") == "i cant remember"
    assert fix("the bus") == "the bus"  # too short to judge
    assert speller().correction("zzzzzz") is None


def test_chat_shorthand_is_read():
    assert speller().correct("what lvl is it") == "what level is it"
    assert speller().correct("do u need maths, wot are the prereqs") == "do you need maths, what are the prerequisites"
    assert speller().correct("worked in the U.K. for R&D") == "worked in the U.K. for R&D"


def test_french_messages_and_accented_words_are_not_touched():
    fix = speller().correct
    assert fix("quels sont les intitulés de poste typiques") == "quels sont les intitulés de poste typiques"
    assert fix("quel est le niveau de cette formation ?") == "quel est le niveau de cette formation ?"


def test_two_words_as_near_and_as_common_are_not_guessed():
    assert Speller({"bakery": 1, "bakers": 1}, set()).correction("bakerx") is None
    assert Speller({"bakery": 1, "bakers": 5}, set()).correction("bakerx") == "bakers"  # unless one is far commoner
    assert Speller({"baker": 1, "maker": 1}, set()).correction("xaker") is None  # the first letter is kept


def test_a_slip_of_the_catalogue_is_no_rival_to_the_word_it_misspells():
    vocabulary = {"practitioner": 40}
    shielded = Speller(vocabulary, {"pracitioner"})
    assert shielded.correction("practioner") is None  # nearest a known word that names nothing: left
    speller_ = Speller(vocabulary, {"pracitioner"}, slips={"pracitioner"})
    assert speller_.correction("practioner") == "practitioner"
    assert speller_.correction("pracitioner") is None  # said as the catalogue writes it, it still matches that name


def test_a_slip_of_the_catalogue_is_read_as_the_word_it_misspells_only_when_asked():
    speller_ = Speller({"business": 80, "analyst": 20}, {"busness"}, slips={"busness"})
    assert speller_.correct("busness analyst") == "busness analyst"  # as written it may name the slip's standard
    assert speller_.correct("busness analyst", slips=True) == "business analyst"


def test_two_letters_swapped_beat_a_known_word_one_letter_away():
    # 'colck' is 'cock' with a letter added, but the very letters typed, two swapped, spell 'clock'
    fixing = Speller({"clock": 2, "maker": 3, "driver": 4}, {"cock", "drive"})
    assert fixing.correct("colck maker") == "clock maker"
    assert fixing.correct("train drivre") == "train driver"


def test_a_name_word_far_rarer_than_another_as_near_is_not_the_one_meant():
    # 'technican' is one job title's slip; a person typing 'techncian' means the word hundreds of names use
    fixing = Speller({"technician": 800, "technican": 1}, set())
    assert fixing.correction("techncian") == "technician"
    assert Speller({"actuary": 14, "actually": 1}, set()).correction("actualy") == "actually"  # not that much rarer


def test_a_hyphenated_name_word_written_as_one_is_read_as_the_name_writes_it():
    names = ["Electro-mechanical engineer", "Non-destructive testing engineer", "Co-op manager", "Well-being officer", "Wellbeing lead"]
    compounds = joined_compounds(names, titles=["Electro-mechanical engineer", "Wellbeing lead"])
    # 'coop' is too short to judge; 'wellbeing' is how a title writes it: both stand
    assert compounds == {"electromechanical": "electro-mechanical", "nondestructive": "non-destructive"}
    speller = Speller({"engineer": 5}, known={"electromechanical", "engineer"}, compounds=compounds)
    assert speller.correct("electromechanical engineer degree") == "electro-mechanical engineer degree"  # known, still read as the name
