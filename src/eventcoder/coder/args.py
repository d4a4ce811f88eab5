"""Arguments of a trigger in the dependency parse: who (source) and to whom (target).

* source: the subject (``nsubj``), the by-agent of a passive, or, for verbs without a subject of their own
  (``xcomp``, ``acomp``, coordinated verbs), the subject of the governing verb; for relative clauses and
  participles modifying a noun, that noun (only if it names an actor).
* target: the first argument with actor mentions among: objects (``dobj``, ``dative``, ``attr``, ``oprd``),
  prepositional objects in sentence order, the object of an infinitive complement, the object of a purpose
  infinitive ("signed an accord to supply Gondor"), then the subject of a complement clause ("Arnor believes
  Gondor can ...").

Embedded clauses (relative, adverbial, complement) are not searched for a verb's own arguments.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from eventcoder.coder.docarrays import doc_arrays
from eventcoder.model import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

EMBEDDED = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj", "csubjpass"})
SUBJ = frozenset({"nsubj", "csubj"})
OBJ = ("dobj", "dative", "attr", "oprd", "obj", "iobj")
INHERIT = frozenset({"xcomp", "acomp", "conj", "pcomp"})


class MentionIndex:
    """token index -> mentions (the longest covering the token; several when they share a span, e.g. a
    plural pronoun resolved to two actors)."""

    def __init__(self, mentions: Iterable[Mention]):
        self.at: dict[int, list[Mention]] = {}
        self.not_target: frozenset[int] = frozenset()  # tokens whose actors are topics or places
        for m in mentions:
            if m.code is None:
                continue
            for i in range(m.start, m.end):
                old = self.at.get(i)
                size = m.end - m.start
                if not old or (old[0].end - old[0].start) < size:
                    self.at[i] = [m]
                elif (old[0].end - old[0].start) == size and m not in old:
                    old.append(m)

    def within(self, tokens: Iterable[int]) -> list[Mention]:
        out: list[Mention] = []
        for i in sorted(tokens):
            for m in self.at.get(i, ()):
                if m not in out:
                    out.append(m)
        return out


def clause_tokens(tok: Token, allow: frozenset[str] = frozenset()) -> list[int]:
    """``tok``'s subtree without embedded clauses below it (except the dependency labels in ``allow``)."""
    a = doc_arrays(tok.doc)
    children, dep = a.children, a.dep
    out: list[int] = []
    stack = [tok.i]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in children[t]:
            d = dep[c]
            if d in EMBEDDED and d not in allow:
                continue
            stack.append(c)
    return out


_ACL = frozenset({"acl"})


def _child(v: Token, deps: Iterable[str]) -> Token | None:
    ds = set(deps)
    for c in v.children:
        if c.dep_ in ds:
            return c
    return None


def subject(v: Token, depth: int = 0) -> tuple[Token | None, bool, str]:
    """(subject token, passive?, how found)."""
    s = _child(v, SUBJ)
    if s is not None:
        if s.tag_ in ("WP", "WDT") and v.dep_ == "relcl" and v.head.i != v.i:  # "the president, who criticized"
            return v.head, False, "antecedent of the relative pronoun"
        return s, False, "subject"
    sp = _child(v, ("nsubjpass",))
    if sp is not None:
        if sp.tag_ in ("WP", "WDT") and v.dep_ == "relcl" and v.head.i != v.i:
            return v.head, True, "antecedent of the relative pronoun"
        return sp, True, "passive subject"
    if depth > 6:
        return None, False, ""
    if v.dep_ == "xcomp":
        obj = _child(v.head, ("dobj",))
        if obj is not None and obj.i < v.i:  # object control: "urged Bree to help"
            return obj, False, "object of governing verb"
    if (v.dep_ in INHERIT or (v.dep_ == "advcl" and v.tag_ in ("VB", "VBG"))) and v.head.i != v.i:
        s2, passive, how = subject(v.head, depth + 1)
        if s2 is not None:
            return s2, passive if v.dep_ == "conj" else False, how or "subject of governing verb"
    if v.dep_ in ("relcl", "acl") and v.head.i != v.i:
        return v.head, False, "modified noun"
    return None, False, ""


def subject_tokens(v: Token, subj: Token) -> list[int]:
    """The subject's tokens; when the parser gave the verb several subjects ("Lions, tigers, and Gondor
    welcomed" parsed with two ``nsubj``), all of them."""
    out = clause_tokens(subj)
    for c in v.children:
        if c is not subj and c.dep_ == subj.dep_ and c.dep_ in ("nsubj", "nsubjpass"):
            out += clause_tokens(c)
    return out


def agent_of(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ == "agent":
            return c
    return None


def target_groups(v: Token, depth: int = 0) -> list[tuple[str, list[int]]]:
    """Candidate target regions in priority order: (label, token indices). Participial modifiers of the
    objects ("the roads leading into Mordor") are searched last."""
    groups: list[tuple[str, list[int]]] = []
    for c in v.children:
        if c.dep_ in OBJ:
            groups.append((c.dep_, clause_tokens(c)))
    for c in v.children:
        if c.dep_ in ("prep", "dative") and c.i > v.i:
            groups.append((f"prep {c.lower_}", clause_tokens(c)))
    for c in v.children:  # "marched close to the border with Mordor"
        if c.dep_ in ("advmod", "npadvmod") and c.i > v.i:
            for p in c.children:
                if p.dep_ == "prep":
                    groups.append((f"{c.dep_} prep {p.lower_}", clause_tokens(p)))
    for c in v.children:
        if c.dep_ in ("xcomp", "acomp") and depth < 4:
            for g in target_groups(c, depth + 1):
                groups.append((f"{c.dep_} {g[0]}", g[1]))
    for c in v.children:  # purpose infinitive: "signed an accord to supply Gondor", "sent troops to help Y"
        if c.dep_ == "advcl" and c.i > v.i and c.tag_ == "VB" and depth < 4 and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            for g in target_groups(c, depth + 1):
                if not g[0].startswith(("complement", "advcl")):
                    groups.append((f"purpose {g[0]}", g[1]))
    for c in v.children:
        if c.dep_ == "ccomp" and c.i > v.i:  # "X said that Y ...", not "Y ..., X said"
            s = _child(c, ("nsubj", "nsubjpass"))
            if s is not None:
                groups.append(("complement subject", clause_tokens(s)))
            groups.append(("complement", [t.i for t in c.subtree]))
    if depth == 0:
        for c in v.children:
            if c.dep_ in OBJ or (c.dep_ == "prep" and c.i > v.i):
                groups.append((f"{c.dep_} (participle)", clause_tokens(c, _ACL)))
    return groups


def chain(v: Token) -> list[Token]:
    """``v`` and the verbs it hangs from through xcomp/acomp/conj links (for modality)."""
    out = [v]
    t = v
    while t.dep_ in ("xcomp", "acomp", "conj", "pcomp", "prep", "ccomp") and t.head.i != t.i and len(out) < 8:
        if t.dep_ == "ccomp":
            break
        t = t.head
        out.append(t)
    return out
