"""Intent verbs: an event in the infinitive complement of "seek", "try", "vow", ... is an aim (future),
including through a purpose clause of that complement; a purpose clause of a deed is not."""

from __future__ import annotations


def test_complement_of_an_intent_verb_is_future(coder):
    evs = coder.code("Putin tried to meet Erdogan in Ankara.", date="2020-01-05")
    assert [(e.source.code, e.target.code, e.future) for e in evs] == [("RUSGOV", "TURGOV", True)]


def test_purpose_clause_inside_an_aim_is_future(coder):
    evs = coder.code("Washington sought to work more closely with Moscow to defeat the Islamic State.",
                     date="2020-01-05")
    defeat = [e for e in evs if e.trigger == "defeat"]
    assert defeat and all(e.future for e in defeat)


def test_plain_deeds_and_their_purpose_stay_facts(coder):
    evs = coder.code("Merkel flew to Paris to meet Macron.", date="2020-01-05")
    assert evs and not any(e.future for e in evs)
    evs = coder.code("Putin met Erdogan in Ankara.", date="2020-01-05")
    assert evs and not any(e.future for e in evs)


def test_a_purpose_clause_takes_the_modality_of_the_clause_it_serves():
    from eventcoder import Coder
    coder = Coder(keep_modal=True)
    evs = coder.code("Merkel did not fly to Paris to meet Macron.", date="2020-01-05")
    assert evs and all(e.negated for e in evs)
    evs = coder.code("The French envoy will travel to Berlin next week to meet the German president.",
                     date="2020-01-05")
    assert evs and all(e.future for e in evs)
