"""The coder's word lists (data file ``data/coder/lexicon.tsv``): modality words, speech verbs, nominal events."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from eventcoder.errors import ConfigError


@dataclass
class CoderWords:
    future: frozenset[str] = frozenset()
    hypothetical: frozenset[str] = frozenset()
    negation: frozenset[str] = frozenset()
    speech: frozenset[str] = frozenset()
    nominal: dict[str, str] = field(default_factory=dict)
    future_intent: dict[str, str] = field(default_factory=dict)  # CAMEO root -> code of the announced event
    nominal_target: frozenset[str] = frozenset()
    nominal_source: frozenset[str] = frozenset()
    reciprocal: frozenset[str] = frozenset()
    stative: frozenset[str] = frozenset()
    attribution: frozenset[str] = frozenset()
    setting: frozenset[str] = frozenset()
    topic_verb: frozenset[str] = frozenset()
    topic_object: frozenset[str] = frozenset()
    topic_prep: frozenset[str] = frozenset()
    frame_prep: frozenset[str] = frozenset()
    nominal_of_target: frozenset[str] = frozenset()
    joint: frozenset[str] = frozenset()
    speech_root: frozenset[str] = frozenset()
    place_prep: frozenset[str] = frozenset()
    place_noun: frozenset[str] = frozenset()
    topic_prep_verb: frozenset[str] = frozenset()  # "speak of X": the topic after a topic *verb* only
    dispute_noun: frozenset[str] = frozenset()  # "criticized over its dispute with Y": Y is the critic
    self_pronoun: frozenset[str] = frozenset()
    intent: frozenset[str] = frozenset()  # "sought to defeat X": the complement is intended, not done
    backshift: frozenset[str] = frozenset()  # "said it would": a past report's future  # "X said it would ...": subject pronouns of a complement


def read_words(path: str | Path) -> CoderWords:
    sets: dict[str, set[str]] = {}
    nominal: dict[str, str] = {}
    future: dict[str, str] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        kind = parts[0].strip()
        if len(parts) < 2 or kind not in CoderWords.__dataclass_fields__:
            raise ConfigError(f"{path}:{n}: expected 'kind<TAB>word' with a known kind")
        if kind in ("nominal", "future_intent"):
            if len(parts) < 3:
                raise ConfigError(f"{path}:{n}: {kind} needs '{kind}<TAB>key<TAB>value'")
            (nominal if kind == "nominal" else future)[parts[1].strip().lower()] = parts[2].strip().lower()
        else:
            sets.setdefault(kind, set()).add(parts[1].strip().lower())
    return CoderWords(**{k: frozenset(v) for k, v in sets.items()}, nominal=nominal, future_intent=future)


@functools.lru_cache(maxsize=4)
def load_words(path: str | None = None) -> CoderWords:
    p = path or str(resources.files("eventcoder") / "data" / "coder" / "lexicon.tsv")
    return read_words(p)
