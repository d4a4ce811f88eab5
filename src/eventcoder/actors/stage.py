"""The ``actors`` stage: actor mentions per sentence from the actor and agent dictionaries; discards.

Reads ``doc``, ``sentences``, ``article.date`` and ``resources.dictionaries`` (actors, agents, discards);
writes ``adoc.mentions``. A sentence containing a discard phrase gets no mentions (so no events); a
story-level discard empties the whole article.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from eventcoder.actors.find import mentions_in
from eventcoder.actors.tokens import tokens_of
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
        tk = tokens_of(adoc.doc, adoc.article.text)
        sents = tk.sents
        texts = tk.text
        words = [texts[a:b] for a, b in sents]
        if discards is not None:
            hits = [discards.find(w) for w in words]
            story = next((h for h in hits if h is not None and h.story), None)
            if story is not None:
                adoc.note("actors", discard="story", phrase=story.phrase)
                return
        else:
            hits = [None] * len(sents)
        dated: dict = {}  # the code and role of each actor entry on the article date, worked out once
        for idx, sent in enumerate(sents):
            if hits[idx] is not None:
                adoc.note("actors", sentence=idx, discard="sentence", phrase=hits[idx].phrase)
                continue
            found = mentions_in(tk, adoc.doc[sent[0]:sent[1]], idx, adoc.date, d.actors, d.agents, words=words[idx],
                                dated=dated)
            adoc.mentions.extend(found)
            if adoc.trace is not None:
                for m in found:
                    adoc.note("actors", sentence=idx, text=m.text, code=m.code, entry=m.entry, kind=m.kind,
                              tokens=[m.start, m.end])
    return run
