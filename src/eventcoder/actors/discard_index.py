"""A fast sentence test for discard phrases (built once from a ``DiscardList``).

The dictionary's own ``find`` tries every start position against a trie whose single-word stems are scanned
one by one; over thousands of sentences this dominated the actors stage. This index looks phrases up by their
first word and single-word stems by the prefixes of each word, so a sentence costs a few dictionary lookups
per word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eventcoder.dictionaries.common import pieces
from eventcoder.dictionaries.trie import word_pieces


@dataclass(frozen=True)
class DiscardHit:
    phrase: str
    story: bool


class DiscardIndex:
    def __init__(self, discards: Any):
        self.exact: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self.stem1: dict[str, Any] = {}
        self.stem_n: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self.max_stem = 0
        for e in discards:
            key = pieces(e.phrase)
            if not key:
                continue
            if e.stem and len(key) == 1:
                self.stem1[key[0]] = e
                self.max_stem = max(self.max_stem, len(key[0]))
            elif e.stem:
                self.stem_n.setdefault(key[0], []).append((key, e))
            else:
                self.exact.setdefault(key[0], []).append((key, e))

    def __len__(self) -> int:
        return len(self.exact) + len(self.stem1) + len(self.stem_n)

    def find(self, words: Sequence[str]) -> DiscardHit | None:
        """The first discard phrase in the words (a story-level one is preferred), or None."""
        seq: list[str] = []
        for w in words:
            seq.extend(word_pieces(w)[0])
        first: DiscardHit | None = None
        n = len(seq)
        for i, p in enumerate(seq):
            found = []
            for key, e in self.exact.get(p, ()):
                if tuple(seq[i:i + len(key)]) == key:
                    found.append(e)
            for key, e in self.stem_n.get(p, ()):
                k = len(key)
                if i + k <= n and tuple(seq[i:i + k - 1]) == key[:-1] and seq[i + k - 1].startswith(key[-1]):
                    found.append(e)
            if self.stem1:
                for k in range(1, min(len(p), self.max_stem) + 1):
                    e = self.stem1.get(p[:k])
                    if e is not None:
                        found.append(e)
            for e in found:
                hit = DiscardHit(e.phrase, e.story)
                if e.story:
                    return hit
                if first is None:
                    first = hit
        return first
