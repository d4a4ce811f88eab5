"""Streaming writers for ``eventcoder code``: events as JSONL (the reference), CSV and PETRARCH-style TSV, or
one JSON object per article (``articles``: its events plus every place and time expression it names)."""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from eventcoder.store.schema import event_columns, flatten_event


class EventWriter:
    per_article = False  # True: ``write_article`` takes ``ArticleDoc.to_dict()`` records instead of events

    def __init__(self, fh: IO[str]):
        self.fh = fh
        self.count = 0

    def write(self, event: dict[str, Any]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.fh.flush()


class JsonlWriter(EventWriter):
    def write(self, event: dict[str, Any]) -> None:
        self.fh.write(json.dumps(event, ensure_ascii=False) + "\n")
        self.count += 1


def flat(event: dict[str, Any]) -> dict[str, Any]:
    """One level, as the store's ``events`` rows: the location object becomes the location_* columns
    (``flatten_event``) and lists become JSON text."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
            for k, v in flatten_event(event).items()}


FLAT_COLUMNS = list(event_columns())


class CsvWriter(EventWriter):
    def __init__(self, fh: IO[str]):
        super().__init__(fh)
        self.w = csv.DictWriter(fh, fieldnames=FLAT_COLUMNS, extrasaction="ignore")
        self.w.writeheader()

    def write(self, event: dict[str, Any]) -> None:
        self.w.writerow(flat(event))
        self.count += 1


class PetrarchWriter(EventWriter):
    """PETRARCH's tab-separated event lines: date, source, target, code, sentence id, trigger."""

    def write(self, event: dict[str, Any]) -> None:
        date = (event.get("date") or "").replace("-", "")
        row = [date, event["source"] or "---", event["target"] or "---", event["cameo"],
               event["sentence_id"], event["trigger"]]
        self.fh.write("\t".join(str(x) for x in row) + "\n")
        self.count += 1


class ArticleJsonlWriter(EventWriter):
    """One JSON object per article: metadata, ``events``, ``places`` and ``times`` (``ArticleDoc.to_dict()``)."""

    per_article = True

    def write(self, event: dict[str, Any]) -> None:
        raise TypeError("the articles format writes whole articles: use write_article")

    def write_article(self, record: dict[str, Any]) -> None:
        self.fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += len(record.get("events", ()))


WRITERS: dict[str, type[EventWriter]] = {"jsonl": JsonlWriter, "csv": CsvWriter, "petrarch": PetrarchWriter,
                                         "articles": ArticleJsonlWriter}
