"""Modality of a trigger (negated, future, hypothetical, reported) and the ``modality`` stage.

The flags are read from the parse: negation (``neg`` dependents, "not", "never"), auxiliaries and markers along
the chain of verbs the trigger hangs from ("will", "would", "may", "if", "unless"), and speech verbs governing
the trigger's clause (reported speech). "would" on the trigger itself, in a complement clause of a past-tense verb
("Ethiopia indicated it would act"), is the backshifted "will" of reported speech: future, not hypothetical. Word lists are data (``data/coder/lexicon.tsv``).

The ``modality`` stage drops negated and hypothetical events unless ``keep_modal=True``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventcoder.coder.args import chain
from eventcoder.coder.words import CoderWords
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
    m = Modality()
    backshift = False
    links = chain(v)
    for t in links:
        for c in t.children:
            low = c.lower_
            lem = c.lemma_.lower()
            neg = c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and low in words.negation) or (
                c.dep_ in ("advmod", "aux") and any(g.dep_ == "neg" for g in c.children))  # "not even ever"
            if neg:
                m.negated = True
                if t is v:
                    m.negated_here = True
            elif c.dep_ in ("aux", "auxpass"):
                if low in words.future or lem in words.future:
                    m.future = True
                if low in words.backshift and t is v:
                    backshift = True  # decided below, from the clause this verb is a complement of
                elif low in words.hypothetical or lem in words.hypothetical:
                    m.hypothetical = True
            elif c.dep_ == "acomp" and low in words.future and c.i < v.i:  # "is about to"
                m.future = True
            elif c.dep_ == "mark" and low in words.hypothetical:
                m.hypothetical = True
            elif low in words.attribution:
                m.reported = True
        if t.lower_ in words.future and t.dep_ in ("acomp", "xcomp") and t is not v:  # "about to", "going to"
            m.future = True
        if t.lower_ in words.hypothetical and t.dep_ in ("acomp", "xcomp") and t is not v:  # "unlikely to"
            m.hypothetical = True
    # clause-level: conditional subordinate clause, reported speech
    top = links[-1]
    if backshift:  # "X said it would attack Y": the future of a past report (sequence of tenses)
        if top.dep_ == "ccomp" and top.head.tag_ in PAST and top.i > top.head.i:
            m.future = True
        else:
            m.hypothetical = True
    t = top
    seen = 0
    while t.head.i != t.i and seen < 10:
        seen += 1
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in words.hypothetical for c in t.children):
            m.hypothetical = True
        if t.dep_ == "acl" and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in words.hypothetical:
            m.hypothetical = True  # "their ability to arrange a cease-fire": a capacity, not an event
        if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in words.speech:
            m.reported = True
            m.speaker = m.speaker or t.head
        t = t.head
    return m


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
