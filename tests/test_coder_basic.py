"""The coder on sentences written for these tests, with a tiny inline dictionary of invented countries."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from eventcoder.dictionaries.actors import ActorDictionary, ActorEntry, CodeSpan
from eventcoder.dictionaries.agents import AgentDictionary, AgentEntry
from eventcoder.dictionaries.discards import DiscardEntry, DiscardList
from eventcoder.model import Article
from eventcoder.pipeline import Pipeline

VERBS = """\
&TALKS_
+TALKS
+NEGOTIATIONS

&TRUCE
+TRUCE
+CEASE-FIRE
+CEASEFIRE

--- DECLARE [---] ---
DECLARE
- * &TRUCE [0871:0871]

--- ACCUSE [112] ---
ACCUSE
- * (OF SPYING) [1125]

--- CRITICIZE [111] ---
CRITICIZE
DENOUNCE

--- MEET [040:040] ---
MEET {MET MEETING MEETS}

--- VISIT [042:043] ---
VISIT
FLY {FLEW FLOWN FLIES FLYING}

--- COOPERATE [---] ---
WORK
- * (WITH) [030]
- * CLOSELY (WITH) [0311]

--- ATTACK [190] ---
ATTACK

--- SAY [010] ---
SAY {SAID SAYS SAYING}

--- UNITE [040] ---
UNITE

--- HOLD [---] ---
HOLD {HELD HOLDS HOLDING}
- * &TALKS [040:040]

--- SEND [---] ---
SEND {SENT SENDS SENDING}
- * TROOPS [150]
"""


def _actors() -> ActorDictionary:
    return ActorDictionary([
        ActorEntry("Valdoria", aliases=("Valdorian",), codes=(CodeSpan("VAL"),)),
        ActorEntry("Ostrava", aliases=("Ostravan",), codes=(CodeSpan("OST"),)),
        ActorEntry("Mirenia", aliases=("Mirenian",), codes=(CodeSpan("MIR"),)),
        ActorEntry("Tom Hallan", aliases=("Hallan",), codes=(CodeSpan("VALGOV", dt.date(2010, 1, 1), None),
                                                           CodeSpan("VALELI"))),
    ])


def _agents() -> AgentDictionary:
    return AgentDictionary([
        AgentEntry("foreign minister", "GOVFRM", plurals=("foreign ministers",)),
        AgentEntry("army", "MIL", plurals=("armies",)),
        AgentEntry("official", "GOV", plurals=("officials",)),
        AgentEntry("charity", "NGO", prefix=True, plurals=("charities",)),
    ])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("dict") / "tiny.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    d = SimpleNamespace(verbs=str(path), actors=_actors(), agents=_agents(),
                        discards=DiscardList([DiscardEntry("football match")]), pico=None)
    res = SimpleNamespace(dictionaries=d)

    def run(text: str, keep_modal: bool = True, date: str = "2015-06-01"):
        pipe = Pipeline(["actors", "coder", "ontology", "modality"], resources=res,
                        config={"modality": {"keep_modal": keep_modal}})
        from eventcoder import nlp
        from eventcoder.pipeline import Resources
        res.ontology = Resources().ontology
        art = Article(id="t", text=text, date=dt.date.fromisoformat(date))
        return pipe.run(art, nlp.load()(text), trace=True)
    return run


def triples(adoc) -> set[tuple]:
    return {(e.source.code, e.target.code if e.target else None, e.code) for e in adoc.events}


def test_simple_svo(tiny):
    a = tiny("Valdoria accused Ostrava of spying on its ports.")
    assert triples(a) == {("VAL", "OST", "1125")}
    ev = a.events[0]
    assert "ACCUSE" in ev.pattern and "tiny.verbs.txt:" in ev.pattern
    assert ev.trigger.lower().startswith("accused") and ev.trigger_i == 1
    assert ev.attributes["root"] == "11" and ev.attributes["quad_class"] == 3


def test_block_code_when_no_pattern(tiny):
    assert triples(tiny("Valdoria accused Ostrava yesterday.")) == {("VAL", "OST", "112")}


def test_passive_by_agent(tiny):
    assert triples(tiny("Ostrava was denounced by Mirenia on Monday.")) == {("MIR", "OST", "111")}


def test_compound_target_and_source(tiny):
    assert triples(tiny("Valdoria and Mirenia criticized Ostrava.")) == {("VAL", "OST", "111"), ("MIR", "OST", "111")}
    assert triples(tiny("Valdoria criticized Ostrava and Mirenia.")) == {("VAL", "OST", "111"), ("VAL", "MIR", "111")}


def test_meeting_pairs_and_paired_code(tiny):
    got = triples(tiny("Valdoria and Ostrava met in a border town."))
    assert got == {("VAL", "OST", "040"), ("OST", "VAL", "040")}
    got = triples(tiny("Valdoria visited Ostrava last week."))
    assert got == {("VAL", "OST", "042"), ("OST", "VAL", "043")}


def test_xcomp_chain(tiny):
    assert triples(tiny("Valdoria sought to work more closely with Ostrava.")) == {("VAL", "OST", "0311")}
    got = triples(tiny("The Valdorian foreign minister flew to Ostrava to meet Mirenian officials."))
    assert ("VALGOVFRM", "OST", "042") in got
    assert ("VALGOVFRM", "MIRGOV", "040") in got


def test_agent_combinations(tiny):
    a = tiny("The foreign minister of Mirenia criticized Ostrava's army.")
    assert triples(a) == {("MIRGOVFRM", "OSTMIL", "111")}
    a = tiny("A Valdorian charity criticized Ostrava.")
    assert {m.code for m in a.mentions} >= {"NGOVAL", "OST"}


def test_actor_code_on_article_date(tiny):
    assert triples(tiny("Hallan criticized Ostrava.", date="2015-01-01")) == {("VALGOV", "OST", "111")}
    assert triples(tiny("Hallan criticized Ostrava.", date="2005-01-01")) == {("VALELI", "OST", "111")}


def test_modality_flags(tiny):
    (e,) = tiny("Valdoria did not criticize Ostrava.").events
    assert e.negated and not e.future and not e.hypothetical
    (e,) = tiny("Valdoria will meet Ostrava next month.").events[:1]
    assert e.future and not e.negated
    (e,) = tiny("Valdoria would attack Ostrava.").events
    assert e.hypothetical
    evs = tiny("If Valdoria attacks Ostrava, Mirenia will denounce it.").events
    assert any(x.code == "190" and x.hypothetical for x in evs)


def test_modality_stage_drops_negated_and_hypothetical(tiny):
    assert tiny("Valdoria did not criticize Ostrava.", keep_modal=False).events == []
    assert tiny("Valdoria might attack Ostrava.", keep_modal=False).events == []
    assert triples(tiny("Valdoria attacked Ostrava.", keep_modal=False)) == {("VAL", "OST", "190")}


def test_reported_speech(tiny):
    evs = tiny("Mirenia said that Valdoria attacked Ostrava.").events
    attack = [e for e in evs if e.code == "190"]
    assert attack and attack[0].reported and attack[0].source.code == "VAL"
    evs = tiny("Valdoria attacked Ostrava, a Mirenian official said.").events
    assert [(e.source.code, e.code) for e in evs] == [("VAL", "190")]
    assert evs[0].reported
    (e,) = tiny("Valdoria attacked Ostrava on Monday, according to witnesses.").events
    assert e.reported
    (e,) = tiny("Valdoria attacked Ostrava on Monday.").events
    assert not e.reported


def test_nominal_event(tiny):
    got = triples(tiny("Valdoria held talks with Ostrava on Sunday."))
    assert got == {("VAL", "OST", "040"), ("OST", "VAL", "040")}
    got = triples(tiny("The meeting between Valdoria and Mirenia ended early."))
    assert ("VAL", "MIR", "040") in got


def test_hyphenated_nominal_event(tiny):
    a = tiny("A cease-fire between Valdoria and Ostrava began at midnight.")
    assert triples(a) == {("VAL", "OST", "0871"), ("OST", "VAL", "0871")}
    assert a.events[0].trigger == "cease-fire"
    # the verb that names the truce codes it; the noun is not coded a second time
    assert triples(tiny("Valdoria and Ostrava declared a truce.")) == {("VAL", "OST", "0871"), ("OST", "VAL", "0871")}


def test_no_event_from_relative_clause(tiny):
    evs = tiny("Mirenia criticized Ostrava, whose army attacked villages near the river.").events
    assert triples_of(evs) == {("MIR", "OST", "111")}
    assert not any(e.code == "190" for e in evs)


def test_relative_pronoun_takes_its_antecedent(tiny):
    got = triples(tiny("Mirenia, which denounced Ostrava last year, attacked Valdoria."))
    assert got == {("MIR", "OST", "111"), ("MIR", "VAL", "190")}


def triples_of(evs) -> set[tuple]:
    return {(e.source.code, e.target.code if e.target else None, e.code) for e in evs}


def test_copular_stative_participle(tiny):
    got = triples(tiny("Valdoria and Mirenia are united in support of Ostrava."))
    assert got == {("VAL", "OST", "040"), ("MIR", "OST", "040")}


def test_trigger_is_the_verb_only(tiny):
    (e,) = tiny("Valdoria accused Ostrava of spying.").events
    assert e.trigger == "accused" and e.trigger_span == (9, 16)


def test_discarded_sentence_has_no_mentions(tiny):
    a = tiny("Valdoria attacked Ostrava in the football match.")
    assert a.mentions == [] and a.events == []


def test_explain_trace_names_patterns(tiny):
    a = tiny("Valdoria accused Ostrava of spying.")
    chosen = [s for s in a.trace if s["stage"] == "coder" and "chosen" in s]
    assert chosen and "(OF SPYING)" in chosen[0]["chosen"]
