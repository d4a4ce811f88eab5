"""Coder rules for complement clauses and settings, on sentences written for these tests (shipped dictionaries)."""

from __future__ import annotations

import pytest


def triples(coder, text: str) -> set[tuple[str, str | None, str]]:
    return {(e.source.code, e.target.code if e.target else None, e.code) for e in coder.code(text, date="2019-05-14")}


def test_complement_pronoun_is_the_governing_subject(coder):
    assert ("KEN", "UGA", "111") in triples(coder, "Kenya indicated it condemned Uganda.")


def test_pronoun_of_a_fronted_complement_is_not_the_speaker(coder):
    # "It condemned Uganda, Kenya indicated": the quoted clause comes first; "it" is someone else
    assert not any(s == "KEN" and c == "111" for s, _t, c in triples(coder, "It condemned Uganda, Kenya indicated."))


def test_named_complement_subject_is_kept(coder):
    got = triples(coder, "Kenya indicated that Ethiopia condemned Uganda.")
    assert not any(s == "KEN" and c == "111" for s, _t, c in got)


# ---- "X is said / reported to have ...": the passive reporting verb is not combined with the complement (PICO)
def test_passive_reporting_verb_is_not_combined(coder):
    got = triples(coder, "Kenya is said to have criticized Uganda.")
    assert ("KEN", "UGA", "111") in got
    assert not any(c.startswith("15") for _s, _t, c in got)


# ---- "would" of a past report is its future; elsewhere it stays hypothetical (and is dropped)
def test_would_in_a_past_report_is_future(coder):
    evs = [e for e in coder.code("Kenya said it would attack Uganda.", date="2019-05-14") if e.code == "190"]
    assert evs and evs[0].future and not evs[0].hypothetical


@pytest.mark.parametrize("text", ["Kenya would attack Uganda.", "Kenya says it could attack Uganda.",
                                  "Kenya would attack Uganda if provoked."])
def test_would_outside_a_past_report_stays_hypothetical(coder, text):
    assert not any(c == "190" for _s, _t, c in triples(coder, text))


# ---- the object of a purpose infinitive is the target when the verb has none of its own
def test_purpose_infinitive_object_is_the_target(coder):
    got = triples(coder, "Kenya signed an agreement on Monday to supply Uganda with fuel.")
    assert ("KEN", "UGA", "057") in got


def test_own_prepositional_target_comes_first(coder):
    got = triples(coder, "Kenya signed an agreement with Tanzania to supply Uganda with fuel.")
    assert ("KEN", "TZA", "057") in got and ("KEN", "UGA", "057") not in got


# ---- "while in detention in X": a place locating the setting of the event is not its target
def test_place_of_a_setting_is_not_the_target(coder):
    assert not any(t == "UGA" for _s, t, _c in triples(coder, "The Kenyan army attacked rebels while in a village in Uganda."))


def test_place_of_an_object_stays_a_target(coder):
    assert ("KENMIL", "UGA", "190") in triples(coder, "Kenyan troops attacked a camp in Uganda.")


# ---- an announced meeting is an intent to meet (CAMEO 036) by default; a suite's codebook may say otherwise
def test_announced_visit_is_an_intent_by_default(coder):
    got = triples(coder, "The Kenyan president will visit Uganda next week.")
    assert ("KENGOV", "UGA", "036") in got and not [c for _s, _t, c in got if c.startswith("04")]


def test_suite_conventions_apply_unless_the_caller_overrides():
    from eventcoder.evaluate import make_coder
    from eventcoder.evaluate.records import Suite
    suite = Suite(path="s", records=[], conventions={"coder": {"future_intent": False}})
    text = "The Kenyan president will visit Uganda next week."
    stages = ["actors", "coder", "ontology", "modality"]
    got = triples(make_coder(suite, stages=stages), text)
    assert not [c for _s, _t, c in got if c == "036"] and [c for _s, _t, c in got if c.startswith("04")]
    got = triples(make_coder(suite, stages=stages, config={"coder": {"future_intent": True}}), text)
    assert ("KENGOV", "UGA", "036") in got


def test_ability_to_act_is_not_an_event(coder):
    """A noun of ability or possibility governing the clause makes the event hypothetical (dropped)."""
    from eventcoder import Coder

    text = "Russia and Turkey showed their ability to arrange a cease-fire."
    assert [e for e in coder.code(text, date="2019-05-01") if e.code.startswith("08")] == []
    modal = [e for e in Coder(keep_modal=True).code(text, date="2019-05-01") if e.code.startswith("08")]
    assert modal and all(e.hypothetical for e in modal)  # kept with --keep-modal, flagged, not lost
