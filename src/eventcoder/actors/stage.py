"""The ``actors`` stage: actor mentions per sentence from the actor and agent dictionaries; discards.

Reads ``doc``, ``sentences``, ``article.date`` and ``resources.dictionaries`` (actors, agents, discards);
writes ``adoc.mentions``. A sentence containing a discard phrase gets no mentions (so no events); a
story-level discard empties the whole article.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from eventcoder.actors.find import find_mentions
from eventcoder.registry import stages

if TYPE_CHECKING:
    from eventcoder.pipeline import ArticleDoc, Resources


@stages.register("actors")
def make_actors_stage(resources: Resources, **config: Any) -> Callable[[ArticleDoc], None]:
    use_discards = bool(config.get("discards", True))
    state: dict[str, Any] = {}

    def run(adoc: ArticleDoc) -> None:
        d = resources.dictionaries
        if "discards" not in state:
            raw = getattr(d, "discards", None) if use_discards else None
            state["discards"] = raw if raw is not None and len(raw) else None
        discards = state["discards"]
        sents = list(adoc.doc.sents)
        texts = [t.text for t in adoc.doc]
        words = [texts[s.start:s.end] for s in sents]
        if discards is not None:
            hits = [discards.find(w) for w in words]
            story = next((h for h in hits if h is not None and h.story), None)
            if story is not None:
                adoc.note("actors", discard="story", phrase=story.phrase)
                return
        else:
            hits = [None] * len(sents)
        for idx, sent in enumerate(sents):
            if hits[idx] is not None:
                adoc.note("actors", sentence=idx, discard="sentence", phrase=hits[idx].phrase)
                continue
            found = find_mentions(sent, idx, adoc.date, d.actors, d.agents, words=words[idx])
            adoc.mentions.extend(found)
            if adoc.trace is not None:
                for m in found:
                    adoc.note("actors", sentence=idx, text=m.text, code=m.code, entry=m.entry, kind=m.kind,
                              tokens=[m.start, m.end])
    return run
