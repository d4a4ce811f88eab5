"""Tests of the offline gazetteer and the places stage, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventcoder.world.evaluate import evaluate, run_on_text
from eventcoder.world.gazetteer import Gazetteer
from eventcoder.world.names import normalize

DEVSET = Path(__file__).parent / "data" / "devset_world.jsonl"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_load_is_cached(gaz):
    assert Gazetteer.load() is gaz
    assert len(gaz) > 50000


def test_normalize():
    assert normalize("São Paulo") == "sao paulo"
    assert normalize("U.S.") == "us"
    assert normalize("the Netherlands") == "netherlands"


@pytest.mark.parametrize("name, country, precision", [
    ("Sochi", "RUS", "city"), ("GENEVA", "CHE", "city"), ("Kiev", "UKR", "city"), ("Zurich", "CHE", "city"),
    ("Zürich", "CHE", "city"), ("U.S.", "USA", "country"), ("Britain", "GBR", "country"),
    ("Syria", "SYR", "country"), ("New York", "USA", "city"), ("Crimea", "UKR", "admin1"),
    ("Texas", "USA", "admin1"), ("Ho Chi Minh City", "VNM", "city"),
])
def test_lookup(gaz, name, country, precision):
    p = gaz.lookup(name)
    assert p is not None and (p.country, p.precision) == (country, precision)
    assert p.lat is not None and p.lon is not None


def test_qualifier_and_hints_disambiguate(gaz):
    assert gaz.lookup("Paris").country == "FRA"
    assert gaz.lookup("Paris, Texas").country == "USA"
    assert gaz.lookup("Tripoli").country == "LBY"
    assert gaz.lookup("Tripoli, Lebanon").country == "LBN"
    assert gaz.lookup("Hyderabad").country == "IND"
    assert gaz.lookup("Hyderabad", sentence_countries={"PAK"}).country == "PAK"
    assert gaz.lookup("Atlantis of the North") is None


def test_country_centres_are_inside_plausible_bounds(gaz):
    us = gaz.country("USA")
    assert 30 < us.lat < 45 and -110 < us.lon < -80
    ch = gaz.country("CHE")
    assert 45.5 < ch.lat < 48 and 5.5 < ch.lon < 10.5


def test_locative_phrase_of_the_trigger():
    (ev,) = run_on_text("The foreign ministers met in Oslo, Norway, on Friday.", "2019-05-15",
                        [("met", "ministers", None)])
    assert (ev.location.name, ev.location.country, ev.location.precision) == ("Oslo", "NOR", "city")
    assert ev.location.text == "Oslo, Norway"
    s, e = ev.location.span
    assert "The foreign ministers met in Oslo, Norway, on Friday."[s:e] == "Oslo, Norway"


def test_motion_destination_and_purpose_clause():
    text = "The prime minister flew to Ankara to meet the Turkish president."
    flew, meet = run_on_text(text, "2019-05-15", [("flew", "minister", None), ("meet", "minister", "president")])
    assert flew.location.name == "Ankara" and meet.location.name == "Ankara"


def test_actor_toponym_is_not_a_place():
    (ev,) = run_on_text("Ottawa criticised Beijing over the arrests.", "2019-05-15",
                        [("criticised", "Ottawa", "Beijing")])
    assert ev.location is None


def test_target_in_a_locative_phrase_is_still_the_place():
    (ev,) = run_on_text("The three powers arranged a cease-fire for Homs last month.", "2019-05-15",
                        [("arranged", "powers", "Homs")])
    assert (ev.location.name, ev.location.country) == ("Homs", "SYR")


def test_locative_on_the_source_or_a_government_is_not_the_place():
    (ev,) = run_on_text("Rebels in northern Mali accused the army of abuses.", "2019-05-15",
                        [("accused", "Rebels", "army")])
    assert ev.location is None
    (ev,) = run_on_text("Ankara has backed the government in Tripoli since 2019.", "2020-06-02",
                        [("backed", "Ankara", "government")])
    assert ev.date.value == "2019"


def test_event_actor_country_breaks_ties():
    (ev,) = run_on_text("Lebanese officials met the delegation in Tripoli last Thursday.", "2020-06-02",
                        [("met", "officials", "delegation")])
    assert ev.location.country == "LBN"
    (ev,) = run_on_text("American diplomats met their counterparts in Paris.", "2020-06-02",
                        [("met", "diplomats", "counterparts")])
    assert ev.location.country == "FRA"


def test_no_place_is_borrowed_from_another_sentence():
    text = "Rebels attacked a convoy near Homs on Monday. The government condemned the violence."
    attacked, condemned = run_on_text(text, "2019-05-15", [("attacked", "Rebels", "convoy"),
                                                            ("condemned", "government", "violence")])
    assert (attacked.location.name, attacked.location.country) == ("Homs", "SYR")
    assert condemned.location is None


def test_place_in_another_clause_is_not_taken():
    text = "The senator said that troops had been deployed in Mali, and he criticised the president."
    (ev,) = run_on_text(text, "2019-05-15", [("criticised", "he", "president")])
    assert ev.location is None


def test_nominal_and_nested_places():
    text = "The mediators proposed a truce for Rafah and a meeting at the summit in Algiers."
    (ev,) = run_on_text(text, "2019-05-15", [("proposed", "mediators", None)])
    assert ev.location is not None and ev.location.country in {"PSE", "DZA"}


def test_devset_accuracy():
    report = evaluate(DEVSET)
    assert report["n"] >= 60
    assert report["accuracy"]["places"] >= 0.8, report["misses"]
    assert report["accuracy"]["dates"] >= 0.9, report["misses"]


def test_demo_article(shared):
    """The demo op-ed (not shipped): events built on its sentences get the expected places and dates."""
    from eventcoder import nlp as nlp_mod
    from eventcoder.model import Article
    from eventcoder.pipeline import ArticleDoc, Resources
    from eventcoder.registry import stages
    from eventcoder.world.evaluate import build_event

    text = (shared / "seed" / "000_7b84ba0340bfc4e5.txt").read_text(encoding="utf-8")
    doc = nlp_mod.load()(text)
    wanted = {"met in Sochi": ("met", "Sochi"), "flew to Moscow": ("meet", "Moscow"),
              "began in Geneva": ("began", "Geneva"), "for Idlib": ("arrange", "Idlib"),
              "in Vietnam": ("met", "Vietnam"), "resume in Geneva": ("resume", "Geneva")}
    events, expected = [], []
    for phrase, (trigger, place) in wanted.items():
        sent = next(s for s in doc.sents if phrase in s.text)
        sub = sent.as_doc()
        ev = build_event(sub, {"trigger": trigger, "source": None, "target": None})
        shift = sent.start
        ev.trigger_i += shift
        ev.source.start += shift
        ev.source.end += shift
        events.append(ev)
        expected.append(place)
    adoc = ArticleDoc(Article("demo", text, dt.date(2017, 11, 28)), doc, nlp_mod.sentences(doc, "demo"),
                      events=events)
    res = Resources()
    stages.get("places")(res)(adoc)
    stages.get("dates")(res)(adoc)
    for ev, place in zip(events, expected, strict=True):
        assert ev.location is not None and ev.location.name == place, (ev.trigger, ev.location)
        assert ev.location.lat is not None
    dates = {ev.date.text: (ev.date.value, ev.date.precision) for ev in events if ev.date.source == "text"}
    assert dates.get("in 2014") == ("2014", "year")
    assert dates.get("earlier this month") == ("2017-11", "month")
