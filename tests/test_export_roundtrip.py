"""Exports (parquet, csv, jsonl, gdelt, plover) and imports back into a store."""

from __future__ import annotations

import csv
import io
import json

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from eventcoder.errors import ConfigError, InputError
from eventcoder.export import export
from eventcoder.export.gdelt import gdelt_columns
from eventcoder.model import EVENT_FIELDS
from eventcoder.registry import exporters
from eventcoder.store import Store
from eventcoder.store.synthetic import ReplayCoder, dedup_corpus


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    corpus = dedup_corpus(40, seed=13)
    s = Store(tmp_path_factory.mktemp("exp") / "s.duckdb")
    s.ingest(corpus.articles, ReplayCoder(corpus.events))
    yield s
    s.close()


def _events(store):
    return sorted((e for e in store.events(limit=None)), key=lambda e: e["event_id"])


def test_registered():
    assert {"parquet", "csv", "jsonl", "gdelt", "plover"} <= set(exporters.names())
    with pytest.raises(ConfigError):
        exporters.get("xml")


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_round_trip(store, tmp_path, fmt):
    out = tmp_path / f"ev.{fmt}"
    n = export(store, fmt, out)["rows"]
    assert n == store.stats()["events"]
    with Store(tmp_path / "back.duckdb") as back:
        assert back.import_events(out) == {"read": n, "imported": n, "skipped": 0}
        assert back.import_events(out)["imported"] == 0  # idempotent
        assert _events(back) == _events(store)
        assert back.stats()["event_clusters"] == store.stats()["event_clusters"]


def test_jsonl_is_the_event_schema(store, tmp_path):
    out = tmp_path / "ev.jsonl"
    export(store, "jsonl", out, actor="GON")
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines and all(list(r)[:len(EVENT_FIELDS)] == list(EVENT_FIELDS) for r in lines)
    assert all("GON" in (r["source"], r["target"]) for r in lines)
    assert len(lines) == store.count_events(actor="GON")


def test_partitioned_parquet_directory_import(store, tmp_path):
    out = tmp_path / "ev.parquet"
    export(store, "parquet", out)
    table = pq.read_table(out)
    ds.write_dataset(table, tmp_path / "parts", format="parquet", partitioning=["root"],
                     partitioning_flavor="hive")
    with Store(tmp_path / "back.duckdb") as back:
        res = back.import_events(tmp_path / "parts")
        assert res["imported"] == table.num_rows
        assert _events(back) == _events(store)  # "04" partition values stay strings


def test_unpartitioned_parquet_directory_import(store, tmp_path):
    # the layout of an unpartitioned Spark job: DIR/events/part-*.parquet, no key=value folders
    out = tmp_path / "ev.parquet"
    export(store, "parquet", out)
    table = pq.read_table(out)
    half = table.num_rows // 2
    (tmp_path / "run" / "events").mkdir(parents=True)
    pq.write_table(table.slice(0, half), tmp_path / "run" / "events" / "part-00000.parquet")
    pq.write_table(table.slice(half), tmp_path / "run" / "events" / "part-00001.parquet")
    (tmp_path / "run" / "events" / "_SUCCESS").write_text("")
    (tmp_path / "run" / "articles").mkdir()
    pq.write_table(pa.table({"id": ["a1"], "n_events": [2]}), tmp_path / "run" / "articles" / "part-0.parquet")
    for target in (tmp_path / "run", tmp_path / "run" / "events"):
        with Store(tmp_path / f"back-{target.name}.duckdb") as back:
            assert back.import_events(target)["imported"] == table.num_rows
            assert _events(back) == _events(store)


def test_partitioned_spark_output_import(store, tmp_path):
    # DIR/events/year=YYYY/month=MM/part-*.parquet beside DIR/articles/
    out = tmp_path / "ev.parquet"
    export(store, "parquet", out)
    table = pq.read_table(out)
    years = pa.array([(d or "1999")[:4] for d in table.column("date").to_pylist()])
    months = pa.array([(d or "1999-01")[5:7] or "01" for d in table.column("date").to_pylist()])
    ds.write_dataset(table.append_column("year", years).append_column("month", months),
                     tmp_path / "run" / "events", format="parquet", partitioning=["year", "month"],
                     partitioning_flavor="hive")
    (tmp_path / "run" / "articles").mkdir()
    pq.write_table(pa.table({"id": ["a1"]}), tmp_path / "run" / "articles" / "part-0.parquet")
    with Store(tmp_path / "back.duckdb") as back:
        assert back.import_events(tmp_path / "run")["imported"] == table.num_rows
        assert _events(back) == _events(store)


def test_single_parquet_file_import(store, tmp_path):
    out = tmp_path / "ev.parquet"
    export(store, "parquet", out)
    one = tmp_path / "one.parquet"
    pq.write_table(pq.read_table(out).slice(0, 3), one)
    with Store(tmp_path / "back.duckdb") as back:
        assert back.import_events(one)["imported"] == 3


def test_csv(store, tmp_path):
    buf = io.StringIO()
    assert export(store, "csv", buf)["rows"] == store.stats()["events"]
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == store.stats()["events"]
    assert "location_name" in rows[0] and "cluster_id" in rows[0]
    assert json.loads(rows[0]["span"]) and isinstance(json.loads(rows[0]["span"]), list)


def test_gdelt(store, tmp_path):
    out = tmp_path / "ev.tsv"
    res = export(store, "gdelt", out, header=True)
    lines = out.read_text().splitlines()
    assert len(gdelt_columns()) == 61 and len(lines) == res["rows"] + 1 == store.stats()["event_clusters"] + 1
    head = lines[0].split("\t")
    assert head[0] == "GLOBALEVENTID" and head[-1] == "SOURCEURL"
    recs = [dict(zip(head, line.split("\t"), strict=True)) for line in lines[1:]]
    assert sum(int(r["NumMentions"]) for r in recs) == store.stats()["events"]
    cl = {c["source"] + c["target"] + c["date_lo"] + c["cameo"] for c in store.clusters(limit=None)}
    for r in recs:
        d = r["SQLDATE"]
        assert r["Actor1Code"] + r["Actor2Code"] + f"{d[:4]}-{d[4:6]}-{d[6:]}" + r["EventCode"] in cl
        assert r["EventRootCode"] == r["EventCode"][:2] and r["QuadClass"] in "1234"
        assert r["SOURCEURL"].startswith("https://") and r["AvgTone"] == ""
    assert len({r["GLOBALEVENTID"] for r in recs}) == len(recs)


def test_plover(store, tmp_path):
    out = tmp_path / "ev.plover.jsonl"
    res = export(store, "plover", out)
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(recs) == res["rows"] == store.stats()["event_clusters"] - res["skipped"]
    types = {"CONSULT", "AGREE", "AID", "ACCUSE", "THREATEN", "SANCTION", "ASSAULT"}
    assert all(r["event_type"] in types and r["actor"]["code"] for r in recs)
    assert sum(r["num_mentions"] for r in recs) == store.stats()["events"]


def test_import_errors(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        with pytest.raises(InputError, match="no such file"):
            s.import_events(tmp_path / "nope.parquet")
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"event_id": "x1", "source": "A"}\n{oops\n')
        with pytest.raises(InputError, match=r"bad.jsonl:2"):
            s.import_events(bad)
        assert s.stats()["events"] == 0  # nothing half-imported
        noid = tmp_path / "noid.parquet"
        pq.write_table(pa.table({"source": ["A"]}), noid)
        with pytest.raises(InputError, match="event_id"):
            s.import_events(noid)
        wrong = tmp_path / "wrong.jsonl"
        wrong.write_text('{"event_id": "x1", "goldstein": "very"}\n')
        with pytest.raises(InputError):
            s.import_events(wrong)
        (tmp_path / "empty").mkdir()
        with pytest.raises(InputError):
            s.import_events(tmp_path / "empty")


def test_parquet_needs_a_path(store):
    with pytest.raises(InputError):
        export(store, "parquet", io.StringIO())


def test_ingest_after_import_does_not_double_events(store, tmp_path):
    """Events imported (e.g. from Spark) and then the same articles ingested: one copy of each event."""
    out = tmp_path / "ev.parquet"
    export(store, "parquet", out)
    corpus = dedup_corpus(40, seed=13)
    with Store(tmp_path / "s.duckdb") as s:
        s.import_events(out)
        counts = s.ingest(corpus.articles, ReplayCoder(corpus.events))
        assert counts["events"] == 0 and s.stats() == store.stats()
