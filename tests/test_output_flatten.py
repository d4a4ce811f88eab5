"""``eventcoder code --format csv`` and the store's CSV export flatten events the same way."""

from __future__ import annotations

import csv
import io
import json

from eventcoder.export import export
from eventcoder.output import FLAT_COLUMNS, CsvWriter, flat
from eventcoder.store import Store
from eventcoder.store.schema import flatten_event, unflatten_event
from eventcoder.store.synthetic import ReplayCoder, dedup_corpus


def test_flat_is_the_store_row_with_lists_as_json():
    ev = {"event_id": "e1", "source": "FRA", "warnings": ["w1"],
          "location": {"name": "Lyon", "country": "FRA", "lat": 45.7, "lon": 4.8, "span": [3, 4]}}
    row = flat(ev)
    assert row["location_name"] == "Lyon" and row["location_lon"] == 4.8
    assert json.loads(row["location_span"]) == [3, 4] and json.loads(row["warnings"]) == ["w1"]
    assert set(row) == set(flatten_event(ev))
    assert flat({"event_id": "e2", "location": None})["location_name"] is None


def test_code_csv_has_the_export_csv_columns(tmp_path):
    corpus = dedup_corpus(6, seed=3)
    with Store(tmp_path / "s.duckdb") as s:
        s.ingest(corpus.articles, ReplayCoder(corpus.events))
        buf = io.StringIO()
        export(s, "csv", buf)
        exported = list(csv.DictReader(io.StringIO(buf.getvalue())))
        events = s.events(limit=None)
    out = io.StringIO()
    w = CsvWriter(out)
    for e in events:
        w.write(e)
    coded = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(coded[0]) == FLAT_COLUMNS
    assert set(FLAT_COLUMNS) <= set(exported[0])
    by_id = {r["event_id"]: r for r in exported}
    def key(r):
        return (r["cameo"], r["location_name"], r["location_country"],
                float(r["location_lat"]) if r["location_lat"] else None)

    for row in coded:
        assert key(row) == key(by_id[row["event_id"]])
    assert unflatten_event(flatten_event(events[0]))["location"] == events[0]["location"]
