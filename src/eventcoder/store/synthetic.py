"""Synthetic event corpora with a known truth, and a replay coder: for benchmarks and tests of the store.

``dedup_corpus`` invents real-world events and reports of them by several invented outlets, with varied
codes within one family, dates (publication lag, article-date fallback, month precision) and places
(sometimes missing), plus distinct events built to look alike: the same dyad a week or more later, the same
dyad and day but another event family, the same dyad, day and family at another place.
``ReplayCoder`` plays pre-built events back through the ``pipe`` interface ``Store.ingest`` expects.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.model import Article, Event, EventDate, Mention, Place

# Invented event codes for the generator: code -> (root, goldstein, quad_class, plover, trigger words)
CODES: dict[str, tuple[str, float, int, str, tuple[str, ...]]] = {
    "040": ("04", 1.0, 1, "CONSULT", ("consulted", "held consultations with")),
    "042": ("04", 1.9, 1, "CONSULT", ("visited", "travelled to see")),
    "043": ("04", 2.8, 1, "CONSULT", ("hosted", "received")),
    "036": ("03", 4.0, 1, "AGREE", ("offered to meet", "said it was ready to meet")),
    "057": ("05", 8.0, 1, "AGREE", ("signed a treaty with", "concluded an agreement with")),
    "070": ("07", 7.0, 2, "AID", ("sent aid to", "shipped supplies to")),
    "111": ("11", -2.0, 3, "ACCUSE", ("criticized", "condemned")),
    "112": ("11", -2.0, 3, "ACCUSE", ("accused", "blamed")),
    "130": ("13", -4.4, 3, "THREATEN", ("threatened", "warned")),
    "172": ("17", -5.0, 4, "SANCTION", ("imposed sanctions on", "blacklisted")),
    "190": ("19", -10.0, 4, "ASSAULT", ("attacked", "shelled")),
    "193": ("19", -10.0, 4, "ASSAULT", ("fought", "clashed with")),
}
FAMILIES: dict[str, list[str]] = {}
for _c, (_root, *_rest) in CODES.items():
    FAMILIES.setdefault(_root, []).append(_c)

ACTORS = ["ARN", "GON", "ROH", "MOR", "ERE", "DAL", "HAR", "UMB", "RHU", "LIN", "FOR", "BRE", "ANF", "KHA",
          "NUR", "ITH", "LOS", "DOR", "EAS", "MIN"]
PLACES = [("Osgiliath", "GON", 1.0, 2.0), ("Edoras", "ROH", 3.0, 4.0), ("Bree", "ERE", 5.0, 6.0),
          ("Dale", "DAL", 7.0, 8.0), ("Pelargir", "GON", 9.0, 10.0), ("Minas Tirith", "GON", 11.0, 12.0),
          ("Annuminas", "ARN", 13.0, 14.0), ("Umbar", "UMB", 15.0, 16.0)]
OUTLETS = [f"outlet-{c}" for c in "abcdefghijklmnop"]


def make_event(article_id: str, index: int, source: str, target: str | None, code: str,
               date: EventDate, place: tuple[str, str, float, float] | None = None,
               trigger: str | None = None) -> Event:
    """An Event with plausible evidence, as the pipeline would produce it."""
    root, goldstein, quad, plover, words = CODES.get(code, (code[:2], 0.0, 1, None, ("did",)))
    trig = trigger or words[0]
    text = f"{source} {trig} {target or ''}".strip() + "."
    src = Mention(source, source, 0, 1, (0, len(source)), index)
    tgt = None
    if target:
        start = len(source) + len(trig) + 2
        tgt = Mention(target, target, 2, 3, (start, start + len(target)), index)
    loc = Place(place[0], place[1], None, place[2], place[3], "city") if place else None
    t0 = len(source) + 1
    return Event(article_id=article_id, sentence_id=f"{article_id}:{index}", source=src, target=tgt,
                 code=code, trigger=trig, trigger_span=(t0, t0 + len(trig)), pattern=f"synthetic [{code}]",
                 sentence_text=text, date=date, location=loc,
                 attributes={"root": root, "goldstein": goldstein, "quad_class": quad, "plover": plover,
                             "plover_mode": None})


@dataclass
class SyntheticCorpus:
    articles: list[Article]
    events: dict[str, list[Event]]  # article id -> its events
    truth: dict[str, int] = field(default_factory=dict)  # event_id -> the real-world event it reports

    def n_events(self) -> int:
        return sum(len(v) for v in self.events.values())


def dedup_corpus(n_events: int = 200, seed: int = 7, lookalike_rate: float = 0.5,
                 start: dt.date = dt.date(2021, 3, 1), days: int = 120,
                 place_missing: float = 0.25, month_precision: float = 0.05) -> SyntheticCorpus:
    """Real events, each reported 1-6 times by different outlets, plus look-alike distinct events."""
    rng = random.Random(seed)
    real: list[tuple[str, str, str, dt.date, tuple | None]] = []
    for _ in range(n_events):
        s, t = rng.sample(ACTORS, 2)
        code = rng.choice(list(CODES))
        day = start + dt.timedelta(days=rng.randrange(days))
        real.append((s, t, code, day, rng.choice(PLACES) if rng.random() < 0.7 else None))
    for s, t, code, day, place in list(real):
        if rng.random() >= lookalike_rate:
            continue
        kind = rng.choice(["week", "family", "place"])
        if kind == "week":
            real.append((s, t, rng.choice(FAMILIES[CODES[code][0]]), day + dt.timedelta(days=rng.randint(7, 21)),
                         place))
        elif kind == "family":
            other = rng.choice([c for c in CODES if CODES[c][0] != CODES[code][0]])
            real.append((s, t, other, day, place))
        else:
            p1, p2 = rng.sample(PLACES, 2)
            real[real.index((s, t, code, day, place))] = (s, t, code, day, p1)
            real.append((s, t, rng.choice(FAMILIES[CODES[code][0]]), day, p2))

    articles: list[Article] = []
    events: dict[str, list[Event]] = {}
    truth: dict[str, int] = {}
    for ev_no, (s, t, code, day, place) in enumerate(real):
        outlets = rng.sample(OUTLETS, rng.randint(1, 6))
        for outlet in outlets:
            lag = rng.choice([0, 0, 1, 1, 2])
            adate = day + dt.timedelta(days=lag)
            r = rng.random()
            if r < month_precision:
                date = EventDate(day.strftime("%Y-%m"), "month", "text", "earlier this month")
            elif r < 0.6:
                date = EventDate(day.isoformat(), "day", "text", day.strftime("%A"))
            else:
                date = EventDate(adate.isoformat(), "day", "article")
            rep_code = rng.choice(FAMILIES[CODES[code][0]]) if rng.random() < 0.3 else code
            words = CODES[rep_code][4]
            aid = f"{outlet}-{ev_no:05d}"
            rep_place = None if (place is None or rng.random() < place_missing) else place
            e = make_event(aid, 0, s, t, rep_code, date, rep_place, trigger=rng.choice(words))
            text = f"{e.sentence_text} Report {ev_no} by {outlet}."
            articles.append(Article(id=aid, text=text, date=adate, source=outlet, url=f"https://{outlet}.example/{aid}",
                                    title=f"{s} and {t}"))
            events[aid] = [e]
            truth[e.event_id] = ev_no
    rng.shuffle(articles)
    return SyntheticCorpus(articles, events, truth)


def merged_pairs_score(truth: dict[str, int], clusters: dict[str, str]) -> dict[str, float]:
    """Precision and recall of merged pairs: a pair of reports is merged when it shares a cluster, and
    truly merged when it reports the same real event."""
    from collections import Counter
    from math import comb
    keys = [k for k in truth if k in clusters]
    both = Counter((truth[k], clusters[k]) for k in keys)
    by_truth = Counter(truth[k] for k in keys)
    by_cluster = Counter(clusters[k] for k in keys)
    tp = sum(comb(n, 2) for n in both.values())
    pred = sum(comb(n, 2) for n in by_cluster.values())
    real = sum(comb(n, 2) for n in by_truth.values())
    p = tp / pred if pred else 1.0
    r = tp / real if real else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "true_pairs": real,
            "merged_pairs": pred, "correct_pairs": tp, "reports": len(keys),
            "real_events": len(by_truth), "clusters": len(by_cluster)}


class ReplayCoder:
    """Plays pre-built events back through ``pipe(articles)``, optionally slowly (``delay`` seconds per
    article) and leaving a trail (``trail``: a file that gets one line per article coded)."""

    def __init__(self, events: dict[str, list[Event]], delay: float = 0.0, trail: str | Path | None = None):
        self.events = events
        self.delay = delay
        self.trail = Path(trail) if trail else None

    def pipe(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for a in articles:
            if self.delay:
                time.sleep(self.delay)
            if self.trail:
                with self.trail.open("a") as fh:
                    fh.write(a.id + "\n")
            yield a, list(self.events.get(a.id, []))
