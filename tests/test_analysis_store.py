"""Analysis functions on a tiny store whose answers are known."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from eventcoder import analysis
from eventcoder.errors import InputError
from eventcoder.model import Article, EventDate
from eventcoder.store import Store
from eventcoder.store.synthetic import ReplayCoder, make_event

# (day offset, source, target, code); every event in its own article, far enough apart not to merge
PLAN = [
    (0, "ARN", "GON", "057"), (1, "GON", "ARN", "042"), (3, "ARN", "GON", "070"),   # ARN-GON cooperate
    (5, "ROH", "GON", "042"), (8, "GON", "ROH", "036"),                               # GON-ROH cooperate
    (2, "MOR", "GON", "190"), (12, "MOR", "GON", "190"), (22, "MOR", "ROH", "130"),   # MOR fights
    (25, "UMB", "HAR", "057"), (28, "HAR", "UMB", "070"),                             # UMB-HAR cooperate
    (40, "MOR", "GON", "111"), (45, "ARN", "GON", "112"),                             # February
]
START = dt.date(2023, 1, 1)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    arts, evs = [], {}
    for i, (day, s, t, code) in enumerate(PLAN):
        d = START + dt.timedelta(days=day)
        aid = f"art{i}"
        arts.append(Article(id=aid, text=f"{s} {code} {t} #{i}", date=d, source=f"outlet{i % 3}"))
        evs[aid] = [make_event(aid, 0, s, t, code, EventDate(d.isoformat(), "day", "article"))]
    st = Store(tmp_path_factory.mktemp("an") / "s.duckdb")
    st.ingest(arts, ReplayCoder(evs))
    assert st.stats()["event_clusters"] == len(PLAN)
    yield st
    st.close()


def test_series_per_month(store):
    rows = analysis.series(store, freq="month")
    assert [r["period"] for r in rows] == ["2023-01-01", "2023-02-01"]
    jan, feb = rows
    assert jan["events"] == 10 and feb["events"] == 2
    assert (jan["verbal_coop"], jan["material_coop"], jan["verbal_conflict"], jan["material_conflict"]) == \
        (5, 2, 1, 2)
    assert feb["verbal_conflict"] == 2 and feb["goldstein_sum"] == pytest.approx(-4.0)
    assert feb["goldstein_mean"] == pytest.approx(-2.0)
    json.dumps(rows)


def test_series_for_a_dyad_by_week(store):
    rows = analysis.series(store, freq="week", dyad=("MOR", "GON"))
    assert [(r["period"], r["events"]) for r in rows] == [("2023-01-02", 1), ("2023-01-09", 1), ("2023-02-06", 1)]
    by_dyad = analysis.series(store, freq="year", by_dyad=True)
    assert {(r["source"], r["target"]): r["events"] for r in by_dyad}[("MOR", "GON")] == 3
    assert sum(r["events"] for r in analysis.series(store, unit="events")) == len(PLAN)


def test_top(store):
    actors = analysis.top_actors(store, n=2)
    assert [a["actor"] for a in actors] == ["GON", "ARN"]
    assert actors[0]["events"] == 9 and actors[0]["as_target"] == 7 and actors[0]["conflict"] == 4
    dyads = analysis.top_dyads(store, n=1)
    assert (dyads[0]["source"], dyads[0]["target"], dyads[0]["events"]) in {("ARN", "GON", 3), ("MOR", "GON", 3)}
    undirected = analysis.top_dyads(store, n=1, directed=False)[0]
    assert (undirected["source"], undirected["target"], undirected["events"]) == ("ARN", "GON", 4)
    assert analysis.top_actors(store, n=5, start="2023-02-01")[0]["actor"] == "GON"
    with pytest.raises(InputError):
        analysis.top_actors(store, n=0)


def test_network_and_blocs(store):
    g = analysis.network(store)
    assert g["ARN"]["GON"]["events"] == 3 and g["ARN"]["GON"]["cooperation"] == 2
    assert g["MOR"]["GON"]["kind"] == "conflict" and g.nodes["MOR"]["conflict"] == 4
    data = analysis.network_json(g)
    json.dumps(data)
    assert {n["id"] for n in data["nodes"]} == {"ARN", "GON", "ROH", "MOR", "UMB", "HAR"}
    blocs = analysis.blocs(store)
    members = [b["members"] for b in blocs]
    assert ["ARN", "GON", "ROH"] in members and ["HAR", "UMB"] in members
    assert all("MOR" not in m for m in members)  # no cooperation, no bloc
    big = next(b for b in blocs if b["members"] == ["ARN", "GON", "ROH"])
    assert big["cooperation_inside"] == 5 and big["conflict_outside"] == 4
    assert analysis.blocs(store) == blocs  # deterministic
    json.dumps(blocs)


def test_changes(store):
    ch = analysis.changes(store, ("2023-01-01", "2023-01-31"), ("2023-02-01", "2023-02-28"))
    assert ch["before"]["events"] == 10 and ch["after"]["events"] == 2
    top = {r["key"]: r for r in ch["counts"]}
    assert top["ARN->GON"]["change"] == -1 and top["ARN->GON"]["ratio"] == pytest.approx(0.5)
    gold = {r["key"]: r for r in ch["goldstein"]}
    assert gold["MOR->GON"]["goldstein_change"] == pytest.approx(8.0)
    # ARN->GON went from mean (8 + 7) / 2 = 7.5 to -2: the largest Goldstein change
    assert ch["goldstein"][0]["key"] == "ARN->GON"
    assert gold["ARN->GON"]["goldstein_change"] == pytest.approx(-9.5)
    actors = analysis.changes(store, "2023-01-01..2023-01-31", "2023-02-01..2023-02-28", level="actor")
    assert {r["actor"]: r["change"] for r in actors["counts"]}["GON"] == -5
    json.dumps(actors)
    with pytest.raises(InputError):
        analysis.changes(store, ("2023-02-01", "2023-01-01"), ("2023-02-01", "2023-02-28"))
    with pytest.raises(InputError):
        analysis.changes(store, "2023-01-01", "2023-02-01..2023-02-28")


def test_bad_options(store):
    with pytest.raises(InputError):
        analysis.series(store, freq="fortnight")
    with pytest.raises(InputError):
        analysis.series(store, unit="tweets")
    with pytest.raises(InputError):
        analysis.series("not a store")
