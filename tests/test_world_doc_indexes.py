"""The per-document indexes that replace spaCy Span/Token work in the hot paths give what spaCy gives."""

from __future__ import annotations

import pytest

from eventcoder.actors.context import load_base
from eventcoder.actors.context_base import normalise
from eventcoder.actors.context_state import Context
from eventcoder.actors.context_tables import load_tables
from eventcoder.world.clause import ents_in, scopes, sentence_bounds, sentence_of

TEXT = ("The U.S.-backed forces met in Geneva on Monday.  Iran's foreign minister, Mohammad Javad Zarif, said\n"
        "they would return to Tehran next week. \u201cWe agreed,\u201d the two men said in Sochi, Russia on 3 May 2019.")


@pytest.fixture(scope="module")
def doc(coder):
    return coder.pipeline.nlp(TEXT)


def test_context_text_and_keys_match_spacy_spans(doc):
    for hint in (TEXT, None, TEXT + " extra"):  # a wrong hint is not used
        ctx = Context(doc, [], load_base(), load_tables(), None, text_hint=hint)
        assert ctx.texts == [t.text for t in doc]
        for i in range(len(doc)):
            assert ctx.sent_start(i) == doc[i].sent.start and ctx.sent_end(i) == doc[i].sent.end
            for j in range(i, min(len(doc), i + 5) + 1):
                assert ctx.text(i, j) == doc[i:j].text
                assert ctx.key(i, j) == normalise(doc[i:j].text)
        assert ctx.lower_ids == [doc.vocab.strings[t.lower_] for t in doc]


def test_sentence_and_entity_helpers_match_spacy(doc):
    cache: dict = {}
    starts, ends = sentence_bounds(doc, cache)
    for t in doc:
        assert (starts[t.i], ends[t.i]) == (t.sent.start, t.sent.end)
        assert sentence_of(doc, t.i, cache) == t.sent
        assert [(e.start, e.end) for e in ents_in(doc, t.sent.start, t.sent.end, cache)] == \
            [(e.start, e.end) for e in t.sent.ents]
        assert scopes(doc, t.i, cache) == scopes(doc, t.i)


def test_doc_text_uses_the_hint_only_when_it_is_the_parsed_text(doc):
    from eventcoder.world.doctext import doc_text
    assert doc_text(doc, TEXT) is TEXT
    assert doc_text(doc, None) == TEXT
    assert doc_text(doc, TEXT[:-1]) == TEXT  # another length
    assert doc_text(doc, "X" + TEXT[1:]) == TEXT  # another first word
    assert doc_text(doc, TEXT[:-1] + "!") == TEXT  # another last token
