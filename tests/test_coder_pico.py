"""PICO code arithmetic (negation, verb chains) and the compound-subject rules, with an inline PICO table."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from eventcoder.coder.pico import combine, negate
from eventcoder.dictionaries.actors import ActorDictionary, ActorEntry, CodeSpan
from eventcoder.dictionaries.agents import AgentDictionary
from eventcoder.dictionaries.discards import DiscardList
from eventcoder.dictionaries.pico import Pico
from eventcoder.model import Article
from eventcoder.pipeline import Pipeline

# invented internal values: "intend" 0x3000 + "aid" 0x0040 = "intend to aid"; "criticize" = "praise" + NOT
PICO = Pico({"030": 0x3000, "070": 0x0040, "033": 0x3040, "051": 0x0081, "111": 0x0081 + 0xFFFF,
             "190": 0x00A0, "---": 0})

VERBS = """--- PRAISE [051] ---
PRAISE
--- CRITICIZE [111] ---
CRITICIZE
--- PROMISE [030] ---
PROMISE
--- HELP [070] ---
HELP
--- FIGHT [190] ---
FIGHT
--- ATTACK [190] ---
ATTACK
"""


def test_pico_functions():
    assert combine(PICO, "030", "070") == "033"
    assert combine(PICO, "030", "190") is None  # the sum is no code of the table
    assert negate(PICO, "111") == "051" and negate(PICO, "051") == "111"
    assert negate(PICO, "190") is None and negate(None, "111") is None


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    path = tmp_path_factory.mktemp("pico") / "v.txt"
    path.write_text(VERBS)
    d = SimpleNamespace(verbs=str(path), pico=PICO, discards=DiscardList(), agents=AgentDictionary(),
                        actors=ActorDictionary([ActorEntry(n, codes=(CodeSpan(c),)) for n, c in
                                                (("Valdoria", "VAL"), ("Ostrava", "OST"), ("Mirenia", "MIR"))]))
    res = SimpleNamespace(dictionaries=d)

    def go(text: str, keep_modal: bool = False):
        from eventcoder import nlp
        pipe = Pipeline(["actors", "coder", "modality"], resources=res,
                        config={"modality": {"keep_modal": keep_modal}})
        adoc = pipe.run(Article("t", text, dt.date(2016, 1, 1)), nlp.load()(text))
        return {(e.source.code, e.target.code if e.target else None, e.code) for e in adoc.events}, adoc
    return go


def test_negation_recoded_with_pico(run):
    got, adoc = run("Valdoria did not criticize Ostrava.")
    assert got == {("VAL", "OST", "051")}
    assert not adoc.events[0].negated


def test_negation_without_pico_value_is_dropped(run):
    assert run("Valdoria did not attack Ostrava.")[0] == set()
    assert run("Valdoria did not attack Ostrava.", keep_modal=True)[0] == {("VAL", "OST", "190")}


def test_chain_combined_with_pico(run):
    got, adoc = run("Valdoria promised to help Ostrava.")
    assert got == {("VAL", "OST", "033")}
    assert adoc.events[0].trigger == "help"


def test_compound_subject_pairs_need_a_reciprocal_cue(run):
    assert run("Valdoria and Ostrava attacked.")[0] == set()
    got = run("Valdoria and Ostrava fight each other.")[0]
    assert got == {("VAL", "OST", "190"), ("OST", "VAL", "190")}
