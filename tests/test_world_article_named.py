"""Every place and time expression an article names (``ArticleDoc.places`` / ``ArticleDoc.times``), including
those in sentences that yield no event: output (``--format articles``), store, and accuracy on our dev set."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventcoder.model import Article
from eventcoder.world.evaluate import place_ok

DEVSET = Path(__file__).parent / "data" / "devset_world.jsonl"


def annotate(coder, text: str, date: str | None = "2021-06-10"):
    day = dt.date.fromisoformat(date) if date else None
    return next(coder.pipe_docs([Article("t", text, day)]))


def test_places_and_times_of_sentences_without_events(coder):
    adoc = annotate(coder, "Peace talks began in Geneva in 2010. Negotiators returned to Vienna last March.")
    assert adoc.events == []
    by_name = {p.place.name: p for p in adoc.places}
    assert {"Geneva", "Vienna"} <= set(by_name)
    geneva = by_name["Geneva"]
    assert geneva.place.country == "CHE" and geneva.place.lat is not None and geneva.place.lon is not None
    assert geneva.sentence_id == "t:0" and by_name["Vienna"].sentence_id == "t:1"
    assert adoc.article.text[slice(*geneva.place.span)] == "Geneva"
    times = {t.text: (t.date.value, t.date.precision, t.sentence_id) for t in adoc.times}
    assert times["in 2010"] == ("2010", "year", "t:0")
    assert times["last March"] == ("2021-03", "month", "t:1")


def test_a_toponym_used_as_an_actor_is_not_a_place(coder):
    adoc = annotate(coder, "Washington urged Beijing to release the detained journalists.")
    assert [p.place.name for p in adoc.places] == []
    adoc = annotate(coder, "The Indian prime minister visited Kabul and spoke of a new partnership.")
    assert [p.place.name for p in adoc.places] == ["Kabul"]


def test_future_clause_reads_the_next_occurrence(coder):
    adoc = annotate(coder, "The envoys will meet again in March.", date="2021-06-10")
    assert [(t.text, t.date.value) for t in adoc.times] == [("in March", "2022-03")]


def test_stage_options_turn_the_lists_off():
    from eventcoder import Coder
    coder = Coder(config={"places": {"article_places": False}, "dates": {"article_times": False}})
    adoc = annotate(coder, "Peace talks began in Geneva in 2010.")
    assert adoc.places == [] and adoc.times == []


def test_devset_recall(coder):
    """Each dev-set sentence's annotated place and (non-fallback) date are among the article's named ones.
    Measured 2026-12-07: places 72/78 (0.92), dates 85/87 (0.98)."""
    recs = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
    arts = [Article(r["id"], r["text"], dt.date.fromisoformat(r["date"]) if r.get("date") else None) for r in recs]
    places = [0, 0]
    dates = [0, 0]
    for r, adoc in zip(recs, coder.pipe_docs(arts), strict=True):
        if r.get("place"):
            places[1] += 1
            places[0] += any(place_ok(p.place, r["place"]) for p in adoc.places)
        want = r.get("event_date") or {}
        if want.get("value") and (want.get("precision") != "day" or want["value"] != r.get("date")):
            dates[1] += 1
            dates[0] += any((t.date.value, t.date.precision) == (want["value"], want["precision"])
                            for t in adoc.times)
    assert places[1] >= 60 and dates[1] >= 60
    assert places[0] / places[1] >= 0.88, places
    assert dates[0] / dates[1] >= 0.95, dates


def test_demo_op_ed_names_every_place_and_time(shared, coder):
    text = (shared / "seed" / "000_7b84ba0340bfc4e5.txt").read_text(encoding="utf-8")
    adoc = annotate(coder, text, date="2017-11-28")
    coords = {p.place.name: (p.place.lat, p.place.lon) for p in adoc.places}
    for name in ("Sochi", "Moscow", "Geneva", "Idlib", "Vietnam"):
        assert name in coords and None not in coords[name], name
    assert all(text[slice(*p.place.span)] == p.place.text for p in adoc.places)
    times = {t.text: (t.date.value, t.date.precision) for t in adoc.times}
    assert times["in 2014"] == ("2014", "year")
    assert times["last January"] == ("2017-01", "month")
    assert times["earlier this month"] == ("2017-11", "month")
    # actors, not places: "Washington sought", "in support of Damascus", "prevent Tehran from"
    sentences = {p.sentence_id for p in adoc.places if p.place.name in ("Washington", "Tehran")}
    assert sentences == set()


def test_search_anchor_prefilter_changes_no_expression():
    """``DateRules.anchor`` only skips sentences no search pattern can match: same expressions without it."""
    import dataclasses

    from eventcoder import nlp as nlp_mod
    from eventcoder.world.dates import default_rules, find_expressions

    rules = default_rules()
    assert rules.anchor is not None
    plain = dataclasses.replace(rules, anchor=None)
    texts = [json.loads(line)["text"] for path in (DEVSET, DEVSET.with_name("devset_actors.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["We met the day before yesterday.", "Three weeks ago they left; they return next Tuesday.",
              "In mid-2019 and on 3 Sept. 2020 talks stalled.", "Tonight, early 2015 or by March?"]
    found = 0
    for doc in nlp_mod.load().pipe(texts):
        cache: dict = {}  # per document, as the stage keeps it (it holds the document's text)
        for sent in doc.sents:
            got = find_expressions(doc, sent.start, sent.end, rules)
            assert got == find_expressions(doc, sent.start, sent.end, plain), sent.text
            assert got == find_expressions(doc, sent.start, sent.end, rules, cache), sent.text
            found += len(got)
    assert found > 100


def test_cli_articles_format_and_store(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Peace talks began in Geneva in 2010.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "eventcoder", "code", str(src), "--date", "2021-06-10",
                          "--format", "articles", "-q"], capture_output=True, text=True, check=True).stdout
    [record] = [json.loads(line) for line in out.splitlines()]
    assert record["events"] == [] and record["sentences"] == 1
    assert [p["name"] for p in record["places"]] == ["Geneva"]
    assert [(t["text"], t["date"], t["date_precision"]) for t in record["times"]] == [("in 2010", "2010", "year")]

    from eventcoder import Coder
    from eventcoder.store import Store
    with Store(str(tmp_path / "s.duckdb")) as store:
        store.ingest([Article("a1", src.read_text(encoding="utf-8"), dt.date(2021, 6, 10))], Coder())
        art = store.article("a1")
    assert [p["name"] for p in art["places"]] == ["Geneva"]
    assert art["times"][0]["date"] == "2010"


def test_rest_code_returns_the_named_places_and_times(coder):
    from eventcoder.serve.app import _pipe
    [(article, events, named)] = _pipe(coder, [Article("r1", "Peace talks began in Geneva in 2010.",
                                                       dt.date(2021, 6, 10))])
    assert article.id == "r1" and events == []
    assert [p["name"] for p in named["places"]] == ["Geneva"]
    assert [t["date"] for t in named["times"]] == ["2010"]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
