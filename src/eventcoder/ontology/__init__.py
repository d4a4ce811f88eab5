"""Ontology: maps verb-dictionary codes to attributes (root, Goldstein, QuadClass, PLOVER type and mode).

The table is data (``src/eventcoder/data/ontology/cameo.tsv``); the ``ontology`` stage fills ``Event.attributes``.
Codes missing from the table (e.g. PETRARCH internal compound codes) map to their nearest parent code and the
attributes say so (``mapped_from``, ``ontology_code``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from eventcoder.ontology.table import CodeInfo, Ontology, default_table_path, quad_class_of_root, read_table
from eventcoder.registry import stages

if TYPE_CHECKING:
    from eventcoder.pipeline import ArticleDoc, Resources

__all__ = ["CodeInfo", "Ontology", "load_ontology", "quad_class_of_root"]


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> Ontology:
    return read_table(path)


def load_ontology(spec: str | None = None) -> Ontology:
    """Load the ontology table: ``spec=None`` is the shipped CAMEO table, else a path to a TSV of that shape."""
    return _load_cached(str(spec) if spec else str(default_table_path()))


@stages.register("ontology")
def make_ontology_stage(resources: Resources, **config: Any) -> Callable[[ArticleDoc], None]:
    def run(adoc: ArticleDoc) -> None:
        onto = resources.ontology
        for ev in adoc.events:
            attrs = onto.attributes(ev.code)
            ev.attributes.update(attrs)
            if attrs.get("mapped_from"):
                adoc.note("ontology", code=ev.code, mapped_to=attrs.get("ontology_code"))
    return run
