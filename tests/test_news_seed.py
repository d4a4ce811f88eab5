"""Acceptance on the seed article (read from ../shared, never shipped): the meetings, the support and the
boilerplate lines are coded as a reader of the article would code them, with the shipped dictionaries."""

from __future__ import annotations

import pytest

SEED = "seed/000_7b84ba0340bfc4e5.txt"


@pytest.fixture(scope="module")
def seed_events(shared, coder):
    path = shared / SEED
    if not path.is_file():
        pytest.skip(f"{SEED} is absent")
    return coder.code(path.read_text(encoding="utf-8"), date="2017-11-28", article_id="seed")


def _dyads(events, root: str, words: str) -> set[tuple[str, str]]:
    return {(e.source.code, e.target.code) for e in events
            if e.target is not None and e.code.startswith(root) and words in e.sentence_text}


def test_sochi_meeting_is_pairwise_consult(seed_events):
    got = _dyads(seed_events, "04", "met in Sochi")
    for a, b in (("RUSGOV", "IRNGOV"), ("RUSGOV", "TURGOV"), ("IRNGOV", "TURGOV")):
        assert (a, b) in got or (b, a) in got, (a, b, got)


def test_apec_meeting_is_a_meeting_not_an_intent(seed_events):
    sent = [e for e in seed_events if "Asia-Pacific" in e.sentence_text]
    got = {(e.source.code, e.target.code) for e in sent if e.code.startswith("04")}
    assert ("RUSGOV", "USAGOV") in got or ("USAGOV", "RUSGOV") in got
    assert not [e for e in sent if e.code.startswith("03")]


def test_joint_statement_is_not_an_event_between_the_two_men(seed_events):
    sent = [e for e in seed_events if "joint statement" in e.sentence_text and e.trigger == "issued"]
    assert not [e for e in sent if {e.source.code, e.target.code if e.target else None} == {"RUSGOV", "USAGOV"}]
    assert not [e for e in sent if e.target is not None and e.target.code == "SYR"]  # "the war in Syria"


def test_assad_trip_to_moscow(seed_events):
    assert ("SYRGOV", "RUSGOV") in _dyads(seed_events, "04", "Assad flew to Moscow")


def test_united_in_support_of_damascus_is_cooperation(seed_events):
    sent = [e for e in seed_events if "united in support of Damascus" in e.sentence_text]
    assert sent and all(e.code.startswith("05") and e.target.code == "SYRGOV" for e in sent)
    assert {e.source.code for e in sent} >= {"RUSGOV"}


def test_subscription_lines_yield_nothing(seed_events):
    assert not [e for e in seed_events if "subscribing" in e.sentence_text or "journalism" in e.sentence_text]
    assert not [e for e in seed_events if e.target is not None and e.target.text == "us"]
