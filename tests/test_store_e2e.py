"""End to end: the real coder into a store (slow: loads spaCy)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.model import Article
from eventcoder.store import Store

pytestmark = pytest.mark.slow

TEXTS = [
    ("e1", "outlet-one", "The prime minister of Norway met the president of Finland in Oslo on Monday. "
                         "Both leaders promised closer cooperation on energy."),
    ("e2", "outlet-two", "Norway's prime minister held talks with the Finnish president in Oslo. "
                         "Protesters gathered outside the venue."),
    ("e3", "outlet-one", "Chilean police clashed with students in Santiago after a march."),
]


def test_real_coder_into_store(tmp_path, coder):
    day = dt.date(2024, 3, 12)
    arts = [Article(id=i, text=t, date=day, source=s) for i, s, t in TEXTS]
    with Store(tmp_path / "e2e.duckdb") as store:
        counts = store.ingest(arts, coder)
        assert counts["articles"] == 3 and counts["errors"] == 0
        assert counts["sentences"] >= 5  # the coder reports its sentences
        stats = store.stats()
        assert stats["events"] == counts["events"] == stats["mentions"]
        assert stats["event_clusters"] <= stats["events"]
        for e in store.events(limit=None):
            assert e["article_id"] in {"e1", "e2", "e3"} and e["cluster_id"]
        again = store.ingest(arts, coder)
        assert again["skipped"] == 3 and store.stats() == stats
