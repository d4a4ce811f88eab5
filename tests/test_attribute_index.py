"""The indexed attribute ruler gives exactly the token attributes of spaCy's own ``attribute_ruler``."""

from __future__ import annotations

import pytest

from eventcoder.attribute_index import COMPONENT, IndexedAttributeRuler

TEXTS = [
    "Valdoria's foreign minister met his Ostravan counterpart on Tuesday; they didn't agree.",
    "Y'all gonna vote? Let's see, c'mon. I ain't sure they're ready, and we gotta wait.",
    "There is a rally at 5 p.m.  Two  spaces\n\nand a tab\there, and another one.",
    "The U.S.-backed forces, who'd been shelled, said: \"We won't leave!\" Ain't that so?",
    "Its 3rd brigade—1,200 troops—crossed into the north at 04:30 on 12 March 2021.",
    "He's been arrested, hasn't he? Is it theirs or ours? This is what those were.",
]


@pytest.fixture(scope="module")
def pair():
    import spacy

    from eventcoder import nlp as nlp_mod
    stock = spacy.load(nlp_mod.MODEL)
    return stock, nlp_mod.load()


def test_the_default_pipeline_uses_the_indexed_twin(pair):
    _stock, ours = pair
    assert COMPONENT in ours.pipe_names and "attribute_ruler" not in ours.pipe_names
    assert ours.pipe_names.index(COMPONENT) == ours.pipe_names.index("parser") + 1


def test_every_token_attribute_is_the_stock_components(pair):
    stock, ours = pair
    n = 0
    for a, b in zip(stock.pipe(TEXTS), ours.pipe(TEXTS), strict=True):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            assert (x.pos_, x.tag_, x.dep_, x.lemma_, str(x.morph)) == (y.pos_, y.tag_, y.dep_, y.lemma_,
                                                                      str(y.morph)), x.text
            n += 1
    assert n > 100


def test_rules_it_cannot_express_keep_the_stock_component():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "big", "OP": "+"}]], {"TAG": "JJ"})
    assert IndexedAttributeRuler.from_ruler(ruler) is None
    ruler2 = spacy.blank("en").add_pipe("attribute_ruler")
    ruler2.add([[{"LENGTH": 3}]], {"TAG": "NN"})
    assert IndexedAttributeRuler.from_ruler(ruler2) is None


def test_later_rules_win_and_indices_point_into_the_match():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"}, index=0)
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=-1)
    ruler.add([[{"LOWER": {"IN": ["gon", "wan"]}}]], {"LEMMA": "want"})
    ruler.add([[{"LOWER": {"REGEX": "^n'?a$"}}]], {"TAG": "TO"})
    twin = IndexedAttributeRuler.from_ruler(ruler)
    assert twin is not None
    text = "we gon na wan na go"
    a, b = ruler(nlp.make_doc(text)), twin(nlp.make_doc(text))
    assert [(t.lemma_, t.tag_) for t in a] == [(t.lemma_, t.tag_) for t in b]
    assert [t.lemma_ for t in b][1:3] == ["want", "to"]
