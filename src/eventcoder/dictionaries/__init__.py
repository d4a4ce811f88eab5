"""Dictionaries: verb patterns, actors, agents, discards and the PICO table, in PETRARCH's formats and ours.

>>> from eventcoder.dictionaries import load_dictionaries          # doctest: +SKIP
>>> d = load_dictionaries()                       # the shipped files  # doctest: +SKIP
>>> d = load_dictionaries("/path/PETR_Validate_records_2_02.xml")   # its <Environment> files  # doctest: +SKIP
>>> m = d.actors.match(["Iran", "'s", "president"], 0)             # doctest: +SKIP
>>> m.code_at(datetime.date(2017, 1, 1))                            # doctest: +SKIP

``spec`` is None (the shipped files in ``eventcoder/data/dictionaries/``), a directory (files by kind,
from their names; ``phoenix*`` files first, then the rest alphabetically), a PETRARCH validation XML (its
``<Environment>`` names the files) or a comma-separated list of files. ``extra_actor_files`` (our
``*.actors``/``*.agents``/``*.discards`` or PETRARCH files) are loaded last and override earlier entries of
the same name. Formats: docs/dictionaries.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from eventcoder.dictionaries.actors import ActorDictionary, ActorEntry, ActorMatch, CodeSpan
from eventcoder.dictionaries.agents import AgentDictionary, AgentEntry, AgentMatch
from eventcoder.dictionaries.discards import DiscardEntry, DiscardList, DiscardMatch
from eventcoder.dictionaries.loader import (
    SHIPPED_DIR,
    Dictionaries,
    check_file,
    detect_kind,
    extra_files,
    load_files,
    load_verbs,
    resolve_spec,
)
from eventcoder.dictionaries.pico import Pico
from eventcoder.dictionaries.verbs import (
    Marker,
    NounPhrase,
    PrepPhrase,
    Synset,
    Term,
    Transformation,
    VerbBlock,
    VerbDictionary,
    VerbEntry,
    VerbPattern,
)

__all__ = [
    "SHIPPED_DIR", "ActorDictionary", "ActorEntry", "ActorMatch", "AgentDictionary", "AgentEntry", "AgentMatch",
    "CodeSpan", "Dictionaries", "DiscardEntry", "DiscardList", "DiscardMatch", "Marker", "NounPhrase", "Pico",
    "PrepPhrase", "Synset", "Term", "Transformation", "VerbBlock", "VerbDictionary", "VerbEntry", "VerbPattern",
    "check_file", "detect_kind", "load_dictionaries", "load_verbs",
]


_CACHE: dict[tuple, Dictionaries] = {}
_CACHE_SIZE = 4


def load_dictionaries(spec: str | Path | None = None, extra_actor_files: Iterable[str | Path] = (),
                      strict: bool = True, cache: bool = True) -> Dictionaries:
    """Load dictionaries (see the module docstring). Raises DictionaryError listing every error found in
    every file; with ``strict=False`` bad lines are skipped and the errors are kept in ``.warnings``.

    Loads of the same unchanged files are cached and return the same (shared, treat as read-only) object;
    ``cache=False`` gives a private copy."""
    files = resolve_spec(spec) + extra_files(extra_actor_files)
    key = (strict, *(_stamp(p, k) for p, k in files))
    if cache and key in _CACHE:
        return _CACHE[key]
    d, errors = load_files(files, strict=strict)
    if not strict:
        d.warnings.extend(errors)
    if cache:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = d
    return d


def _stamp(path: Path, kind: str) -> tuple:
    try:
        st = path.stat()
        return (str(path.resolve()), kind, st.st_mtime_ns, st.st_size)
    except OSError:
        return (str(path), kind, None, None)
