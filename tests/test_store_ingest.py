"""Store: ingest (incremental, idempotent, crash-safe), queries, errors."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventcoder.errors import InputError, StoreError
from eventcoder.model import Article, EventDate
from eventcoder.store import Store
from eventcoder.store.synthetic import ReplayCoder, dedup_corpus, make_event

SRC = Path(__file__).resolve().parents[1] / "src"


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the ingest timestamps."""
    out = {}
    for table in ("articles", "events", "mentions", "event_clusters"):
        cols = [r[0] for r in store.con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "ingested_at"]
        sel = ", ".join(f'"{c}"' for c in cols)
        out[table] = sorted(store.con.execute(f"SELECT {sel} FROM {table}").fetchall(), key=repr)
    return out


def small_corpus():
    d = dt.date(2022, 5, 10)
    arts = [Article(id="a1", text="Gondor hosted Rohan. Arnor criticized Umbar.", date=d, source="Herald",
                    url="https://herald.example/1"),
            Article(id="a2", text="Rohan visited Gondor on Tuesday.", date=d + dt.timedelta(days=1),
                    source="Courier"),
            Article(id="a3", text="Nothing happened.", date=d, source="Herald")]
    evs = {
        "a1": [make_event("a1", 0, "GON", "ROH", "043", EventDate(d.isoformat(), "day", "article")),
               make_event("a1", 1, "ARN", "UMB", "111", EventDate(d.isoformat(), "day", "article"),
                          ("Umbar", "UMB", 15.0, 16.0))],
        "a2": [make_event("a2", 0, "GON", "ROH", "042", EventDate(d.isoformat(), "day", "text", "Tuesday"))],
        "a3": [],
    }
    return arts, evs


def test_ingest_counts_and_queries(tmp_path):
    arts, evs = small_corpus()
    with Store(tmp_path / "s.duckdb") as store:
        counts = store.ingest(arts, ReplayCoder(evs))
        assert counts == {"articles": 3, "skipped": 0, "sentences": 0, "events": 3, "errors": 0}
        assert store.stats() == {"articles": 3, "events": 3, "mentions": 3, "event_clusters": 2}
        # the two GON->ROH consultations from two outlets are one event
        (c,) = store.clusters(dyad="GON,ROH")
        assert (c["num_mentions"], c["num_articles"], c["num_sources"]) == (2, 2, 2)
        assert {m["article_id"] for m in store.mentions(c["cluster_id"])} == {"a1", "a2"}
        assert [e["event_id"] for e in store.events(actor="UMB")] == [evs["a1"][1].event_id]
        assert store.events(actor="UMB")[0]["location"]["name"] == "Umbar"
        assert len(store.events(root="04")) == 2 and len(store.events(cameo="111")) == 1
        assert len(store.events(quad_class=3)) == 1 and len(store.events(plover="consult")) == 2
        assert store.events(country="UMB")[0]["source"] == "ARN"
        assert len(store.events(bbox=(14, 15, 17, 17))) == 1 and store.events(bbox="0,0,1,1") == []
        assert store.events(start="2022-05-11") == [] and len(store.events(end="2022-05-10")) == 3
        assert len(store.events(limit=1, offset=2)) == 1
        assert store.events(actor="x' OR '1'='1") == []  # values are parameters, not SQL
        actors = {a["actor"]: a for a in store.actors()}
        assert actors["GON"]["as_source"] == 2 and actors["ROH"]["as_target"] == 2
        art = store.article("a1")
        assert art["source"] == "Herald" and len(art["events"]) == 2 and art["date"] == "2022-05-10"
        assert store.article("nope") is None
        with pytest.raises(InputError):
            store.events(quad_class=7)
        with pytest.raises(InputError):
            store.events(start="yesterday")
        with pytest.raises(InputError):
            store.events(bbox="1,2,3")


def test_ingest_twice_is_idempotent(tmp_path):
    corpus = dedup_corpus(40, seed=3)
    with Store(tmp_path / "s.duckdb") as store:
        first = store.ingest(corpus.articles, ReplayCoder(corpus.events), batch_size=7)
        before = snapshot(store)
        again = store.ingest(corpus.articles, ReplayCoder(corpus.events), batch_size=7)
        assert again["articles"] == 0 and again["skipped"] == first["articles"] and again["events"] == 0
        assert snapshot(store) == before
    # reopening the file and ingesting in another order changes nothing either
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(list(reversed(corpus.articles)), ReplayCoder(corpus.events))
        assert snapshot(store) == before


def test_incremental_ingest_equals_one_run(tmp_path):
    corpus = dedup_corpus(60, seed=5)
    half = len(corpus.articles) // 2
    with Store(tmp_path / "a.duckdb") as a, Store(tmp_path / "b.duckdb") as b:
        a.ingest(corpus.articles, ReplayCoder(corpus.events))
        b.ingest(corpus.articles[half:], ReplayCoder(corpus.events))
        b.ingest(corpus.articles[:half], ReplayCoder(corpus.events))
        assert snapshot(a) == snapshot(b)


class FlakyCoder(ReplayCoder):
    """Fails on articles whose text contains BOOM (also when given them alone)."""

    def pipe(self, articles):
        for a, evs in super().pipe(articles):
            if "BOOM" in a.text:
                raise RuntimeError("parser exploded")
            yield a, evs


def test_coder_failure_is_reported_and_others_are_stored(tmp_path):
    arts, evs = small_corpus()
    arts.insert(1, Article(id="bad", text="BOOM", date=dt.date(2022, 5, 10)))
    problems: list = []
    with Store(tmp_path / "s.duckdb") as store:
        counts = store.ingest(arts, FlakyCoder(evs), errors=problems)
        assert counts["articles"] == 3 and counts["errors"] == 1
        assert [p.where for p in problems] == ["bad"] and "parser exploded" in problems[0].message
        assert store.article("bad") is None and store.stats()["articles"] == 3
        # an article id stored with other content is an error, not an overwrite
        problems.clear()
        counts = store.ingest([Article(id="a1", text="Different text.", date=None)], ReplayCoder({}),
                              errors=problems)
        assert counts["errors"] == 1 and "other content" in problems[0].message
        assert store.article("a1")["text"].startswith("Gondor")


def test_bad_arguments(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(InputError):
            store.ingest(["not an article"], ReplayCoder({}))
    with pytest.raises(StoreError):
        Store(tmp_path / "missing.duckdb", read_only=True)
    bad = tmp_path / "not_a_db.duckdb"
    bad.write_text("hello")
    with pytest.raises(StoreError):
        Store(bad)
    with Store(tmp_path / "s.duckdb", read_only=True) as ro:
        with pytest.raises(StoreError):
            ro.ingest([], ReplayCoder({}))


def test_failed_batch_leaves_nothing_behind(tmp_path):
    """A batch is one transaction: articles and their events are stored together or not at all."""
    arts, evs = small_corpus()

    class Broken(Store):
        def _insert_events(self, evs, skip_existing=False):
            raise RuntimeError("disk full")

    with Broken(tmp_path / "s.duckdb") as store:
        with pytest.raises(RuntimeError):
            store.ingest(arts, ReplayCoder(evs))
        assert store.stats()["articles"] == 0
    with Store(tmp_path / "s.duckdb") as store:  # a rerun stores everything
        assert store.ingest(arts, ReplayCoder(evs))["articles"] == 3


CHILD = """
import sys
from eventcoder.store import Store
from eventcoder.store.synthetic import ReplayCoder, dedup_corpus
corpus = dedup_corpus(120, seed=11)
with Store(sys.argv[1]) as store:
    store.ingest(corpus.articles, ReplayCoder(corpus.events, delay=0.004, trail=sys.argv[2]), batch_size=9)
"""


def test_sigkill_mid_ingest_then_rerun_equals_uninterrupted(tmp_path):
    corpus = dedup_corpus(120, seed=11)
    db, trail = tmp_path / "killed.duckdb", tmp_path / "trail.txt"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(trail)], env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        if trail.exists() and len(trail.read_text().splitlines()) >= 100:
            break
        if proc.poll() is not None:
            pytest.fail(f"child ended early with {proc.returncode}")
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with Store(db) as store:
        stored = store.stats()["articles"]
        assert 0 < stored < len(corpus.articles)  # killed mid-way, some batches committed
        counts = store.ingest(corpus.articles, ReplayCoder(corpus.events))
        assert counts["skipped"] == stored
        killed = snapshot(store)
    with Store(tmp_path / "whole.duckdb") as ref:
        ref.ingest(corpus.articles, ReplayCoder(corpus.events))
        assert snapshot(ref) == killed


def test_progress_bar_goes_to_stderr(tmp_path, capsys):
    arts, evs = small_corpus()
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(arts, ReplayCoder(evs), progress=True)
    err = capsys.readouterr()
    assert "events=3" in err.err and err.out == ""


def test_optimize_keeps_every_row(tmp_path):
    corpus = dedup_corpus(30, seed=4)
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(corpus.articles[:50], ReplayCoder(corpus.events))
        before = snapshot(store)
        store.optimize()
        assert snapshot(store) == before
        store.ingest(corpus.articles, ReplayCoder(corpus.events))  # still writable afterwards
        after = snapshot(store)
    with Store(tmp_path / "ref.duckdb") as ref:
        ref.ingest(corpus.articles, ReplayCoder(corpus.events))
        assert snapshot(ref) == after


def test_store_gains_new_event_fields(tmp_path, monkeypatch):
    """A store made before EVENT_FIELDS grew is extended when opened, and ingest keeps working."""
    import eventcoder.store.schema as schema

    arts, evs = small_corpus()
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(arts[:1], ReplayCoder(evs))
    fields = {**schema.EVENT_FIELDS, "confidence": ("float?", "a new field")}
    monkeypatch.setattr(schema, "EVENT_FIELDS", fields)
    with Store(tmp_path / "s.duckdb") as store:
        assert "confidence" in {r[0] for r in store.con.execute("DESCRIBE events").fetchall()}
        assert store.ingest(arts, ReplayCoder(evs))["articles"] == 2
        assert store.stats()["events"] == 3


def test_coder_failing_before_reading_raises_instead_of_looping(tmp_path):
    class Broken:
        def pipe(self, articles):
            raise RuntimeError("model missing")
            yield  # pragma: no cover

    with Store(str(tmp_path / "s.duckdb")) as store, pytest.raises(RuntimeError, match="model missing"):
        store.ingest(iter([Article(id="a", text="Ruritania protested.")]), Broken())
