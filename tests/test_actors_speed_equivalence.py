"""The per-Doc token tables of the actor stages give exactly what the spaCy attributes they replace give."""

from __future__ import annotations

import pytest

from eventcoder.actors.tokens import Tokens, tokens_of

TEXT = ("The U.S.-backed forces met in Geneva on Monday.  Iran's foreign minister, Mohammad Javad Zarif, said\n"
        "they would return to Tehran next week. \u201cWe agreed,\u201d the two men said in Sochi, Russia on 3 May 2019. "
        "- ( Russia , Iran and Turkey ) .")


@pytest.fixture(scope="module")
def doc(coder):
    return coder.pipeline.nlp(TEXT)


def test_columns_match_token_attributes(doc):
    for hint in (TEXT, None, TEXT + " "):  # a wrong hint is not used
        tk = Tokens(doc, hint)
        assert tk.doc_text == doc.text
        assert len(tk) == len(doc)
        assert tk.text == tuple(t.text for t in doc)
        assert tk.sents == tuple((s.start, s.end) for s in doc.sents)
        assert tk.head == tuple(t.head.i for t in doc)
        assert tk.lower == tuple(t.lower_ for t in doc)
        assert tk.lower_id == tuple(doc.vocab.strings[t.lower_] for t in doc)
        assert tk.lemma == tuple(t.lemma_ for t in doc)
        assert tk.lemma_lower == tuple(t.lemma_.lower() for t in doc)
        assert tk.tag == tuple(t.tag_ for t in doc)
        assert tk.pos == tuple(t.pos_ for t in doc)
        assert tk.dep == tuple(t.dep_ for t in doc)
        assert tk.ent_type == tuple(t.ent_type_ for t in doc)
        assert tk.ent_iob == tuple(t.ent_iob_ for t in doc)
        for t in doc:
            assert tk.is_stop(t.i) == t.is_stop
            assert tk.children(t.i) == tuple(c.i for c in t.children)
            assert (tk.sent_start[t.i], tk.sent_end[t.i]) == (t.sent.start, t.sent.end)
            assert tk.sents[tk.sent_of[t.i]] == (t.sent.start, t.sent.end)


def test_span_text_and_root_match_spacy_spans(doc):
    tk = tokens_of(doc, TEXT)
    for i in range(len(doc)):
        for j in range(i + 1, min(len(doc), i + 8) + 1):
            span = doc[i:j]
            assert tk.span_text(i, j) == span.text
            assert (tk.start_char[i], tk.end_char[j - 1]) == (span.start_char, span.end_char)
            assert tk.root(i, j) == span.root.i, (i, j, span.text)


def test_tables_are_cached_on_the_doc(doc):
    assert tokens_of(doc, TEXT) is tokens_of(doc)
