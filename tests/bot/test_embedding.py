"""The encoder's own vocabulary, read as the everyday English words."""


def test_the_tokenizers_whole_words_are_everyday_words_and_trade_acronyms_are_not(encoder):
    vocabulary = encoder.vocabulary()
    assert {"send", "let", "ads", "care"} <= vocabulary
    assert not {"haccp", "coshh", "loler"} & vocabulary
    assert not any(word.startswith("##") for word in vocabulary)
