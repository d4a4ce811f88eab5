"""Tests of eventcoder.world.dates: resolve() and the dates stage on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.model import EventDate
from eventcoder.world.dates import find_expressions, resolve
from eventcoder.world.evaluate import run_on_text as run_stages

REF = dt.date(2017, 11, 28)  # a Tuesday


@pytest.mark.parametrize("expr, value, precision", [
    ("last January", "2017-01", "month"),
    ("earlier this month", "2017-11", "month"),
    ("this week", "2017-11-27", "week"),
    ("last week", "2017-11-20", "week"),
    ("next week", "2017-12-04", "week"),
    ("on Tuesday", "2017-11-28", "day"),
    ("on Friday", "2017-11-24", "day"),
    ("last Tuesday", "2017-11-21", "day"),
    ("yesterday", "2017-11-27", "day"),
    ("today", "2017-11-28", "day"),
    ("tomorrow", "2017-11-29", "day"),
    ("last year", "2016", "year"),
    ("in 2014", "2014", "year"),
    ("since 2011", "2011", "year"),
    ("in March 2015", "2015-03", "month"),
    ("on 3 May", "2017-05-03", "day"),
    ("May 3, 2016", "2016-05-03", "day"),
    ("Sept. 12", "2017-09-12", "day"),
    ("two days ago", "2017-11-26", "day"),
    ("three weeks ago", "2017-11-06", "week"),
    ("last month", "2017-10", "month"),
    ("next month", "2017-12", "month"),
    ("in December", "2016-12", "month"),
    ("earlier this year", "2017", "year"),
    ("over the weekend", "2017-11-20", "week"),
    ("03/05/2016", "2016-03-05", "day"),
])
def test_resolve(expr, value, precision):
    got = resolve(expr, REF)
    assert (got.value, got.precision, got.source, got.text) == (value, precision, "text", expr)


def test_last_month_name_is_strictly_before_the_article_month():
    assert resolve("last November", REF).value == "2016-11"
    assert resolve("last January", dt.date(2018, 1, 15)).value == "2017-01"


def test_future_tense_picks_the_next_occurrence():
    assert resolve("on Tuesday", REF, future=True).value == "2017-12-05"
    assert resolve("in December", REF, future=True).value == "2017-12"
    assert resolve("on 3 May", REF, future=True).value == "2018-05-03"


def test_unresolvable_and_missing_article_date():
    assert resolve("recently", REF) == EventDate(None, "unknown", "unknown", text="recently")
    assert resolve("for decades", REF).value is None
    assert resolve("last week", None).value is None  # relative needs the article date
    assert resolve("May 3, 2016", None).value == "2016-05-03"  # absolute does not


def test_year_boundaries():
    assert resolve("last week", dt.date(2021, 1, 2)).value == "2020-12-21"
    assert resolve("last month", dt.date(2021, 1, 20)).value == "2020-12"
    assert resolve("next month", dt.date(2020, 12, 20)).value == "2021-01"


def test_lowercase_may_is_not_a_month():
    from eventcoder import nlp
    doc = nlp.load()("They may meet again in May.")
    texts = [x.text for x in find_expressions(doc, 0, len(doc))]
    assert any("May" in t for t in texts)
    assert not any("may meet" in t for t in texts)


def test_stage_reads_the_events_own_clause():
    text = "The minister said on Monday that the two presidents will meet in Oslo next week."
    said, meet = run_stages(text, "2019-05-15", [("said", "minister", None), ("meet", "presidents", None)])
    assert (said.date.value, said.date.precision, said.date.text) == ("2019-05-13", "day", "on Monday")
    assert (meet.date.value, meet.date.precision) == ("2019-05-20", "week")


def test_stage_falls_back_to_article_date_and_never_borrows():
    text = "Rebels seized the town on Sunday. The army responded with air strikes."
    seized, responded = run_stages(text, "2019-05-15", [("seized", "Rebels", "town"), ("responded", "army", None)])
    assert seized.date.value == "2019-05-12"
    assert (responded.date.value, responded.date.source) == ("2019-05-15", "article")
    (ev,) = run_stages("The army responded with air strikes.", None, [("responded", "army", None)])
    assert (ev.date.value, ev.date.precision, ev.date.source) == (None, "unknown", "unknown")


def test_temporal_clause_dates_the_main_event():
    text = "When the envoys met in Doha last September, they agreed to exchange prisoners."
    (agreed,) = run_stages(text, "2021-01-10", [("agreed", "they", None)])
    assert (agreed.date.value, agreed.date.precision) == ("2020-09", "month")
