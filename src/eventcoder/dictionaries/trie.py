"""A word trie for longest-match phrase lookup over token texts (actors, agents, discards).

Keys are tuples of *pieces* (see :func:`eventcoder.dictionaries.common.pieces`), so matching is case- and
accent-insensitive and does not care whether punctuation such as hyphens or apostrophes was split off by the
tokenizer. ``"Gondor's"`` matches the phrase ``GONDOR`` (the possessive is part of the matched word).

>>> t = PhraseTrie()
>>> t.add(pieces("UNITED_STATES"), "USA")
>>> t.add(pieces("UNITED"), "X")
>>> t.match(["the", "United", "States'", "envoy"], 1)
('USA', 2, ('united', 'states'))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Generic, TypeVar

from eventcoder.dictionaries.common import pieces, strip_possessive

T = TypeVar("T")

_END = ""  # terminal marker (pieces are never empty strings)
# stems of a node: _Stems (stem piece -> (order added, key, value)): the last word matched as a prefix
_STEMS: Any = ("stems",)  # never a piece

_CACHE: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {}


def word_pieces(word: str) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """(pieces of the word, pieces of the word without a possessive ending or None); cached."""
    got = _CACHE.get(word)
    if got is None:
        stripped = strip_possessive(word)
        got = (pieces(word), pieces(stripped) if stripped is not None else None)
        if len(_CACHE) > 200_000:
            _CACHE.clear()
        _CACHE[word] = got
    return got


class _Stems:
    """The stems of one trie node, indexed by stem piece: a word is looked up by its prefixes (a few dict
    lookups) instead of scanning every stem. When several stems match, the one added first wins."""

    __slots__ = ("by_stem", "lengths")

    def __init__(self) -> None:
        self.by_stem: dict[str, tuple[int, tuple[str, ...], Any]] = {}
        self.lengths: list[int] = []  # the lengths of the stems, ascending

    def add(self, stem: str, key: tuple[str, ...], value: Any) -> bool:
        """Add (or replace, keeping its rank) a stem; True when it is new."""
        old = self.by_stem.get(stem)
        self.by_stem[stem] = (len(self.by_stem) if old is None else old[0], key, value)
        if len(stem) not in self.lengths:
            self.lengths = sorted((*self.lengths, len(stem)))
        return old is None

    def find(self, piece: str) -> tuple[tuple[str, ...], Any] | None:
        """(key, value) of the first-added stem that ``piece`` starts with, or None."""
        best: tuple[int, tuple[str, ...], Any] | None = None
        get = self.by_stem.get
        n = len(piece)
        for k in self.lengths:
            if k > n:
                break
            got = get(piece[:k])
            if got is not None and (best is None or got[0] < best[0]):
                best = got
        return None if best is None else (best[1], best[2])

    def __iter__(self) -> Iterator[tuple[tuple[str, ...], Any]]:
        for _rank, key, value in self.by_stem.values():
            yield key, value


class PhraseTrie(Generic[T]):
    """Maps phrase keys (tuples of pieces) to values; later ``add`` of the same key wins."""

    __slots__ = ("_dead", "_root", "_size", "_steps")

    def __init__(self) -> None:
        self._root: dict[Any, Any] = {}
        self._size = 0
        # words that start no phrase (whatever follows them): ``match`` answers None at once; cleared on change
        self._dead: set[str] = set()
        # (id of a node, word) -> what reading the word there does (see ``_step``); cleared on change, so the
        # ids are those of live nodes
        self._steps: dict[tuple[int, str], Any] = {}

    def __len__(self) -> int:
        return self._size

    def add(self, key: tuple[str, ...], value: T, stem: bool = False) -> None:
        """Store ``value`` under ``key``; with ``stem=True`` the last piece matches any word starting with it."""
        if not key:
            return
        self._dead.clear()
        self._steps.clear()
        node = self._root
        last = key[-1] if stem else None
        for p in key[:-1] if stem else key:
            node = node.setdefault(p, {})
        if stem:
            stems = node.get(_STEMS)
            if stems is None:
                stems = node[_STEMS] = _Stems()
            if stems.add(last, key, value):
                self._size += 1
            return
        if _END not in node:
            self._size += 1
        node[_END] = (key, value)

    def _node(self, key: tuple[str, ...]) -> dict[Any, Any] | None:
        node = self._root
        for p in key:
            node = node.get(p)
            if node is None:
                return None
        return node

    def _mark_dead(self, word: str) -> None:
        if len(self._dead) > 200_000:
            self._dead.clear()
        self._dead.add(word)

    def get(self, key: tuple[str, ...]) -> T | None:
        node = self._node(key)
        if node is None or _END not in node:
            return None
        return node[_END][1]

    def remove(self, key: tuple[str, ...], value: T | None = None) -> None:
        """Remove ``key`` (only if it maps to ``value`` when one is given). Empty branches are kept."""
        node = self._node(key)
        if node is not None and _END in node and (value is None or node[_END][1] is value):
            self._dead.clear()
            self._steps.clear()
            del node[_END]
            self._size -= 1

    def items(self) -> Iterator[tuple[tuple[str, ...], T]]:
        stack = [self._root]
        while stack:
            node = stack.pop()
            for k, v in node.items():
                if k == _END:
                    yield v
                elif k == _STEMS:
                    yield from v
                else:
                    stack.append(v)

    def match(self, words: Sequence[str], start: int) -> tuple[T, int, tuple[str, ...]] | None:
        """Longest phrase starting at ``words[start]``: ``(value, number of words, key)`` or None.

        Words that are only punctuation (``"-"``, ``"("``) may occur inside a phrase but not start or end one.
        A possessive ending (``'s``, ``'``) or trailing punctuation (``"Gondor,"``) on the last matched word is
        allowed; the match then covers the whole word.
        """
        n = len(words)
        if start < n and words[start] in self._dead:
            return None
        node = self._root
        best: tuple[T, int, tuple[str, ...]] | None = None
        steps = self._steps
        i = start
        first = True
        while i < n:
            word = words[i]
            step = steps.get((id(node), word))
            if step is None:
                step = self._step(node, word)
            skip, found, nxt, leads_nowhere = step
            if skip:  # only punctuation: inside a phrase, never at its start
                if first:
                    self._mark_dead(word)
                    return None
                i += 1
                continue
            if found is not None:
                best = (found[1], i + 1 - start, found[0])
            if nxt is None:
                if first and leads_nowhere:  # the first word leads nowhere
                    self._mark_dead(word)
                return best
            node = nxt
            first = False
            i += 1
        return best

    def _step(self, node: dict[Any, Any], word: str) -> tuple[bool, tuple[tuple[str, ...], T] | None,
                                                              dict[Any, Any] | None, bool]:
        """What reading ``word`` at ``node`` does (a pure function of the two; cached until the trie changes):
        (skip: the word has no pieces, found: the (key, value) the match ends with after this word or None,
        the node to go on from or None to stop, leads_nowhere: stopped at the word's first piece with nothing
        found). The order of the checks is the order in which a later one overrides an earlier ``found``."""
        at = node
        ps, poss = word_pieces(word)
        if not ps:
            out: Any = (True, None, None, False)
        else:
            found = None
            stems = node.get(_STEMS)
            if stems is not None and len(ps) == 1:
                hit = stems.find(ps[0])
                if hit is not None:
                    found = hit
            if poss:
                nd = node
                for p in poss:
                    nd = nd.get(p)
                    if nd is None:
                        break
                if nd is not None and _END in nd:
                    found = nd[_END]
            out = None
            for j, p in enumerate(ps):
                nxt = node.get(p)
                if nxt is None:
                    # "Gondor," as one word: the phrase may end before trailing punctuation
                    if j and _END in node and all(not q[0].isalnum() for q in ps[j:]):
                        found = node[_END]
                    out = (False, found, None, not j and found is None)
                    break
                node = nxt
            if out is None:
                if _END in node:
                    found = node[_END]
                out = (False, found, node, False)
        if len(self._steps) > 200_000:
            self._steps.clear()
        self._steps[(id(at), word)] = out
        return out
