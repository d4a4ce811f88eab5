"""Scoring: precision, recall and F1 over (source, target, code) triples; exact-record rate; per category."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from eventcoder.evaluate.records import GoldRecord, Triple


@dataclass
class Predicted:
    triple: Triple
    pattern: str = ""
    trigger: str = ""


@dataclass
class RecordResult:
    record: GoldRecord
    predicted: list[Predicted]
    tp: int
    missed: list[Triple]
    false_pos: list[Predicted]

    @property
    def exact(self) -> bool:
        return not self.missed and not self.false_pos


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    records: int = 0
    exact: int = 0

    def add(self, r: RecordResult) -> None:
        self.tp += r.tp
        self.fp += len(r.false_pos)
        self.fn += len(r.missed)
        self.records += 1
        self.exact += int(r.exact)

    @property
    def scored(self) -> bool:
        """False for a group whose records expect no event (PETRARCH's ERROR records, the news set's
        "none"): recall and F1 are undefined there; its false positives (``fp``) are the figure to read."""
        return self.tp + self.fn > 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        defined = self.scored or self.records == 0
        return {"precision": round(self.precision, 4) if defined else None,
                "recall": round(self.recall, 4) if defined else None,
                "f1": round(self.f1, 4) if defined else None,
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "records": self.records,
                "exact_records": self.exact, "exact_rate": round(self.exact / self.records, 4) if self.records else 0.0}


@dataclass
class Report:
    path: str
    results: list[RecordResult] = field(default_factory=list)
    skipped: int = 0

    @property
    def total(self) -> Counts:
        c = Counts()
        for r in self.results:
            c.add(r)
        return c

    def by_category(self) -> dict[str, Counts]:
        out: dict[str, Counts] = {}
        for r in self.results:
            out.setdefault(r.record.category or "-", Counts()).add(r)
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, **self.total.to_dict(), "skipped": self.skipped,
                "by_category": {k: v.to_dict() for k, v in self.by_category().items()}}


def score_record(record: GoldRecord, predicted: list[Predicted]) -> RecordResult:
    """Match predicted triples to gold triples (each gold triple matches at most once; duplicates of a
    predicted triple count once). A record with no gold event makes every coded event a false positive."""
    seen: set[Triple] = set()
    uniq: list[Predicted] = []
    for p in predicted:
        if p.triple not in seen:
            seen.add(p.triple)
            uniq.append(p)
    gold = Counter(e.triple for e in record.events)
    remaining = Counter(gold)
    false_pos = []
    tp = 0
    for p in uniq:
        if remaining[p.triple] > 0:
            remaining[p.triple] -= 1
            tp += 1
        else:
            false_pos.append(p)
    missed = [t for t, n in remaining.items() for _ in range(n)]
    return RecordResult(record, uniq, tp, missed, false_pos)
