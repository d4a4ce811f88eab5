"""A tiny stand-in pipeline stage for the Spark plumbing tests (imported on executors via ``--plugin``).

``spark_toy`` codes "X accused Y" / "X met Y" sentences with made-up codes (the first three letters of the
names, upper-cased), puts "in <Capitalised>" into the location, dates events with the article date, and
raises on any article containing the word BOOM (to test that a failing article becomes an error row).
It does not depend on the real dictionaries, so these tests run while the real coder is being built.
"""

from __future__ import annotations

import re

from eventcoder.model import Event, EventDate, Mention, Place
from eventcoder.registry import stages

_VERBS = {"accused": "112", "met": "040"}
_PATTERN = re.compile(r"\b([A-Z][a-z]+) (accused|met) ([A-Z][a-z]+)(?:[^.]*? in ([A-Z][a-z]+))?")


@stages.register("spark_toy")
def make_toy(resources, **config):
    def stage(adoc) -> None:
        text = adoc.article.text
        if "BOOM" in text:
            raise RuntimeError("toy stage exploded")
        for s in adoc.sentences:
            for m in _PATTERN.finditer(s.text):
                off = s.start
                src = Mention(m.group(1), m.group(1)[:3].upper(), 0, 1, (off + m.start(1), off + m.end(1)),
                              s.index)
                tgt = Mention(m.group(3), m.group(3)[:3].upper(), 0, 1, (off + m.start(3), off + m.end(3)),
                              s.index)
                place = Place(m.group(4), text=m.group(4), span=(off + m.start(4), off + m.end(4))) \
                    if m.group(4) else None
                adoc.events.append(Event(
                    article_id=adoc.article.id, sentence_id=s.id, source=src, target=tgt,
                    code=_VERBS[m.group(2)], trigger=m.group(2), trigger_span=(off + m.start(2), off + m.end(2)),
                    pattern=f"toy: {m.group(2)}", sentence_text=s.text,
                    date=EventDate.from_article(adoc.article.date), location=place,
                    attributes={"root": _VERBS[m.group(2)][:2], "goldstein": -2.0, "quad_class": 3}))
    return stage
