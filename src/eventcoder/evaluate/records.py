"""Gold-standard records: what a validation suite expects the coder to produce."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

NULL_CODES = frozenset({"", "---", "none", "null"})


def norm_code(code: str | None) -> str | None:
    """Normalise an actor code for comparison: strip, upper-case; null markers ("---", "") become None."""
    if code is None:
        return None
    c = str(code).strip().strip("'\"").upper()
    return None if c.lower() in NULL_CODES else c


Triple = tuple[str | None, str | None, str]


@dataclass(frozen=True)
class GoldEvent:
    source: str | None
    target: str | None
    code: str

    @property
    def triple(self) -> Triple:
        return (self.source, self.target, self.code)


@dataclass
class GoldRecord:
    """One test sentence. ``events`` empty means no event is expected (``noevents``)."""

    id: str
    text: str
    date: dt.date | None
    events: list[GoldEvent] = field(default_factory=list)
    category: str = ""
    evaluate: bool = True
    noevents: bool = False
    error: str | None = None  # PETRARCH's error="..." records: the sentence should yield no event
    line: int = 0


@dataclass
class Suite:
    """Records plus the dictionaries they were written for (a spec for ``load_dictionaries``)."""

    path: str
    records: list[GoldRecord]
    dictionaries: str | None = None
    format: str = ""
    # coding conventions of the suite's codebook, as pipeline config ({"coder": {...}}); ``make_coder`` applies
    # them unless the caller sets the same key itself
    conventions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def evaluated(self) -> list[GoldRecord]:
        return [r for r in self.records if r.evaluate]
