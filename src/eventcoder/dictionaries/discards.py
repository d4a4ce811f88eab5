"""Discard phrases: a sentence (or, for story-level entries, the whole article) that contains one is not coded.

A ``stem`` entry matches any word that starts with its last word (``BASEBALL`` stem matches "baseballs").

>>> d = DiscardList([DiscardEntry("world cup"), DiscardEntry("espn", story=True, stem=True)])
>>> d.find(["Brazil", "won", "the", "World", "Cup"]).entry.phrase
'world cup'
>>> d.find(["on", "ESPN2", "tonight"]).story
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from eventcoder.dictionaries.common import pieces
from eventcoder.dictionaries.trie import PhraseTrie


@dataclass(slots=True)
class DiscardEntry:
    phrase: str
    story: bool = False  # story-level: discard the whole article
    stem: bool = False  # the last word is a prefix
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class DiscardMatch:
    entry: DiscardEntry
    start: int
    length: int

    @property
    def end(self) -> int:
        return self.start + self.length

    @property
    def phrase(self) -> str:
        """The discard phrase that matched (as listed)."""
        return self.entry.phrase

    @property
    def story(self) -> bool:
        """True when the whole story (article) is to be discarded, not only the sentence."""
        return self.entry.story


class DiscardList:
    def __init__(self, entries: Iterable[DiscardEntry] = ()):
        self._entries: dict[tuple[tuple[str, ...], bool], DiscardEntry] = {}
        self._trie: PhraseTrie[DiscardEntry] = PhraseTrie()
        for e in entries:
            self.add(e)

    def add(self, entry: DiscardEntry) -> None:
        key = pieces(entry.phrase)
        if not key:
            return
        self._entries[(key, entry.stem)] = entry
        self._trie.add(key, entry, stem=entry.stem)

    def extend(self, entries: Iterable[DiscardEntry]) -> None:
        for e in entries:
            self.add(e)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[DiscardEntry]:
        return iter(self._entries.values())

    def match(self, words: Sequence[str], start: int) -> DiscardMatch | None:
        """The longest discard phrase starting at ``words[start]``, or None."""
        got = self._trie.match(words, start)
        if got is None:
            return None
        entry, length, _key = got
        return DiscardMatch(entry, start, length)

    def find(self, words: Sequence[str]) -> DiscardMatch | None:
        """The first discard phrase anywhere in ``words`` (a story-level one is preferred), or None."""
        first: DiscardMatch | None = None
        match = self._trie.match
        for i in range(len(words)):
            got = match(words, i)
            if got is not None:
                m = DiscardMatch(got[0], i, got[1])
                if m.story:
                    return m
                if first is None:
                    first = m
        return first
