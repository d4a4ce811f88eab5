"""The parse: sentence boundaries the small model gets wrong, corrected before the parser."""

from __future__ import annotations

from eventcoder import nlp as nlp_mod


def test_no_sentence_starts_after_a_word_ending_in_a_hyphen():
    nlp = nlp_mod.load()
    assert nlp_mod.SENTENCE_FIX in nlp.pipe_names
    assert nlp.pipe_names.index(nlp_mod.SENTENCE_FIX) < nlp.pipe_names.index("parser")
    doc = nlp("The envoy was seen to walk into an anti- Valdorian rally on Sunday. Police watched.")
    assert [s.text for s in doc.sents] == ["The envoy was seen to walk into an anti- Valdorian rally on Sunday.",
                                           "Police watched."]


def test_ordinary_hyphens_and_sentences_are_untouched():
    doc = nlp_mod.load()("Pro-government groups marched - loudly. Then they left.")
    assert [s.text for s in doc.sents] == ["Pro-government groups marched - loudly.", "Then they left."]
