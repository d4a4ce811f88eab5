"""An ordered pattern with a synset of one-word alternatives takes the earliest alternative, leaving room for
the pattern's later words ("voted on a motion against Y" matches "* &PREP MOTION")."""

from __future__ import annotations

import pytest

from eventcoder.coder.adapter import lexicon_from
from eventcoder.coder.match import best_match
from eventcoder.dictionaries.loader import load_verbs
from eventcoder.nlp import load

VERBS = """\
&PREPOSITIONS_
+AGAINST
+ON

--- VOTE [---] ---
VOTE
- * &PREPOSITIONS MOTION [172]
"""


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory):
    path = tmp_path_factory.mktemp("dict") / "order.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return lexicon_from(load_verbs([path]))


@pytest.mark.parametrize("text", ["Kenya voted on a motion against Uganda.", "Kenya voted against a motion."])
def test_earliest_synset_alternative(lexicon, text):
    doc = load()(text)
    v = next(t for t in doc if t.lemma_ == "vote")
    m = best_match(lexicon.lookup(v.lower_, v.lemma_.lower()), v, doc[:])
    assert m is not None and m.code == "172"
