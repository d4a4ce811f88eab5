"""Modality of a trigger (negated, future, hypothetical, reported) and the ``modality`` stage.

The flags are read from the parse: negation (``neg`` dependents, "not", "never"), auxiliaries and markers along
the chain of verbs the trigger hangs from ("will", "would", "may", "if", "unless"), intent verbs whose
infinitive complement holds the trigger ("sought to ...", "vowed to ...": future), the clause a purpose
infinitive serves ("will travel to X to meet Y": the meeting is future too), and speech verbs governing
the trigger's clause (reported speech). "would" on the trigger itself, in a complement clause of a past-tense verb
("Ethiopia indicated it would act"), is the backshifted "will" of reported speech: future, not hypothetical. Word lists are data (``data/coder/lexicon.tsv``).

The ``modality`` stage drops negated and hypothetical events unless ``keep_modal=True``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventcoder.coder.args import chain_idx
from eventcoder.coder.words import CoderWords
from eventcoder.docarrays import doc_arrays
from eventcoder.registry import stages

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventcoder.pipeline import ArticleDoc, Resources


PAST = frozenset({"VBD", "VBN"})  # a past-tense governing verb backshifts "will" to "would"


@dataclass
class Modality:
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    reported: bool = False
    speaker: Token | None = None  # the speech verb's token when reported
    negated_here: bool = False  # the trigger itself is negated (not only a verb it depends on)


def modality(v: Token, words: CoderWords) -> Modality:
    # the parse is read from the Doc's arrays: Token attribute access builds a new Token per step
    doc = v.doc
    a = doc_arrays(doc)
    dep, lower, lemma, head, kids = a.dep, a.lower, a.lemma, a.head, a.children
    vi = v.i
    m = Modality()
    backshift = False
    links = _with_purposes(a, chain_idx(a, vi))
    for t in links:
        for c in kids[t]:
            low = lower[c]
            lem = lemma[c]
            d = dep[c]
            neg = d == "neg" or (d in ("advmod", "det", "preconj") and low in words.negation) or (
                d in ("advmod", "aux") and any(dep[g] == "neg" for g in kids[c]))  # "not even ever"
            if neg:
                m.negated = True
                if t == vi:
                    m.negated_here = True
            elif d in ("aux", "auxpass"):
                if low in words.future or lem in words.future:
                    m.future = True
                if low in words.backshift and t == vi:
                    backshift = True  # decided below, from the clause this verb is a complement of
                elif low in words.hypothetical or lem in words.hypothetical:
                    m.hypothetical = True
            elif d == "acomp" and low in words.future and c < vi:  # "is about to"
                m.future = True
            elif d == "mark" and low in words.hypothetical:
                m.hypothetical = True
            elif low in words.attribution:
                m.reported = True
        if lower[t] in words.future and dep[t] in ("acomp", "xcomp") and t != vi:  # "about to", "going to"
            m.future = True
        if lower[t] in words.hypothetical and dep[t] in ("acomp", "xcomp") and t != vi:  # "unlikely to"
            m.hypothetical = True
    if _aimed(a, links, words):
        m.future = True
    # clause-level: conditional subordinate clause, reported speech
    top = links[-1]
    if backshift:  # "X said it would attack Y": the future of a past report (sequence of tenses)
        if dep[top] == "ccomp" and a.tag[head[top]] in PAST and top > head[top]:
            m.future = True
        else:
            m.hypothetical = True
    t = top
    seen = 0
    while head[t] != t and seen < 10:
        seen += 1
        h = head[t]
        if dep[t] == "advcl" and any(dep[c] == "mark" and lower[c] in words.hypothetical for c in kids[t]):
            m.hypothetical = True
        if dep[t] == "acl" and a.pos[h] == "NOUN" and lemma[h] in words.hypothetical:
            m.hypothetical = True  # "their ability to arrange a cease-fire": a capacity, not an event
        if dep[t] in ("ccomp", "parataxis") and lemma[h] in words.speech:
            m.reported = True
            m.speaker = m.speaker or doc[h]
        t = h
    return m


def _with_purposes(a, links: list[int]) -> list[int]:
    """The verb chain continued through purpose infinitives: "will travel to Brussels *to meet* Y" (the meeting
    is as future as the trip), "did not fly to Moscow to meet Y" (negated), "sought to work with X *to defeat*
    Z" (an aim). A purpose clause takes the modality of the clause it serves."""
    dep, lower, head, kids = a.dep, a.lower, a.head, a.children
    chain = list(links)
    for _ in range(4):
        top = chain[-1]
        if dep[top] != "advcl" or head[top] == top or \
                not any(dep[c] == "aux" and lower[c] == "to" for c in kids[top]):
            break
        chain.extend(chain_idx(a, head[top]))
    return chain


def _aimed(a, chain: list[int], words: CoderWords) -> bool:
    """The trigger is in the infinitive complement of an intent verb ("sought to work with X", "vowed to
    retake Y"), possibly through purpose clauses (``chain`` from ``_with_purposes``); a purpose clause of a
    plain deed ("flew to Moscow to meet Putin") is not an aim of this kind."""
    dep = a.dep
    return any(a.lemma[chain[k]] in words.intent and dep[chain[k - 1]] == "xcomp" for k in range(1, len(chain)))


@stages.register("modality")
def make_modality_stage(resources: Resources, keep_modal: bool = False, **config: Any) -> Callable[[ArticleDoc], None]:
    def run(adoc: ArticleDoc) -> None:
        if keep_modal:
            return
        kept = []
        for e in adoc.events:
            if e.negated or e.hypothetical:
                adoc.note("modality", dropped=e.code, trigger=e.trigger, negated=e.negated,
                          hypothetical=e.hypothetical)
                continue
            kept.append(e)
        adoc.events[:] = kept
    return run
