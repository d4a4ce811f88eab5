"""The coder's per-Doc token arrays agree with spaCy's own token attributes (they replace them in inner loops)."""

from __future__ import annotations

import pytest

from eventcoder.coder.args import clause_tokens
from eventcoder.coder.match import token_keys
from eventcoder.docarrays import StringNames, _build, doc_arrays, subtree

TEXT = ("Officials in Gondor said on Tuesday that the cease-fire would not hold, while Arnor's foreign minister, "
        "who met his counterpart in Rohan, urged both sides to resume talks over the disputed border. "
        "The talks between the two envoys were postponed; Mordor never agreed to them.")


@pytest.fixture(scope="module")
def doc():
    from eventcoder import nlp

    return nlp.load()(TEXT)


def _spacy_clause(tok, embedded) -> list[int]:
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t.i)
        stack.extend(c for c in t.children if c.dep_ not in embedded)
    return out


def test_arrays_match_token_attributes(doc):
    a = doc_arrays(doc)
    assert doc_arrays(doc) is a  # cached on the Doc
    for t in doc:
        assert (a.text[t.i], a.lower[t.i], a.lemma[t.i], a.lemma_raw[t.i]) == (
            t.text, t.lower_, t.lemma_.lower(), t.lemma_)
        assert (a.pos[t.i], a.tag[t.i], a.dep[t.i], a.head[t.i]) == (t.pos_, t.tag_, t.dep_, t.head.i)
        assert list(a.children[t.i]) == [c.i for c in t.children]
        assert subtree(a, t.i) == [x.i for x in t.subtree]


def test_entity_types_and_the_shared_string_cache(doc):
    a = doc_arrays(doc)
    assert list(a.ent_type) == [t.ent_type_ for t in doc]
    names = StringNames(doc.vocab.strings)
    assert _build(doc, names) == _build(doc) == a  # the cache gives the same arrays
    assert len(names) > 20 and all(doc.vocab.strings[h] == s for h, s in names.items())


def test_clause_tokens_and_keys_follow_the_parse(doc):
    from eventcoder.coder.args import EMBEDDED

    for t in doc:
        assert clause_tokens(t) == _spacy_clause(t, EMBEDDED)
    keys = token_keys(doc)
    fire = next(t for t in doc if t.lower_ == "fire")
    assert keys[fire.i][0] == "FIRE"
    if doc[fire.i - 1].text == "-":  # "cease - fire" split by the tokenizer: the joined form is a key too
        assert "CEASE-FIRE" in keys[fire.i]
    never = next(t for t in doc if t.lower_ == "never")
    assert "NOT" in keys[never.i]
