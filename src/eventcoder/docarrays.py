"""Per-Doc token attribute arrays for the inner loops of the coder and of ``world/clause.py`` (spaCy attribute
access creates a Token and looks up a string each time; the stages read the same attributes of every token
many times). A module of its own, beside ``nlp.py``, so that ``world`` does not depend on ``coder``.

Built once per Doc and cached on its ``user_data``; indices are Doc token indices.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

from spacy.attrs import IDS


@dataclass
class DocArrays:
    """Tuples, not lists: tuples of strings and ints leave the garbage collector's care, so caching them on a
    Doc does not make full collections (costly with the dictionaries loaded) more frequent."""

    text: tuple[str, ...]
    lower: tuple[str, ...]
    lemma: tuple[str, ...]  # lemma, lower case
    lemma_raw: tuple[str, ...]  # lemma as spaCy gives it
    pos: tuple[str, ...]
    tag: tuple[str, ...]
    dep: tuple[str, ...]
    head: tuple[int, ...]
    children: tuple[tuple[int, ...], ...]  # child indices in Doc order (as ``Token.children``)
    ent_type: tuple[str, ...] = ()  # named-entity label ("" outside entities)
    subtrees: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)  # memo


# the attributes read in one ``Doc.to_array`` call, in the column order ``doc_arrays`` unpacks
_ATTRS = ("ORTH", "LOWER", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_TYPE")
_ATTR_IDS = [IDS[name] for name in _ATTRS]  # ids, not names: ``to_array`` would convert the names every call


class StringNames(dict):
    """Hash -> string, read from a ``StringStore`` the first time a hash is asked for (a string's hash is the same
    in every vocabulary): documents coded by one stage share these lookups instead of decoding each string again.
    """

    def __init__(self, strings) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, h: int) -> str:
        s = self[h] = self.strings[h]
        return s


def doc_arrays(doc, names: StringNames | None = None) -> DocArrays:
    """The token arrays of ``doc`` (cached on its ``user_data``); ``names``: a cache of string lookups to use
    when they are built."""
    got = doc.user_data.get("eventcoder_arrays")
    if got is None:
        got = doc.user_data["eventcoder_arrays"] = _build(doc, names)
    return got


def _build(doc, names: StringNames | None = None) -> DocArrays:
    """One ``to_array`` call instead of a Token object and a string lookup per token and attribute."""
    if len(doc) == 0:
        return DocArrays((), (), (), (), (), (), (), (), (), ())
    arr = doc.to_array(_ATTR_IDS)
    cols = arr.T.tolist()
    get = (names if names is not None else doc.vocab.strings).__getitem__
    text, lower, lemma_raw, pos, tag, dep, ent_type = (tuple(map(get, cols[k])) for k in (0, 1, 2, 3, 4, 5, 7))
    # HEAD is the offset to the head, stored unsigned: read it back as signed
    head = tuple(map(operator.add, range(len(doc)), arr[:, 6].view("int64").tolist()))
    children: list[list[int]] = [[] for _ in head]
    for j, h in enumerate(head):
        if h != j:
            children[h].append(j)
    lemma = tuple(map(str.lower, lemma_raw))
    return DocArrays(text, lower, lemma, lemma_raw, pos, tag, dep, head, tuple(map(tuple, children)), ent_type)


def subtree(a: DocArrays, i: int) -> list[int]:
    """Token indices of ``i``'s subtree in the order of ``Token.subtree`` (left children's subtrees, the token,
    right children's subtrees)."""
    return list(_subtree(a, i))


def _subtree(a: DocArrays, i: int) -> tuple[int, ...]:
    """``subtree`` as a tuple, kept on ``a``: the matcher asks for the same subtrees for every pattern."""
    got = a.subtrees.get(i)
    if got is None:
        kids = a.children[i]
        if not kids:
            got = (i,)
        else:
            out: list[int] = []
            for c in kids:
                if c < i:
                    out.extend(_subtree(a, c))
            out.append(i)
            for c in kids:
                if c > i:
                    out.extend(_subtree(a, c))
            got = tuple(out)
        a.subtrees[i] = got
    return got
