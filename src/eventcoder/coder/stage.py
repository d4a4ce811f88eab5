"""The ``coder`` stage: events from the dependency parse, the actor mentions and the verb dictionary.

For each sentence with actor mentions, every verb (and nominal event word) found in the verb dictionary is a
trigger. Its most specific matching pattern gives the code (``match.py``); its source and target come from the
parse (``args.py``); its modality flags from auxiliaries, negation and speech verbs (``modality.py``).
Compound actors give one event per actor; a compound subject with no target gives one event per ordered
pair ("Arnor and Gondor met"); paired codes ``[A:B]`` give the reverse event too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventcoder.coder.adapter import lexicon_from
from eventcoder.coder.args import (
    MentionIndex,
    _clause_idx,
    _groups,
    agent_at,
    agent_of,
    chain_idx,
    core_mentions_at,
    dispute_party,
    subject_at,
    subject_tokens,
    subject_tokens_at,
)
from eventcoder.coder.match import Match, best_match, is_null, sentence_words, token_keys
from eventcoder.coder.modality import Modality, modality
from eventcoder.coder.pico import combine, negate
from eventcoder.coder.words import CoderWords, load_words
from eventcoder.docarrays import DocArrays, StringNames, _subtree, doc_arrays
from eventcoder.model import Event, EventDate, Mention
from eventcoder.registry import stages

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from eventcoder.coder.lexicon import VerbEntry, VerbLexicon
    from eventcoder.pipeline import ArticleDoc, Resources

SKIP_DEPS = frozenset({"aux", "auxpass"})


@dataclass
class Trigger:
    tok: Token
    match: Match
    nominal: bool = False
    sources: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    how: dict[str, str] = field(default_factory=dict)
    mod: Modality | None = None
    events: list[Event] = field(default_factory=list)
    code: str = ""  # the code to emit (the pattern's, or a PICO combination)
    absorbed_by: Trigger | None = None  # a governing verb whose code was combined into this one
    framed_by: Trigger | None = None  # "united in support of X": the nominal event the verb frames
    frames: bool = False  # this nominal is framed by a verb: the verb's subject is its source

    def __post_init__(self) -> None:
        self.code = self.match.code


@dataclass
class CoderConfig:
    require_dyad: bool = True
    nominal: bool = True
    null_country: bool = False  # use agents without a country ("---GOV") as actors
    pico_negation: bool = True  # with a PICO table, a negated verb is recoded as its PICO negation
    # code an announced meeting ("will visit Y") as the intent to meet (036), as the CAMEO codebook says (the
    # PETRARCH validation suites code it as the meeting itself: their reader turns this off, see evaluate/)
    future_intent: bool = True
    max_patterns_traced: int = 12


def _is_trigger_pos(t: Token) -> bool:
    if t.dep_ in SKIP_DEPS:
        return False
    return t.tag_.startswith("VB") or t.pos_ == "VERB" or (t.dep_ in ("acomp", "amod") and t.tag_ == "JJ")


class SentenceCoder:
    def __init__(self, lex: VerbLexicon, words: CoderWords, cfg: CoderConfig, pico: Any = None):
        self.lex = lex
        self.words = words
        self.cfg = cfg
        self.pico = pico
        self._lookups: dict[tuple[str, ...], list[VerbEntry]] = {}

    def combine_chains(self, trs: list[Trigger], by_i: dict[int, Trigger]) -> None:
        """"promised to help X": the governing verb's code combined with the complement's (PICO)."""
        if self.pico is None:
            return
        for tr in trs:
            if tr.nominal or tr.tok.dep_ != "xcomp" or is_null(tr.code) or ":" in tr.code:
                continue
            g = by_i.get(tr.tok.head.i)
            if g is None or g.nominal or is_null(g.code) or ":" in g.code or g.absorbed_by is not None:
                continue
            if any(c.dep_ in ("dobj", "dative") for c in g.tok.children):
                continue  # "urged Bree to ...": the urging is the event (object control)
            if _agentless_passive(g.tok):
                continue  # "X is said / reported / seen to have attacked Y": X did not say, X attacked
            got = combine(self.pico, g.code, tr.code)
            if got is None or is_null(got):
                continue
            tr.how["code"] = f"PICO {g.code} ({g.tok.text}) + {tr.code} ({tr.tok.text}) = {got}"
            tr.code = got
            if not tr.sources:
                tr.sources = g.sources
            if not tr.targets:
                tr.targets = g.targets
            g.absorbed_by = tr

    def absorb_purpose(self, verbs: list[Trigger], by_i: dict[int, Trigger]) -> None:
        """"flew to Moscow to meet Putin": a verb whose target is its purpose infinitive's and whose code is the
        intent of that infinitive's event (``future_intent``: 036 for a meeting) is the context of the event
        that took place, which alone is coded."""
        for tr in verbs:
            if not tr.how.get("target", "").startswith("purpose") or tr.absorbed_by is not None:
                continue
            for c in tr.tok.children:
                p = by_i.get(c.i)
                if p is not None and c.dep_ == "advcl" and not is_null(p.code) \
                        and self.words.future_intent.get(p.code[:2]) == tr.code:
                    tr.absorbed_by = p

    def not_targets(self, sent: Span, idx: MentionIndex) -> frozenset[int]:
        """Tokens whose actors are never a target: the topic of talks ("discussed Syria", "talks on Yemen")
        and places that locate a common noun ("the war in Syria", "conditions in Yemen")."""
        w = self.words
        doc = sent.doc
        a = doc_arrays(doc)
        out: set[int] = set()
        for i in range(sent.start, sent.end):
            lem, pos = a.lemma[i], a.pos[i]
            if pos in ("VERB", "AUX") and lem in w.topic_object:
                for c in a.children[i]:
                    if a.dep[c] in ("dobj", "obj"):
                        out.update(_subtree(a, c))
            is_topic_head = lem in w.topic_verb or (pos in ("NOUN", "PROPN") and self._nominal_verb_at(a, i)
                                                    in w.topic_verb)
            for c in a.children[i]:
                if a.dep[c] != "prep":
                    continue
                if is_topic_head and (a.lower[c] in w.topic_prep or (pos == "VERB" and a.lower[c] in w.topic_prep_verb)):
                    out.update(_subtree(a, c))
                elif a.lower[c] in w.place_prep and pos == "NOUN" and (
                        lem in w.place_noun or (a.dep[i] == "pobj" and a.lower[a.head[i]] in w.place_prep)):
                    # "the war in Syria"; "while in detention in Afghanistan": a place that locates a setting
                    out.update(_subtree(a, c))
        return frozenset(out)

    def frame_nominals(self, verbs: list[Trigger], by_i: dict[int, Trigger]) -> None:
        """"X are united in support of Y", "rallied in solidarity with Y": a verb with an "in <event noun>"
        phrase is the frame of that nominal event, which is the event coded (the verb's subject its source)."""
        for tr in verbs:
            a = doc_arrays(tr.tok.doc)  # the parse from the Doc's arrays: no Token objects per child
            for c in a.children[tr.tok.i]:
                if a.dep[c] != "prep" or a.lower[c] not in self.words.frame_prep or c < tr.tok.i:
                    continue
                obj = next((o for o in a.children[c] if a.dep[o] == "pobj"), None)
                nom = by_i.get(obj) if obj is not None else None
                if nom is not None and nom.nominal and not is_null(nom.code):
                    tr.framed_by = nom
                    nom.frames = True

    def _nominal_verb(self, t: Token) -> str | None:
        return self._nominal_verb_at(doc_arrays(t.doc), t.i)

    def _nominal_verb_at(self, a: DocArrays, i: int) -> str | None:
        nom = self.words.nominal
        got = nom.get(a.lower[i]) or nom.get(a.lemma[i])
        if got is None and i >= 2 and a.text[i - 1] == "-":  # "cease - fire"
            got = nom.get(f"{a.lower[i - 2]}-{a.lower[i]}")
        return got

    def _lookup(self, *keys: str) -> list[VerbEntry]:
        """``lex.lookup`` memoised (the lexicon does not change for this coder)."""
        got = self._lookups.get(keys)
        if got is None:
            if len(self._lookups) > 100_000:
                self._lookups.clear()
            got = self._lookups[keys] = self.lex.lookup(*keys)
        return got

    def triggers(self, sent: Span, trace: list | None) -> list[Trigger]:
        out: list[Trigger] = []
        unknown: list[str] = []
        doc = sent.doc
        a = doc_arrays(doc)
        words: frozenset[str] | None = None  # the sentence's words, taken at its first trigger
        for i in range(sent.start, sent.end):
            nominal = False
            dep, tag, pos = a.dep[i], a.tag[i], a.pos[i]
            if dep not in SKIP_DEPS and (tag[:2] == "VB" or pos == "VERB" or (
                    dep in ("acomp", "amod") and tag == "JJ")):  # as _is_trigger_pos
                entries = self._lookup(a.lower[i], a.lemma[i])
            elif self.cfg.nominal and pos in ("NOUN", "PROPN") and (verb := self._nominal_verb_at(a, i)):
                entries = self._lookup(verb)
                nominal = True
            else:
                continue
            if not entries:
                if trace is not None and not nominal:
                    unknown.append(a.text[i])
                continue
            t = doc[i]
            tried: list[dict] | None = [] if trace is not None else None
            if words is None:
                words = sentence_words(sent)
            m = best_match(entries, t, sent, tried, nominal=nominal, words=words)
            if m is None:
                continue
            if nominal and i >= 2 and a.text[i - 1] == "-" and a.lower[i] not in self.words.nominal:
                m.verb_tokens = [i - 2, i - 1]  # the trigger is the whole "cease-fire"
            if trace is not None:
                hits = [x for x in tried or [] if x.get("matched")]
                trace.append({"stage": "coder", "trigger": a.text[i], "i": i, "lemma": a.lemma_raw[i],
                              "nominal": nominal, "patterns_tried": len(tried or []),
                              "patterns_matched": hits[: self.cfg.max_patterns_traced],
                              "chosen": m.cite(), "code": m.code})
            out.append(Trigger(t, m, nominal))
        if trace is not None and unknown:
            trace.append({"stage": "coder", "sentence_start": sent.start,
                          "verbs_not_in_dictionary": unknown})
        return out

    # ------------------------------------------------------------------ arguments
    def verb_args(self, tr: Trigger, idx: MentionIndex) -> None:
        v, m = tr.tok, tr.match
        doc = v.doc
        a = doc_arrays(doc)  # the parse from the Doc's arrays: each ``Token.head`` / ``.children`` builds Tokens
        vi = v.i
        si, passive, how = subject_at(a, vi)
        subj_ments = []
        if si is not None:
            sh = a.head[si]
            toks = subject_tokens_at(a, sh, si) if sh != si else _clause_idx(a, si)
            subj_ments = core_mentions_at(_select_at(idx.within(toks), si, doc, a), a, si)
            if how in ("modified noun", "antecedent of the relative pronoun"):
                subj_ments = idx.within(range(doc[si].left_edge.i, si + 1))
            if not subj_ments and a.lower[si] in self.words.self_pronoun and a.dep[vi] == "ccomp":
                subj_ments = self._governing_subject(v, idx)
                if subj_ments:
                    how = "unresolved pronoun: subject of the governing verb"
        sources, targets = subj_ments, []
        tr.how["source"] = how
        ag = agent_at(a, vi)
        if passive and ag is None and a.lower[vi] in self.words.stative:
            passive = False  # "X is united in support of Y": a stance of X
            tr.how["source"] = "subject of a stative participle"
        if passive:
            agent_ments = _select_at(idx.within(_clause_idx(a, ag)), ag, doc, a) if ag is not None else []
            sources, targets = agent_ments, subj_ments
            tr.how["source"], tr.how["target"] = "by-agent", "passive subject"
            if ag is None and tr.code[:2] in self.words.speech_root:
                sources = [x for x in idx.within(dispute_party(v, self.words.dispute_noun)) if x not in subj_ments]
                tr.how["source"] = "other party of the subject's dispute"
        if m.source_tokens is not None:
            got = _first_group(idx.within(m.source_tokens), v.doc)
            if got:
                if not passive and not targets:
                    targets = subj_ments
                sources = got
                tr.how["source"] = "pattern $"
        if m.target_tokens is not None:
            got = _first_group(idx.within(m.target_tokens), v.doc)
            if got:
                targets = got
                tr.how["target"] = "pattern +"
        if m.subject_is_target and subj_ments and m.source_tokens is not None:
            targets = subj_ments
        if not targets:
            for label, toks in _groups(a, vi, 0):  # lazily: most stop at the first group
                got = [x for x in idx.within(toks) if x not in sources]
                got = _not_coreferent(got, sources)
                if got:
                    targets = _select_at(_first_group(got, doc), toks[0] if toks else None, doc, a)
                    tr.how["target"] = label
                    break
        if tr.how.get("target", "").startswith("complement"):  # "Abe said Japan would ...": its own country
            targets = [x for x in targets if not any(_own_country(s, x) for s in sources)]
        kept = [x for x in targets if x.head not in idx.not_target]
        if len(kept) < len(targets):
            tr.how["topic"] = "actors in a topic or place phrase are not targets"
        tr.sources, tr.targets = sources, _not_coreferent(kept, sources)

    @staticmethod
    def _governing_subject(v: Token, idx: MentionIndex) -> list[Mention]:
        """"Ethiopia indicated it deplored Libya": the actors of the governing verb's own subject (a
        complement before its verb, "..., X said", is reported speech of X about others: not used)."""
        g = v.head
        if g is v or v.i < g.i:
            return []
        s = next((c for c in g.children if c.dep_ == "nsubj"), None)
        if s is None:
            return []
        return select(idx.within(subject_tokens(g, s)), s, v.doc)

    def nominal_args(self, tr: Trigger, idx: MentionIndex, coded_heads: set[int]) -> None:
        n = tr.tok
        doc = n.doc
        a = doc_arrays(doc)  # the parse from the Doc's arrays (no Token objects)
        ni = n.i
        dep, lower = a.dep, a.lower
        sources: list[Mention] = []
        targets: list[Mention] = []
        for c in a.children[ni]:
            if c < ni and dep[c] in ("poss", "compound", "amod", "nmod"):
                sources += [x for x in idx.within(_clause_idx(a, c)) if x not in sources]
        of_target = tr.frames and a.lemma[ni] in self.words.nominal_of_target
        for c in a.children[ni]:
            if dep[c] != "prep":
                continue
            got = idx.within(_clause_idx(a, c))
            if of_target and lower[c] == "of":  # "in support of Y": Y is what is supported
                targets += [x for x in got if x not in targets and x not in sources]
            elif lower[c] in self.words.nominal_source and not sources:
                sources = got
            elif lower[c] in self.words.nominal_target:
                targets += [x for x in got if x not in targets and x not in sources]
        tr.how["source"], tr.how["target"] = "noun modifiers", "noun prepositions"
        if not sources and dep[ni] in ("dobj", "pobj", "nsubjpass") and a.head[ni] not in coded_heads:
            gov = a.head[ni] if dep[ni] != "pobj" else a.head[a.head[ni]]
            s, _p, _h = subject_at(a, gov)
            if s is not None:
                toks = subject_tokens_at(a, gov, s) if a.head[s] == gov else _clause_idx(a, s)
                sources = _select_at(idx.within(toks), s, doc, a)
                tr.how["source"] = "subject of the framing verb" if tr.frames else "subject of governing verb"
        targets = [x for x in targets if x not in sources and x.head not in idx.not_target]
        if not sources and len(targets) >= 2:  # "talks between Arnor and Gondor": each pair
            sources, targets = targets, []
            tr.how["source"] = "parties of the noun"
        tr.sources, tr.targets = sources, targets

    # ------------------------------------------------------------------ events
    def code(self, adoc: ArticleDoc, sent: Span, sidx: int, mentions: list[Mention]) -> list[Event]:
        idx = MentionIndex(m for m in mentions if self.cfg.null_country or not (m.code or "").startswith("---"))
        trace = adoc.trace
        trs = self.triggers(sent, trace)
        by_i = {t.tok.i: t for t in trs}
        verbs = [t for t in trs if not t.nominal]
        idx.not_target = self.not_targets(sent, idx)
        for tr in verbs:
            self.verb_args(tr, idx)
        self.combine_chains(trs, by_i)
        self.absorb_purpose(verbs, by_i)
        self.frame_nominals(verbs, by_i)
        events: list[Event] = []
        seen: set[tuple] = set()
        emitted: set[int] = set()  # triggers that coded at least one event
        used_words: set[int] = set()  # tokens their patterns matched ("TALKS * [164]" uses "talks")
        # verbs in sentence order, nominal events last. (The order was meant to put governing verbs first, by
        # their depth in the parse, but that depth was always its cap: ``tok.head.i != tok.i`` is true even for
        # a root, spaCy making a new Token object per access. Sentence order keeps the coding as it was.)
        order = sorted(verbs, key=lambda t: t.tok.i) + [t for t in trs if t.nominal]
        for tr in order:
            if tr.nominal:
                self.nominal_args(tr, idx, emitted)
            reason = "the noun is part of a coded verb's pattern" if tr.nominal and tr.tok.i in used_words \
                else self._suppressed(tr, emitted)
            if reason is None:
                tr.mod = modality(tr.tok, self.words)
                reason = self._emit(adoc, sent, sidx, tr, events, seen)
            if tr.events:
                emitted.add(tr.tok.i)
                used_words.update(tr.match.tokens)
            if trace is not None:
                trace.append({"stage": "coder", "trigger": tr.tok.text, "i": tr.tok.i,
                              "sources": [m.code for m in tr.sources], "targets": [m.code for m in tr.targets],
                              "how": dict(tr.how), "result": reason or f"{len(tr.events)} event(s)"})
        events.sort(key=lambda e: (e.trigger_i or 0))
        return events

    def _suppressed(self, tr: Trigger, emitted: set[int]) -> str | None:
        if tr.absorbed_by is not None:
            return f"combined into '{tr.absorbed_by.tok.text}' ({tr.absorbed_by.code})"
        if tr.framed_by is not None:
            return f"frame of the nominal event '{tr.framed_by.tok.text}' ({tr.framed_by.code})"
        if is_null(tr.code):
            return f"null code [{tr.code}] for {tr.match.cite()}"
        if tr.nominal:
            h = tr.tok.head
            if tr.tok.dep_ in ("dobj", "pobj", "attr", "dative") and (
                    h.i in emitted or (tr.tok.dep_ == "pobj" and h.head.i in emitted)):
                return "nominal event is the argument of a coded verb"
        else:
            # a complement verb whose governing verb already coded an event is part of that event
            a = doc_arrays(tr.tok.doc)  # ``chain`` as indices: no Token objects
            for g in chain_idx(a, tr.tok.i)[1:]:
                if g in emitted and a.dep[tr.tok.i] in ("xcomp",):
                    return f"part of the event of '{a.text[g]}'"
        return None

    def _reciprocal(self, tr: Trigger) -> bool:
        """A compound subject acts on each other: the pattern says so (``%``), the code is a paired code of
        the dictionary, the trigger is a nominal event, or the clause has a reciprocal word."""
        m = tr.match
        if tr.nominal or ":" in tr.code:
            return True
        if m.pattern is not None and any(getattr(e, "marker", None) == "%" for e in m.pattern.pre + m.pattern.post):
            return True
        vi = tr.tok.i
        a = doc_arrays(tr.tok.doc)  # the subtree from the Doc's arrays (``Token.subtree`` builds Tokens)
        after = [t for t in _subtree(a, vi) if t > vi]
        rec = self.words.reciprocal
        if any(a.lower[t] in rec or a.lemma[t] in rec for t in after) or a.lemma[vi] in rec:
            return True
        # "held joint exercises" is done with each other; "issued a joint statement" is said together, to others
        joint = self.words.joint
        return tr.code[:2] not in self.words.speech_root and any(a.lower[t] in joint for t in after)

    def _emit(self, adoc: ArticleDoc, sent: Span, sidx: int, tr: Trigger, events: list[Event],
              seen: set[tuple]) -> str | None:
        sources, targets = tr.sources, tr.targets
        if not sources:
            return "no source actor"
        pairs: list[tuple[Mention, Mention | None]] = []
        if targets:
            pairs = [(s, t) for s in sources for t in targets if s is not t and s.code != t.code]
        elif len(sources) >= 2 and self._reciprocal(tr):
            pairs = [(s, t) for s in sources for t in sources if s is not t and s.code != t.code]
            tr.how["target"] = "compound subject acting on each other (each pair)"
        elif not self.cfg.require_dyad:
            pairs = [(s, None) for s in sources]
        if not pairs:
            return "no target actor"
        code = tr.code
        mod = tr.mod or Modality()
        negated = mod.negated
        keys = token_keys(adoc.doc)
        neg_words = self.words.negation
        if negated and any(k.lower() in neg_words for i in tr.match.tokens for k in keys[i]):
            negated = False  # the pattern itself names the negation ("DID N'T * OVER EFFORTS")
            tr.how["negation"] = "part of the pattern"
        if negated and mod.negated_here and self.pico is not None and self.cfg.pico_negation:
            parts = [negate(self.pico, c) if c else "" for c in code.split(":")]
            if any(parts) and all(p is not None for p in parts):
                tr.how["negation"] = f"PICO negation of {code} = {':'.join(parts)}"
                code, negated = ":".join(parts), False
                if is_null(code):
                    return f"negated {tr.code} has no event"
        intent = self.words.future_intent.get(code[:2]) \
            if self.cfg.future_intent and mod.future and not negated else None
        if intent is not None:  # "X will visit Y": an announced meeting is an intent to meet (CAMEO 036)
            tr.how["future"] = f"announced {code} coded as {intent}"
            code = intent
        fwd, _, rev = code.partition(":")
        doc = adoc.doc
        tok_ids = sorted({tr.tok.i, *tr.match.verb_tokens})
        trig_start, trig_end = doc[tok_ids[0]].idx, doc[tok_ids[-1]].idx + len(doc[tok_ids[-1]])
        trig_text = adoc.article.text[trig_start:trig_end]
        cite = tr.match.cite()
        sent_text: str | None = None  # taken once, for the first event (the ``Sentence`` holds ``Span.text``)
        sentence_id = ""
        for s, t in pairs:
            for src, tgt, c in ((s, t, fwd), (t, s, rev) if ":" in code else (None, None, "")):
                if src is None or is_null(c):
                    continue
                key = (src.code, tgt.code if tgt else None, c)
                if key in seen:
                    continue
                seen.add(key)
                if sent_text is None:
                    sentence = adoc.sentences[sidx]
                    sent_text, sentence_id = sentence.text, sentence.id
                ev = Event(article_id=adoc.article.id, sentence_id=sentence_id, source=src, target=tgt,
                           code=c, trigger=trig_text, trigger_span=(trig_start, trig_end), pattern=cite,
                           trigger_i=tr.tok.i, sentence_text=sent_text, date=EventDate.from_article(adoc.date),
                           negated=negated, future=mod.future, hypothetical=mod.hypothetical,
                           reported=mod.reported)
                tr.events.append(ev)
                events.append(ev)
        return None if tr.events else "duplicate of an event already coded"


def _agentless_passive(v: Token) -> bool:
    """A passive verb without a by-agent ("is said to", "was reported to"): its subject is not its agent."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children) and agent_of(v) is None


def _own_country(source: Mention, target: Mention) -> bool:
    """The target is the source's own country ("JPN" for a "JPNGOV" speaker)."""
    s, t = source.code or "", target.code or ""
    return len(t) == 3 and len(s) > 3 and s.startswith(t)


def _conjunct_key(tok: Token, root: Token | None) -> int:
    return _conjunct_key_at(doc_arrays(tok.doc), tok.i, root.i if root is not None else None)


def _conjunct_key_at(a: DocArrays, t: int, r: int | None) -> int:
    """``_conjunct_key`` on token indices (walked on the Doc's arrays: each ``Token.head`` builds a new Token)."""
    dep, pos, head = a.dep, a.pos, a.head
    for _ in range(12):
        h = head[t]
        if t == r or dep[t] == "conj" or h == t:
            break
        if dep[t] == "appos" and pos[t] == "PROPN" and pos[h] == "PROPN" and any(
                a.text[x] == "," for x in range(min(t, h), max(t, h))):  # a list: "Mordor, the Shire"
            break
        t = h
    return t


def select(ms: list[Mention], root: Token | None, doc) -> list[Mention]:
    """One actor per conjunct of an argument: the most specific code (longest) among the mentions that
    hang from the same conjunct ("Dagolath's Deputy Prime Minister Telemar" -> DAGGOV, not also DAG)."""
    if len(ms) < 2:
        return ms
    return _select_at(ms, root.i if root is not None else None, doc, doc_arrays(doc))


def _select_at(ms: list[Mention], r: int | None, doc, a: DocArrays) -> list[Mention]:
    """``select`` with the root as a token index (``None``: none) and the Doc's arrays."""
    if len(ms) < 2:
        return ms
    ms = _share_role_noun_at(ms, a)
    best: dict[int, list[Mention]] = {}
    order: list[int] = []
    for m in ms:
        k = _conjunct_key_at(a, m.head, r) if m.head is not None else m.start
        if m.head is not None and getattr(m, "entry", None) == _SHARED:
            k = m.head
        cur = best.get(k)
        if cur is None:
            best[k] = [m]
            order.append(k)
        elif len(m.code or "") > len(cur[0].code or ""):
            best[k] = [m]
        elif len(m.code or "") == len(cur[0].code or "") and m.code != cur[0].code:
            cur.append(m)
    return [m for k in order for m in best[k]]


_SHARED = "coordinated demonym + shared role noun"


def _share_role_noun(ms: list[Mention], doc) -> list[Mention]:
    """"Japanese and Chinese officials": the lone demonym coordinated with the one inside the role phrase gets
    the same role (JPN -> JPNGOV beside CHNGOV), and counts as a conjunct of its own."""
    return _share_role_noun_at(ms, doc_arrays(doc))


def _share_role_noun_at(ms: list[Mention], a: DocArrays) -> list[Mention]:
    """``_share_role_noun`` read from the Doc's arrays."""
    out: list[Mention] = []
    for m in ms:
        t = m.head
        if t is not None and m.end - m.start == 1 and a.tag[t] == "JJ" and a.dep[t] == "amod" \
                and m.code and len(m.code) == 3:
            h = a.head[t]
            partner = next((x for x in ms if x is not m and x.code and len(x.code) > 3 and x.head == h
                            and x.code[:3] != m.code and any(
                                a.dep[c] == "conj" and x.start <= c < x.end for c in a.children[t])), None)
            if partner is not None:
                m = dataclasses.replace(m, code=m.code + partner.code[3:], entry=_SHARED, head=t)
        out.append(m)
    return out


def _not_coreferent(targets: list[Mention], sources: list[Mention]) -> list[Mention]:
    """Drop pronouns that refer back to the source ("Arnor and Gondor postponed their meeting")."""
    codes = {s.code for s in sources}
    return [t for t in targets if not (t.kind == "pronoun" and t.code in codes)]


def _first_group(ms: list[Mention], doc) -> list[Mention]:
    """The first mention and those coordinated with it ("Gondor and Arnor"), not later unrelated ones."""
    if not ms:
        return []
    first = ms[0]
    out = [first]
    heads = {first.head}
    a = doc_arrays(doc)  # the parse from the Doc's arrays (no Token objects)
    for m in ms[1:]:
        h = m.head
        if h is not None and (a.dep[h] == "conj" and (a.head[h] in heads or any(
                a.head[h] in range(x.start, x.end) for x in out))):
            out.append(m)
            heads.add(m.head)
        elif h is not None and a.dep[h] in ("appos",):
            continue
    return out


@stages.register("coder")
def make_coder_stage(resources: Resources, **config: Any) -> Callable[[ArticleDoc], None]:
    cfg = CoderConfig(**{k: v for k, v in config.items() if k in CoderConfig.__dataclass_fields__})
    words = load_words(config.get("words"))
    state: dict[str, Any] = {}  # the sentence coder and the string cache, made on first use

    def run(adoc: ArticleDoc) -> None:
        if "sc" not in state:
            d = resources.dictionaries
            state["sc"] = SentenceCoder(lexicon_from(d.verbs), words, cfg, getattr(d, "pico", None))
        sc = state["sc"]
        if not adoc.mentions:
            return
        by_sent: dict[int, list[Mention]] = {}
        for m in adoc.mentions:
            by_sent.setdefault(m.sentence_index, []).append(m)
        for sidx, sent in enumerate(adoc.doc.sents):
            ms = by_sent.get(sidx)
            if not ms:
                continue
            if cfg.require_dyad and len(ms) < 2:
                adoc.note("coder", sentence=sidx, result="one actor only: no dyad")
                continue
            _prepare_arrays(adoc.doc, state)
            adoc.events.extend(sc.code(adoc, sent, sidx, ms))
    return run


def _prepare_arrays(doc, state: dict[str, Any]) -> None:
    """Build the Doc's token arrays (once; ``doc_arrays`` caches them) with the stage's cache of string lookups,
    shared by its documents."""
    strings = doc.vocab.strings
    names = state.get("names")
    if names is None or names.strings is not strings or len(names) > 500_000:
        names = state["names"] = StringNames(strings)
    doc_arrays(doc, names)
