"""The coding pipeline: a printable list of registered stages run over each parsed article.

Each stage is built by a factory registered in ``eventcoder.registry.stages``::

    factory(resources: Resources, **config) -> Callable[[ArticleDoc], None]

and reads/writes fields of the ``ArticleDoc`` it is given (its contract is in its docstring).
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventcoder import nlp as nlp_mod
from eventcoder.model import Article, Event, Mention, PlaceMention, Sentence, TimeMention
from eventcoder.registry import stages

if TYPE_CHECKING:
    from spacy.tokens import Doc

DEFAULT_STAGES: list[str] = ["actors", "actor_context", "coder", "places", "dates", "ontology", "modality"]


@dataclass
class ArticleDoc:
    """What flows between stages: the article, its parse, and what stages have found so far."""

    article: Article
    doc: Doc
    sentences: list[Sentence]
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)  # every place named (``places`` stage)
    times: list[TimeMention] = field(default_factory=list)  # every time expression (``dates`` stage)
    trace: list[dict[str, Any]] | None = None  # explanations, filled only when asked (``explain``)

    @property
    def date(self) -> dt.date | None:
        return self.article.date

    def to_dict(self) -> dict[str, Any]:
        """The article as coded: its metadata (not its text), events, and the places and time expressions
        it names, including those in sentences with no event (``eventcoder code --format articles``)."""
        meta = {k: v for k, v in self.article.to_dict().items() if k != "text"}
        return {**meta, "sentences": len(self.sentences), "events": [e.to_dict() for e in self.events],
                "places": [p.to_dict() for p in self.places], "times": [t.to_dict() for t in self.times],
                "warnings": list(self.article.warnings)}

    def note(self, stage: str, **info: Any) -> None:
        if self.trace is not None:
            self.trace.append({"stage": stage, **info})


class Resources:
    """Shared, lazily loaded data (dictionaries, gazetteer, ontology tables): loaded once per process."""

    def __init__(self, dictionaries: str | None = None, actor_files: Iterable[str] = (),
                 ontology: str | None = None, **options: Any):
        self.dictionaries_spec = dictionaries
        self.extra_actor_files = list(actor_files)
        self.ontology_spec = ontology
        self.options = options

    @functools.cached_property
    def dictionaries(self):
        from eventcoder.dictionaries import load_dictionaries
        return load_dictionaries(self.dictionaries_spec, extra_actor_files=self.extra_actor_files)

    @functools.cached_property
    def ontology(self):
        from eventcoder.ontology import load_ontology
        return load_ontology(self.ontology_spec)

    @functools.cached_property
    def gazetteer(self):
        from eventcoder.world.places import Gazetteer
        return Gazetteer.load()


def _drop_stage_caches(doc: Doc) -> None:
    """Stages keep per-document caches in ``doc.user_data`` under ``eventcoder_*`` keys (token arrays, clause
    heads, entity spans). Some hold Spans, which point back at the Doc: dropped when the article leaves the
    pipeline, the Doc is freed at once instead of waiting for a full garbage collection."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("eventcoder_")]:
        del doc.user_data[key]


class Pipeline:
    def __init__(self, stage_names: Iterable[str] = DEFAULT_STAGES, resources: Resources | None = None,
                 config: dict[str, dict[str, Any]] | None = None, model: str = nlp_mod.MODEL):
        self.resources = resources or Resources()
        self.config = config or {}
        self.stage_names = list(stage_names)
        self.stages = [(n, stages.get(n)(self.resources, **self.config.get(n, {}))) for n in self.stage_names]
        self.model = model
        self.timings: dict[str, float] | None = None  # set to {} to accumulate seconds per stage
        self._frozen = False

    def __repr__(self) -> str:
        return f"Pipeline({self.stage_names})"

    @property
    def nlp(self):
        return nlp_mod.load(self.model)

    def run(self, article: Article, doc: Doc, trace: bool = False) -> ArticleDoc:
        adoc = ArticleDoc(article, doc, nlp_mod.sentences(doc, article.id), trace=[] if trace else None)
        if self.timings is None:
            for _name, stage in self.stages:
                stage(adoc)
        else:
            for name, stage in self.stages:
                t0 = time.perf_counter()
                stage(adoc)
                self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t0
        _drop_stage_caches(doc)
        return adoc

    def pipe(self, articles: Iterable[Article], batch_size: int = 32, n_process: int = 1,
             trace: bool = False) -> Iterator[ArticleDoc]:
        """Parse with ``nlp.pipe`` (batched, optionally multi-process) and run the stages on each article."""
        stream = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
            adoc = self.run(article, doc, trace=trace)
            if not self._frozen:
                # the model, dictionaries and gazetteer are loaded now: move their ~400k long-lived objects out
                # of the collector's reach, so full collections stop rescanning them on every article
                gc.freeze()
                self._frozen = True
            yield adoc
