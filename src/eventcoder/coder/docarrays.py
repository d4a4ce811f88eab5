"""Per-Doc token attribute arrays for the coder's inner loops (spaCy attribute access creates a Token and looks
up a string each time; the coder reads the same attributes of every token many times).

Built once per Doc and cached on its ``user_data``; indices are Doc token indices.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def doc_arrays(doc) -> DocArrays:
    """The token arrays of ``doc`` (cached on its ``user_data``)."""
    got = doc.user_data.get("eventcoder_arrays")
    if got is None:
        text, lower, lemma, lemma_raw, pos, tag, dep, head = [], [], [], [], [], [], [], []
        for t in doc:
            text.append(t.text)
            lower.append(t.lower_)
            lem = t.lemma_
            lemma_raw.append(lem)
            lemma.append(lem.lower())
            pos.append(t.pos_)
            tag.append(t.tag_)
            dep.append(t.dep_)
            head.append(t.head.i)
        children: list[list[int]] = [[] for _ in head]
        for j, h in enumerate(head):
            if h != j:
                children[h].append(j)
        got = DocArrays(tuple(text), tuple(lower), tuple(lemma), tuple(lemma_raw), tuple(pos), tuple(tag),
                        tuple(dep), tuple(head), tuple(tuple(c) for c in children))
        doc.user_data["eventcoder_arrays"] = got
    return got


def subtree(a: DocArrays, i: int) -> list[int]:
    """Token indices of ``i``'s subtree in the order of ``Token.subtree`` (left children's subtrees, the token,
    right children's subtrees)."""
    out: list[int] = []
    children = a.children

    def walk(k: int) -> None:
        kids = children[k]
        for c in kids:
            if c < k:
                walk(c)
        out.append(k)
        for c in kids:
            if c > k:
                walk(c)

    walk(i)
    return out
