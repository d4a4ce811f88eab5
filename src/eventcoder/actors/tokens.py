"""Per-Doc token tables for the ``actors`` and ``actor_context`` stages.

Reading ``doc[i].tag_``, ``tok.head``, ``span.root`` or ``span.text`` builds a new spaCy Token or Span and looks
up a string every time; the two stages read the same attributes of the same tokens many times. One
``doc.to_array`` call gives every attribute as plain ints, mapped to strings once per distinct id. Built once
per Doc and cached on its ``user_data`` (the ``actors`` stage builds it, ``actor_context`` reuses it).
Indices are Doc token indices; every helper gives exactly what the spaCy attribute it replaces gives.
"""

from __future__ import annotations

import functools
import itertools
import operator
import weakref
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    LEMMA,
    LENGTH,
    LOWER,
    POS,
    SENT_START,
    TAG,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KEY = "eventcoder_actor_tokens"
_IOB = ("", "I", "O", "B")  # ``Token.ent_iob_`` by ``ENT_IOB`` value


class Tokens:
    """Columns are tuples, not lists: tuples of strings and ints leave the garbage collector's care, so caching
    them on a Doc does not make full collections more frequent. Each column comes from its own ``to_array``
    call on first use: converting numpy integers to Python objects, and some attributes (lexeme flags, lemmas),
    cost more per token than one ``doc[i].attr_`` lookup, so a stage pays only for the columns it reads, and
    attributes read at a few tokens only (``is_stop``) are read from the Doc directly."""

    def __init__(self, doc: Doc, hint: str | None):
        self._doc = weakref.ref(doc)  # no reference cycle through ``doc.user_data``
        self._strings = doc.vocab.strings
        n = self._n = len(doc)
        self.start_char: tuple[int, ...] = ()  # ``tok.idx``
        self.end_char: tuple[int, ...] = ()  # ``tok.idx + len(tok)``
        self.sents: tuple[tuple[int, int], ...] = ()  # (start, end) of each sentence, as ``doc.sents``
        if not n:
            self.doc_text = doc.text
            return
        # one conversion of the whole array, then C-level map/compress: cheaper than numpy per-op overhead for
        # the short documents and no dearer for long ones
        idx, length, sent_start = doc.to_array([IDX, LENGTH, SENT_START]).T.tolist()
        self.start_char = tuple(idx)
        self.end_char = tuple(map(operator.add, idx, length))
        self.doc_text = _doc_text(doc, hint, self.start_char, self.end_char)  # ``doc.text``
        starts = [0, *itertools.compress(range(1, n), map((1).__eq__, sent_start[1:]))]
        self.sents = tuple(zip(starts, [*starts[1:], n], strict=True))

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        if doc is None:  # pragma: no cover - the tables live in the Doc's user_data
            raise ReferenceError("the Doc of these token tables is gone")
        return doc

    def _ints(self, attr: int) -> tuple[int, ...]:
        if not self._n:
            return ()
        return tuple(self.doc.to_array([attr]).tolist())

    def _names(self, attr: int) -> tuple[str, ...]:
        """A column of string ids as strings, one string-store lookup per distinct id."""
        ids = self._ints(attr)
        strings = self._strings
        names = {x: strings[x] for x in set(ids)}
        return tuple([names[x] for x in ids])

    @functools.cached_property
    def text(self) -> tuple[str, ...]:
        t = self.doc_text
        return tuple([t[a:b] for a, b in zip(self.start_char, self.end_char, strict=True)])

    @functools.cached_property
    def head(self) -> tuple[int, ...]:
        """Absolute index of each token's head (``tok.head.i``)."""
        if not self._n:
            return ()
        rel = self.doc.to_array([HEAD]).view(numpy.int64)  # a signed offset stored as uint64
        return tuple((rel + numpy.arange(self._n)).tolist())

    @functools.cached_property
    def lower_id(self) -> tuple[int, ...]:
        """String-store ids of ``lower_``."""
        return self._ints(LOWER)

    @functools.cached_property
    def ent_type_id(self) -> tuple[int, ...]:
        """String-store ids of ``ent_type_`` (0: none)."""
        return self._ints(ENT_TYPE)

    @functools.cached_property
    def lower(self) -> tuple[str, ...]:
        return self._names(LOWER)

    @functools.cached_property
    def lemma(self) -> tuple[str, ...]:
        """As spaCy gives it (``lemma_``)."""
        return self._names(LEMMA)

    @functools.cached_property
    def lemma_lower(self) -> tuple[str, ...]:
        """``lemma_.lower()`` per token."""
        return tuple([w.lower() for w in self.lemma])

    @functools.cached_property
    def tag(self) -> tuple[str, ...]:
        return self._names(TAG)

    @functools.cached_property
    def pos(self) -> tuple[str, ...]:
        return self._names(POS)

    @functools.cached_property
    def dep(self) -> tuple[str, ...]:
        return self._names(DEP)

    @functools.cached_property
    def ent_type(self) -> tuple[str, ...]:
        return self._names(ENT_TYPE)

    @functools.cached_property
    def ent_iob(self) -> tuple[str, ...]:
        return tuple([_IOB[x] for x in self._ints(ENT_IOB)])

    def is_stop(self, i: int) -> bool:
        """``doc[i].is_stop``."""
        return self.doc[i].is_stop

    @functools.cached_property
    def _sentence_columns(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        sent_of: list[int] = []
        sent_start: list[int] = []
        sent_end: list[int] = []
        for si, (a, b) in enumerate(self.sents):  # a sentence at a time, not a token at a time
            sent_of += [si] * (b - a)
            sent_start += [a] * (b - a)
            sent_end += [b] * (b - a)
        return tuple(sent_of), tuple(sent_start), tuple(sent_end)

    @property
    def sent_of(self) -> tuple[int, ...]:
        """Per token: the index of its sentence."""
        return self._sentence_columns[0]

    @property
    def sent_start(self) -> tuple[int, ...]:
        """Per token: the start of its sentence (``doc[i].sent.start``)."""
        return self._sentence_columns[1]

    @property
    def sent_end(self) -> tuple[int, ...]:
        """Per token: the end of its sentence (``doc[i].sent.end``)."""
        return self._sentence_columns[2]

    def __len__(self) -> int:
        return self._n

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` for ``0 <= start < end <= len(doc)``."""
        return self.doc_text[self.start_char[start]:self.end_char[end - 1]]

    def root(self, start: int, end: int) -> int:
        """``doc[start:end].root.i`` (``start < end``): a sentence root inside the span, else the token whose
        head lies outside the span with the fewest steps to the root (the first on a tie)."""
        if end - start == 1:  # one token is its own root (and needs no head column)
            return start
        head = self.head
        outside = []
        for i in range(start, end):
            h = head[i]
            if h == i:
                return i
            if not start <= h < end:
                outside.append(i)
        if len(outside) == 1:  # spaCy's measure is below len(doc) for any token of a tree: it wins
            return outside[0]
        best, root = self._n, -1
        for i in outside:
            cost = self._words_to_root(i)
            if cost < best:
                best, root = cost, i
        return start if root == -1 else root

    def _words_to_root(self, i: int) -> int:
        """spaCy's ``_count_words_to_root``: steps to the sentence root, but ``len(doc) - 1`` for a space or
        punctuation token with no children (never preferred as a span's root)."""
        n = self._n
        tok = self.doc[i]
        if (tok.is_space or tok.is_punct) and not self._children[i]:
            return n - 1
        head, k, steps = self.head, i, 0
        while head[k] != k and steps < n:
            k = head[k]
            steps += 1
        return steps

    def children(self, i: int) -> tuple[int, ...]:
        """``[c.i for c in doc[i].children]`` (Doc order)."""
        return self._children[i]

    @functools.cached_property
    def _children(self) -> tuple[tuple[int, ...], ...]:
        kids: list[list[int]] = [[] for _ in range(self._n)]
        for c, h in enumerate(self.head):
            if h != c:
                kids[h].append(c)
        return tuple(tuple(k) for k in kids)


def tokens_of(doc: Doc, text_hint: str | None = None) -> Tokens:
    """The token tables of ``doc`` (cached on its ``user_data``). ``text_hint``: the text the doc was parsed
    from, if known (``doc.text`` joins every token, which costs as much as building the tables)."""
    got = doc.user_data.get(_KEY)
    if got is None:
        got = Tokens(doc, text_hint)
        doc.user_data[_KEY] = got
    return got


def _doc_text(doc: Doc, hint: str | None, start_char: tuple[int, ...], end_char: tuple[int, ...]) -> str:
    """``doc.text``, from ``hint`` when that is the text the doc was parsed from."""
    if hint is not None:
        first, last = doc[0], doc[-1]
        if len(hint) == end_char[-1] + len(last.whitespace_) and hint[start_char[0]:end_char[0]] == first.text \
                and hint[start_char[-1]:end_char[-1]] == last.text:
            return hint
    return doc.text
