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

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from eventcoder.docarrays import DocArrays, doc_arrays, subtree
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
        at = self.at
        for i in sorted([i for i in tokens if i in at]):  # only tokens with mentions (the others add none)
            for m in at[i]:
                if m not in out:
                    out.append(m)
        return out


def clause_tokens(tok: Token, allow: frozenset[str] = frozenset()) -> list[int]:
    """``tok``'s subtree without embedded clauses below it (except the dependency labels in ``allow``)."""
    return _clause_idx(doc_arrays(tok.doc), tok.i, allow)


def _clause_idx(a: DocArrays, i: int, allow: frozenset[str] = frozenset()) -> list[int]:
    """``clause_tokens`` of the token at index ``i``, read from the Doc's arrays."""
    children, dep = a.children, a.dep
    out: list[int] = []
    stack = [i]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in children[t]:
            d = dep[c]
            if d in EMBEDDED and d not in allow and not misparsed_noun(a, c):
                continue
            stack.append(c)
    return out


_CLAUSE_CHILD = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "cop", "mark"})


def misparsed_noun(a: DocArrays, i: int) -> bool:
    """A noun the parser labelled a relative clause or a participle with no subject or auxiliary of its own
    ("an anti- Gondor parade" parsed as "anti-" + relcl "parade"): a noun phrase, not an embedded clause."""
    if a.dep[i] not in ("relcl", "acl") or a.pos[i] not in ("NOUN", "PROPN"):
        return False
    return not any(a.dep[c] in _CLAUSE_CHILD for c in a.children[i])


def gerund_conj(a: DocArrays, i: int) -> bool:
    """A gerund the parser coordinated with its governing verb although it modifies that verb's object
    ("launched a bombing and shelling offensive": "shelling" as a verb with "offensive" as its object): it
    follows "and"/"or" after a noun object of the same verb and has no subject or auxiliary of its own."""
    if a.dep[i] != "conj" or a.tag[i] != "VBG" or i < 2:
        return False
    h = a.head[i]
    if a.dep[i - 1] != "cc" or a.dep[i - 2] not in ("dobj", "obj") or a.head[i - 2] != h \
            or a.pos[i - 2] != "NOUN":
        return False
    return not any(a.dep[c] in _CLAUSE_CHILD for c in a.children[i])


_ACL = frozenset({"acl"})


def _child_at(a: DocArrays, i: int, deps) -> int | None:
    """The first child of token ``i`` with a dependency label in ``deps`` (its index)."""
    dep = a.dep
    for c in a.children[i]:
        if dep[c] in deps:
            return c
    return None


def _child(v: Token, deps: Iterable[str]) -> Token | None:
    c = _child_at(doc_arrays(v.doc), v.i, set(deps))  # the Doc's arrays: ``Token.children`` builds Tokens
    return None if c is None else v.doc[c]


def subject(v: Token, depth: int = 0) -> tuple[Token | None, bool, str]:
    """(subject token, passive?, how found)."""
    s, passive, how = subject_at(doc_arrays(v.doc), v.i, depth)
    return (None if s is None else v.doc[s]), passive, how


_WH = ("WP", "WDT")
_NSUBJPASS = ("nsubjpass",)
_AUX_SUBJ = ("nsubj", "nsubjpass")
_DOBJ = ("dobj",)


def subject_at(a: DocArrays, vi: int, depth: int = 0) -> tuple[int | None, bool, str]:
    """``subject`` of the token at index ``vi``, read from the Doc's arrays (the subject's index)."""
    dep, tag, head = a.dep, a.tag, a.head
    d, h = dep[vi], head[vi]
    s = _child_at(a, vi, SUBJ)
    if s is not None:
        if tag[s] in _WH and d == "relcl" and h != vi:  # "the president, who criticized"
            return h, False, "antecedent of the relative pronoun"
        return s, False, "subject"
    sp = _child_at(a, vi, _NSUBJPASS)
    if sp is not None:
        if tag[sp] in _WH and d == "relcl" and h != vi:
            return h, True, "antecedent of the relative pronoun"
        return sp, True, "passive subject"
    for aux in a.children[vi]:  # "X was heavily and unjustly criticized": the parser hung X on the auxiliary
        if aux < vi and dep[aux] in ("aux", "auxpass"):
            s = _child_at(a, aux, _AUX_SUBJ)
            if s is not None:
                passive = dep[aux] == "auxpass" or dep[s] == "nsubjpass"
                return s, passive, "subject of the auxiliary"
    if depth > 6:
        return None, False, ""
    if d == "xcomp":
        obj = _child_at(a, h, _DOBJ)
        if obj is not None and obj < vi:  # object control: "urged Bree to help"
            return obj, False, "object of governing verb"
    if (d in INHERIT or (d == "advcl" and tag[vi] in ("VB", "VBG"))) and h != vi:
        s2, passive, how = subject_at(a, h, depth + 1)
        if s2 is not None:
            return s2, passive if d == "conj" else False, how or "subject of governing verb"
    if d in ("relcl", "acl") and h != vi:
        return h, False, "modified noun"
    return None, False, ""


def subject_tokens(v: Token, subj: Token) -> list[int]:
    """The subject's tokens; when the parser gave the verb several subjects ("Lions, tigers, and Gondor
    welcomed" parsed with two ``nsubj``), all of them."""
    return subject_tokens_at(doc_arrays(v.doc), v.i, subj.i)


def subject_tokens_at(a: DocArrays, vi: int, si: int) -> list[int]:
    """``subject_tokens`` on token indices, read from the Doc's arrays."""
    out = _clause_idx(a, si)
    d = a.dep[si]
    if d in ("nsubj", "nsubjpass"):
        for c in a.children[vi]:
            # every such child, ``subj`` too (as the Token version did: its ``c is not subj`` never held)
            if a.dep[c] == d:
                out += _clause_idx(a, c)
    return out


# prepositions of a passive verb that give its reason: "criticized over / for its dispute with Y"
DISPUTE_PREPS = frozenset({"over", "for", "about", "on", "regarding", "concerning"})


def dispute_party(v: Token, nouns: frozenset[str]) -> list[int]:
    """Tokens of the other party in "X was criticized over its dispute with Y" (an agentless passive whose reason
    is the subject's own dispute with Y: the counterpart is the one objecting). Empty when the dispute belongs to
    someone named ("over China's row with Japan") or has no "with" party."""
    for p in v.children:
        if p.dep_ != "prep" or p.i < v.i or p.lower_ not in DISPUTE_PREPS:
            continue
        n = _child(p, ("pobj",))
        if n is None or n.lemma_.lower() not in nouns:
            continue
        if any(c.dep_ == "poss" and c.tag_ != "PRP$" for c in n.children):
            continue
        w = next((c for c in n.children if c.dep_ == "prep" and c.lower_ == "with"), None)
        if w is not None:
            return clause_tokens(w)
    return []


# a quality or state noun: "indecisiveness", "hostility", "isolationism" (not a party that acts)
QUALITY_SUFFIXES = ("ness", "ity", "ism")


def core_mentions(ms: list[Mention], subj: Token) -> list[Mention]:
    """Per conjunct of the subject, its actors that are the head or modify it, before those inside its
    prepositional phrases: "Gollum centre of a row between Radagast ... called on Gondor" is Gollum's call
    ("the ministry of Gondor and the Nasgul" keeps Gondor: its conjunct has no other actor). When the only
    actors sit in a phrase of a quality noun ("Indecisiveness on the part of the United States gave Russia an
    opening"), the subject is a state of affairs, not an actor: no source."""
    return core_mentions_at(ms, doc_arrays(subj.doc), subj.i)


def core_mentions_at(ms: list[Mention], a: DocArrays, si: int) -> list[Mention]:
    """``core_mentions`` of the subject at index ``si``, read from the Doc's arrays."""
    if not ms:
        return ms
    tops = _conjuncts(a, si)
    # a mention spanning its conjunct's head ("the ambassadors of Arnor"): its preposition is no boundary, so
    # actors coordinated inside it ("..., Osgiliath and Gondor") are core too
    inside = {i for m in ms if any(m.start <= t < m.end for t in tops) for i in range(m.start, m.end)}
    place = [_placed(a, m, tops, inside) for m in ms]
    if all(pp for _k, pp in place):
        if a.pos[si] == "NOUN" and a.lemma[si].endswith(QUALITY_SUFFIXES):
            return []
        return ms
    has_core = {k for k, pp in place if not pp}
    return [m for m, (k, pp) in zip(ms, place, strict=True) if not pp or k not in has_core]


def _conjuncts(a: DocArrays, i: int) -> set[int]:
    """``i`` and the tokens coordinated with it (through ``conj`` links only)."""
    out, stack = {i}, [i]
    while stack:
        for c in a.children[stack.pop()]:
            if a.dep[c] == "conj" and c not in out:
                out.add(c)
                stack.append(c)
    return out


def _placed(a: DocArrays, m: Mention, tops: set[int], inside: set[int]) -> tuple[int, bool]:
    """(the conjunct holding the mention, whether a preposition outside the mention lies between them)."""
    i = m.head if m.head is not None else m.start
    crossed = False
    prev = i
    for _ in range(24):
        if i in tops:
            # "sheep and goats of Gondor" parsed with "of Gondor" on "sheep": a phrase after a conjunct
            # belongs to the nearest conjunct before it
            later = [c for c in a.children[i] if a.dep[c] == "conj" and c < prev]
            return (max(later) if later and prev != i else i), crossed
        covered = next((t for t in tops if m.start <= t < m.end), None)
        if covered is not None:  # the mention spans its conjunct's head ("the government of Gondor")
            return covered, False
        if a.dep[i] in ("prep", "agent") and not m.start <= i < m.end and i not in inside:
            crossed = True
        if a.head[i] == i:
            break
        prev, i = i, a.head[i]
    return -1, True


_AGENT = ("agent",)


def agent_of(v: Token) -> Token | None:
    return _child(v, _AGENT)


def agent_at(a: DocArrays, vi: int) -> int | None:
    """``agent_of`` as a token index."""
    return _child_at(a, vi, _AGENT)


def target_groups(v: Token, depth: int = 0) -> list[tuple[str, list[int]]]:
    """Candidate target regions in priority order: (label, token indices). Participial modifiers of the
    objects ("the roads leading into Mordor") are searched last."""
    return list(iter_target_groups(v, depth))


def iter_target_groups(v: Token, depth: int = 0) -> Iterator[tuple[str, list[int]]]:
    """``target_groups`` one group at a time: the caller stops at the first group with actors, so the later
    groups (and their clause walks) are never built."""
    return _groups(doc_arrays(v.doc), v.i, depth)


def _groups(a: DocArrays, vi: int, depth: int) -> Iterator[tuple[str, list[int]]]:
    """``iter_target_groups`` on the Doc's arrays (each ``Token.children`` / ``.dep_`` would build Tokens)."""
    dep, lower, kids = a.dep, a.lower, a.children[vi]
    for c in kids:
        if dep[c] in OBJ:
            yield dep[c], _clause_idx(a, c)
    for c in kids:
        if dep[c] in ("prep", "dative") and c > vi:
            yield f"prep {lower[c]}", _clause_idx(a, c)
    for c in kids:  # "launched a bombing and shelling offensive against Y": the misparsed gerund's arguments
        if gerund_conj(a, c):
            for x in a.children[c]:
                if dep[x] in OBJ or (dep[x] == "prep" and x > c):
                    yield f"gerund {dep[x]} {lower[x]}", _clause_idx(a, x)
    for c in kids:  # "marched close to the border with Mordor"
        if dep[c] in ("advmod", "npadvmod") and c > vi:
            for p in a.children[c]:
                if dep[p] == "prep":
                    yield f"{dep[c]} prep {lower[p]}", _clause_idx(a, p)
    for c in kids:
        if dep[c] in ("xcomp", "acomp") and depth < 4:
            for label, toks in _groups(a, c, depth + 1):
                yield f"{dep[c]} {label}", toks
    for c in kids:  # purpose infinitive: "signed an accord to supply Gondor", "sent troops to help Y"
        if dep[c] == "advcl" and c > vi and a.tag[c] == "VB" and depth < 4 and any(
                dep[x] == "aux" and lower[x] == "to" for x in a.children[c]):
            for label, toks in _groups(a, c, depth + 1):
                if not label.startswith(("complement", "advcl")):
                    yield f"purpose {label}", toks
    for c in kids:
        if dep[c] == "ccomp" and c > vi:  # "X said that Y ...", not "Y ..., X said"
            s = next((x for x in a.children[c] if dep[x] in ("nsubj", "nsubjpass")), None)
            if s is not None:
                yield "complement subject", _clause_idx(a, s)
            yield "complement", subtree(a, c)
    if depth == 0:
        for c in kids:
            if dep[c] in OBJ or (dep[c] == "prep" and c > vi):
                yield f"{dep[c]} (participle)", _clause_idx(a, c, _ACL)


def chain(v: Token) -> list[Token]:
    """``v`` and the verbs it hangs from through xcomp/acomp/conj links (for modality)."""
    doc = v.doc
    return [v, *(doc[i] for i in chain_idx(doc_arrays(doc), v.i)[1:])]


def chain_idx(a: DocArrays, i: int) -> list[int]:
    """``chain`` as token indices, read from the Doc's arrays."""
    dep, head = a.dep, a.head
    out = [i]
    t = i
    while dep[t] in ("xcomp", "acomp", "conj", "pcomp", "prep", "ccomp") and head[t] != t and len(out) < 8:
        if dep[t] == "ccomp":
            break
        t = head[t]
        out.append(t)
    return out
