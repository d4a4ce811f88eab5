"""The data contract that flows through the pipeline.

Article -> Sentence -> Mention (an Actor found in the text) -> Event (with Place and EventDate).

Everything a stage produces is one of these dataclasses; everything the outside world sees (JSONL, the
store, the REST API, Spark) is ``Event.to_dict()``. ``EVENT_FIELDS`` is the one definition of the JSONL
schema: the store, the exports and the Spark job derive their columns from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One news article, as read by an ingest reader."""

    id: str
    text: str
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """Stable hash of what determines the coding: text and date."""
        h = hashlib.sha256()
        h.update(self.text.encode("utf-8"))
        h.update(b"\x00")
        h.update((self.date.isoformat() if self.date else "").encode())
        return h.hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "text": self.text,
        }


@dataclass
class Sentence:
    """A sentence of an article. ``start``/``end`` are character offsets in ``Article.text``."""

    id: str  # "<article_id>:<index>"
    index: int
    article_id: str
    text: str
    start: int
    end: int


@dataclass
class Place:
    name: str
    country: str | None = None  # ISO3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = "city"  # city | admin1 | country
    geonameid: int | None = None
    text: str | None = None  # the words in the sentence
    span: tuple[int, int] | None = None  # char offsets in the article

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span) if self.span else None
        return d


@dataclass
class EventDate:
    """When an event happened, at the precision the text allows.

    ``value`` is "YYYY-MM-DD", "YYYY-MM" or "YYYY" (None when unknown); ``precision`` is
    day | week | month | year | unknown; ``source`` says where it came from: "text" (a time expression in the
    sentence), "article" (the article's date, used as a fallback) or "unknown" (no date anywhere).
    For week precision ``value`` is the Monday of that week (a day string).
    """

    value: str | None
    precision: str = "unknown"
    source: str = "unknown"
    text: str | None = None  # the time expression, when source == "text"

    @classmethod
    def from_article(cls, date: dt.date | None) -> EventDate:
        if date is None:
            return cls(None, "unknown", "unknown")
        return cls(date.isoformat(), "day", "article")


@dataclass
class PlaceMention:
    """A place named in an article, whether or not an event is located there (``ArticleDoc.places``).
    ``place.text``/``place.span`` are the words in the article."""

    sentence_id: str
    place: Place

    def to_dict(self) -> dict[str, Any]:
        return {"sentence_id": self.sentence_id, **self.place.to_dict()}


@dataclass
class TimeMention:
    """A time expression of an article resolved against the article date (``ArticleDoc.times``).
    ``date.value`` is None when the expression cannot be placed on the calendar ("for decades")."""

    sentence_id: str
    text: str
    span: tuple[int, int]  # character offsets in the article
    date: EventDate

    def to_dict(self) -> dict[str, Any]:
        return {"sentence_id": self.sentence_id, "text": self.text, "span": list(self.span),
                "date": self.date.value, "date_precision": self.date.precision}


@dataclass
class Mention:
    """An actor recognised in a sentence.

    Token indices are Doc-level (spaCy ``token.i``), ``end`` exclusive; ``span`` is characters in the article.
    ``code`` is the code valid on the article date (None when the actor is known but has no code then).
    """

    text: str
    code: str | None
    start: int
    end: int
    span: tuple[int, int]
    sentence_index: int
    kind: str = "name"  # name | role | agent | metonym | demonym | pronoun | description
    entry: str | None = None  # the dictionary entry that matched (for evidence)
    head: int | None = None  # token index of the syntactic head
    role: str | None = None  # the role of the actor on that date, e.g. "president" (for the title check)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "code": self.code, "span": list(self.span), "kind": self.kind,
                "entry": self.entry}


@dataclass
class Event:
    """One coded event with its evidence."""

    article_id: str
    sentence_id: str
    source: Mention
    target: Mention | None
    code: str  # the verb-dictionary code (CAMEO in the shipped ontology), leading zeros kept
    trigger: str
    trigger_span: tuple[int, int]
    pattern: str  # the dictionary entry that fired, e.g. "AGREE: * (TO &CEASEFIRE) [0356] (CAMEO.2.0.txt:344)"
    trigger_i: int | None = None  # Doc token index of the trigger head (not serialised)
    sentence_text: str = ""
    date: EventDate = field(default_factory=lambda: EventDate(None))
    location: Place | None = None
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    reported: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)  # from the ontology: root, goldstein, ...
    warnings: list[str] = field(default_factory=list)

    @property
    def event_id(self) -> str:
        key = f"{self.article_id}|{self.sentence_id}|{self.trigger_span}|{self.source.code}|" \
              f"{self.target.code if self.target else ''}|{self.code}"
        return hashlib.sha1(key.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        a = self.attributes
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence_id": self.sentence_id,
            "date": self.date.value,
            "date_precision": self.date.precision,
            "date_source": self.date.source,
            "date_text": self.date.text,
            "source": self.source.code,
            "target": self.target.code if self.target else None,
            "cameo": self.code,
            "root": a.get("root"),
            "goldstein": a.get("goldstein"),
            "quad_class": a.get("quad_class"),
            "plover": a.get("plover"),
            "plover_mode": a.get("plover_mode"),
            "source_text": self.source.text,
            "target_text": self.target.text if self.target else None,
            "source_span": list(self.source.span),
            "target_span": list(self.target.span) if self.target else None,
            "trigger": self.trigger,
            "span": list(self.trigger_span),
            "pattern": self.pattern,
            "sentence": self.sentence_text,
            "location": self.location.to_dict() if self.location else None,
            "negated": self.negated,
            "future": self.future,
            "hypothetical": self.hypothetical,
            "reported": self.reported,
            "warnings": list(self.warnings) + [w for w in self.source.warnings if w not in self.warnings]
            + ([w for w in self.target.warnings if w not in self.warnings] if self.target else []),
        }


# The JSONL schema: field name -> (type, description). Store, exports and Spark derive columns from it.
EVENT_FIELDS: dict[str, tuple[str, str]] = {
    "event_id": ("str", "stable id: hash of article, sentence, trigger span, dyad and code"),
    "article_id": ("str", "id of the article the event was coded from"),
    "sentence_id": ("str", "'<article_id>:<sentence index>'"),
    "date": ("str?", "event date at its precision: YYYY-MM-DD, YYYY-MM or YYYY; null when unknown"),
    "date_precision": ("str", "day | week | month | year | unknown"),
    "date_source": ("str", "text (from a time expression) | article (article date fallback) | unknown"),
    "date_text": ("str?", "the time expression the date came from"),
    "source": ("str", "source actor code"),
    "target": ("str?", "target actor code, null when the event has none"),
    "cameo": ("str", "event code as a string, leading zeros kept"),
    "root": ("str?", "two-digit root of the code"),
    "goldstein": ("float?", "Goldstein score of the code"),
    "quad_class": ("int?", "GDELT QuadClass: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict"),
    "plover": ("str?", "PLOVER event type"),
    "plover_mode": ("str?", "PLOVER mode where the ontology defines one"),
    "source_text": ("str", "the words that named the source"),
    "target_text": ("str?", "the words that named the target"),
    "source_span": ("list[int]", "character offsets of the source in the article"),
    "target_span": ("list[int]?", "character offsets of the target in the article"),
    "trigger": ("str", "the words that triggered the event"),
    "span": ("list[int]", "character offsets of the trigger in the article"),
    "pattern": ("str", "the dictionary pattern that fired, with its file and line"),
    "sentence": ("str", "the sentence text"),
    "location": ("object?", "name, country (ISO3), admin1, lat, lon, precision, geonameid, text, span"),
    "negated": ("bool", "the event is negated ('did not meet')"),
    "future": ("bool", "the event is announced for the future ('will meet')"),
    "hypothetical": ("bool", "conditional or possible ('would', 'could', 'may', 'if')"),
    "reported": ("bool", "the event is reported speech of someone else"),
    "warnings": ("list[str]", "short notes, e.g. a title that contradicts the actor base"),
}
