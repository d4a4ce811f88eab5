"""Match verb-dictionary patterns against the dependency parse around one verb token.

Regions: the *post* region is the verb's subtree after the verb, without embedded clauses (adverbial,
complement, relative clauses, coordinated verbs); the *pre* region is the sentence before the verb.
A pattern matches when all its elements are found (in order for TABARI-style patterns); the most specific
match wins (the number of words it needed), ties going to the first pattern in the file.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventcoder.coder.args import gerund_conj
from eventcoder.coder.lexicon import Marker, Noun, Pattern, Prep, VerbEntry
from eventcoder.coder.words import load_words
from eventcoder.docarrays import DocArrays, _subtree, doc_arrays

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Children of the verb whose subtrees are other clauses: not searched for the verb's own pattern words.
CLAUSE_DEPS = frozenset({"advcl", "ccomp", "parataxis", "relcl", "csubj", "csubjpass", "conj", "cc", "punct",
                         "nsubj", "nsubjpass", "mark"})
NULL_CODES = frozenset({"---", "+++", ""})
# entity types of a preposition's object that make it the setting of an event (when/where it happened)
SETTING_ENTS = frozenset({"DATE", "TIME", "EVENT", "FAC"})


# the keys of every token of a Doc (``token_keys``), by Doc token index
Keys = tuple[tuple[str, ...], ...]


@functools.lru_cache(maxsize=4096)  # a pure function of the code, asked several times per trigger
def is_null(code: str | None) -> bool:
    return code is None or code.strip() in NULL_CODES or all(not p or p in NULL_CODES for p in code.split(":"))


@dataclass
class Match:
    entry: VerbEntry
    pattern: Pattern | None
    specificity: int
    tokens: list[int] = field(default_factory=list)
    source_tokens: list[int] | None = None  # tokens of the region a "$" marker points to
    target_tokens: list[int] | None = None  # tokens of the region a "+" marker points to
    subject_is_target: bool = False  # "+" before the verb: the subject is the target
    verb_tokens: list[int] = field(default_factory=list)  # other words of a multi-word verb

    @property
    def code(self) -> str:
        return self.pattern.code if self.pattern is not None else self.entry.code

    def cite(self) -> str:
        return self.pattern.cite() if self.pattern is not None else self.entry.cite()


def word_match(tok: Token, w: str) -> bool:
    return w in token_keys(tok.doc)[tok.i]


class Region:
    """Token indices available to a pattern, sorted, with an index word -> positions (text and lemma)."""

    def __init__(self, idx: list[int], doc, keys: Keys | None = None):
        self.idx = idx
        self.set = set(idx)
        self.doc = doc
        self._keys = keys
        self._where: dict[str, list[int]] | None = None
        self._objects: dict[int, Region] = {}  # memo of ``_prep_at``'s object regions, by preposition

    def where(self, w: str) -> list[int]:
        return self.index().get(w, [])

    def index(self) -> dict[str, list[int]]:
        """word -> positions in the region (built on first use)."""
        if self._where is None:
            keys = self._keys if self._keys is not None else token_keys(self.doc)
            wh: dict[str, list[int]] = {}
            get = wh.get
            for i in self.idx:
                for k in keys[i]:
                    at = get(k)
                    if at is None:
                        wh[k] = [i]
                    else:
                        at.append(i)
            self._where = wh
        return self._where

    def words(self) -> set[str]:
        self.where("")
        return set(self._where or ())


def _keys_of(region: Region) -> Keys:
    """The region's token keys: those it was given (one lookup per trigger instead of one per pattern)."""
    keys = region._keys
    return keys if keys is not None else token_keys(region.doc)


def token_keys(doc) -> Keys:
    """Upper-case text and lemma of every token, by Doc token index (cached on the Doc's user_data)."""
    got = doc.user_data.get("eventcoder_keys")
    if got is None:
        arr = doc_arrays(doc)
        text = arr.text
        up = list(map(str.upper, text))
        ks = [(a,) if a == b else (a, b) for a, b in zip(up, map(str.upper, arr.lemma_raw), strict=True)]
        if "N'T" in up or "NEVER" in up:  # the scans run in C: most documents need no loop
            for i, a in enumerate(up):
                if a in ("N'T", "NEVER"):
                    ks[i] = (*ks[i], "NOT")
        if "-" in text:
            for h, t in enumerate(text):  # "cease - fire" (Token.is_alpha): the word after a hyphen
                if t == "-" and h >= 1 and h + 1 < len(text) and text[h - 1].isalpha():
                    ks[h + 1] = (*ks[h + 1], f"{up[h - 1]}-{up[h + 1]}")
        got = doc.user_data["eventcoder_keys"] = tuple(ks)  # a tuple, not a dict: cheaper to build and slice
    return got


def post_region(v: Token) -> Region:
    return Region(_post_idx(doc_arrays(v.doc), v.i), v.doc)


def _post_idx(a: DocArrays, vi: int) -> list[int]:
    """``post_region``'s tokens (a plain list: the trigger's lazy regions need no ``Region`` built twice)."""
    out: list[int] = []
    for c in a.children[vi]:
        if c < vi or (a.dep[c] in CLAUSE_DEPS and not gerund_conj(a, c)):
            continue
        out.extend(j for j in _subtree(a, c) if j > vi)
    # also words right after the verb attached elsewhere (particles the parser hung on the object)
    return sorted(set(out))


def pre_region(v: Token, sent: Span) -> Region:
    """Every token before the verb (TABARI-style patterns match the surface sequence)."""
    return Region(list(range(sent.start, v.i)), v.doc)


def pre_nouns_region(v: Token, sent: Span) -> Region:
    """Nouns before the verb (PETRARCH2-style patterns name pre-verb *nouns*, not adverbs or determiners)."""
    return Region(_pre_nouns_idx(v.doc, sent.start, v.i), v.doc)


def _pre_nouns_idx(doc, start: int, vi: int) -> list[int]:
    nouns = noun_positions(doc)
    return [i for i in range(start, vi) if i in nouns]


def noun_positions(doc) -> frozenset[int]:
    got = doc.user_data.get("eventcoder_nouns")
    if got is None:
        got = frozenset(i for i, pos in enumerate(doc_arrays(doc).pos) if pos in ("NOUN", "PROPN"))
        doc.user_data["eventcoder_nouns"] = got
    return got


def full_post_region(v: Token) -> Region:
    """The verb's whole subtree after it, clauses included (for TABARI-style sequences: "AGREE * THAT")."""
    return Region(_full_post_idx(doc_arrays(v.doc), v.i), v.doc)


def _full_post_idx(a: DocArrays, vi: int) -> list[int]:
    return [j for j in _subtree(a, vi) if j > vi]


def _better(got: list[int], n: int, best: tuple[list[int], int] | None) -> bool:
    """Among a synset's alternatives the longest wins, then the earliest in the sentence: an ordered pattern
    ("* &PREP RESOLUTION") must leave room for its later words ("acted on a resolution against Libya")."""
    return best is None or n > best[1] or (n == best[1] and got[0] < best[0][0])


def _noun_at(noun: Noun, region: Region, after: int) -> tuple[list[int], int] | None:
    doc = region.doc
    keys = _keys_of(region)
    best: tuple[list[int], int] | None = None
    wh = region.index()
    alts = noun.alts
    if len(alts) > 4:  # only the alternatives whose lookup word is in the region (in their order): the others
        by_key = noun.by_key  # cannot match, and a synset may have thousands
        ks: list[int] = []
        for w in wh.keys() & by_key.keys():
            ks.extend(by_key[w])
        ks.sort()
        alts = [alts[k] for k in ks]
    for alt in alts:
        n = len(alt)
        if noun.braced and n > 1:
            for i in wh.get(alt[-1], ()):
                if i <= after:
                    continue
                # the last modifier is next to the head ("economic relations"); earlier ones may be further
                # left in the head's phrase ("new global economic relations")
                if i - 1 not in region.set or alt[-2] not in keys[i - 1]:
                    continue
                lo = doc[i].left_edge.i
                got: list[int] = []
                k = 0
                for j in range(lo, i - 1):
                    if k < n - 2 and j in region.set and alt[k] in keys[j]:
                        got.append(j)
                        k += 1
                if k == n - 2:
                    got.append(i - 1)
                    if _better([*got, i], n, best):
                        best = ([*got, i], n)
                    break
        else:
            for i in wh.get(alt[0], ()):
                if i <= after:
                    continue
                got = [i]
                for k in range(1, n):
                    j = i + k
                    if j not in region.set or alt[k] not in keys[j]:
                        break
                    got.append(j)
                if len(got) == n:
                    if _better(got, n, best):
                        best = (got, n)
                    break
    return best


def _prep_at(el: Prep, region: Region, after: int) -> tuple[list[int], int, list[int] | None] | None:
    doc = region.doc
    for i in region.index().get(el.prep, ()):
        if i <= after:
            continue
        sub = _prep_object(region, i)
        if el.marker == "^":  # "(IN ^)": the object is skipped: consume it
            return [i, *sub.idx], 1, None
        marked = list(sub.idx) if el.marker else None
        if el.obj is None:
            if not el.marker and _is_setting(doc[i]):
                continue  # "met Bree at the summit": a bare "(AT)" names a pattern, not the venue of the event
            return [i], 1, marked
        got = _noun_at(el.obj, sub, -1)
        if got is not None and _next_to_prep(doc, i, got[0][0]):
            return [i, *got[0]], 1 + got[1], marked
    return None


def _prep_object(region: Region, i: int) -> Region:
    """The object region of the preposition at ``i`` within ``region`` (kept on the region: a trigger's
    patterns ask for the same prepositions' objects again and again)."""
    got = region._objects.get(i)
    if got is None:
        doc = region.doc
        a = doc_arrays(doc)  # the parse read from the Doc's arrays (no Token objects in this inner loop)
        rset = region.set
        sub_idx = [j for j in _subtree(a, i) if j != i and j in rset]
        h = a.head[i]
        if a.dep[i] == "aux" and a.tag[i] == "TO" and h in rset:  # "(TO QUESTION)": to + verb
            sub_idx = [h]
        if not sub_idx:  # a particle the parser did not give its object: "clash over | the efforts"
            sib = next((c for c in a.children[h] if c > i and a.dep[c] in ("dobj", "pobj", "attr")), None)
            if sib is not None:
                sub_idx = [j for j in _subtree(a, sib) if j in rset]
        got = region._objects[i] = Region(sub_idx, doc, region._keys)
    return got


# tags that may stand between a pattern's preposition and its object words: "(FOR ASYLUM)" is "for (the) asylum"
_PREP_GAP_TAGS = frozenset({"DT", "PDT", "PRP$", "WP$", "POS"})


def _next_to_prep(doc, prep: int, first: int) -> bool:
    """The words of a parenthesised phrase are contiguous in the text (TABARI/PETRARCH): only determiners and
    possessives may come between the preposition and the object's words ("for foreign asylum" is not
    "(FOR ASYLUM)", so the less specific "* ASYLUM" applies)."""
    tags = doc_arrays(doc).tag
    return all(tags[j] in _PREP_GAP_TAGS for j in range(prep + 1, first))


def _is_setting(prep: Token) -> bool:
    """The preposition's object is a venue, a gathering or a time ("at the summit", "at the border village",
    "at the weekend"): the phrase says where or when, not what was done."""
    a = doc_arrays(prep.doc)
    obj = next((c for c in a.children[prep.i] if a.dep[c] == "pobj"), None)
    if obj is None:
        return False
    setting = load_words().setting
    return a.ent_type[obj] in SETTING_ENTS or a.lemma[obj] in setting or a.lower[obj] in setting


def match_pattern(p: Pattern, v: Token, pre: Region, post: Region,
                  words: set[str] | frozenset[str] | None = None) -> Match | None:
    if words is not None:
        for need in p.needs:
            if need.isdisjoint(words):
                return None
    pre_keys, post_keys = p.region_keys
    if pre_keys:  # a word element none of whose words is in its region cannot match: skip the search
        wh = pre.index()
        for ks in pre_keys:
            if ks.isdisjoint(wh):
                return None
    if post_keys:
        wh = post.index()
        for ks in post_keys:
            if ks.isdisjoint(wh):
                return None
    doc = v.doc
    keys = _keys_of(post)
    tokens: list[int] = []
    score = 0
    src: list[int] | None = None
    tgt: list[int] | None = None
    subject_is_target = False
    # words glued to the verb: IN_* and *_OUT
    for k, w in enumerate(reversed(p.pre_adjacent)):
        j = v.i - 1 - k
        if not pre.idx or j < pre.idx[0]:
            return None
        if w not in keys[j]:
            return None
        tokens.append(j)
    for k, w in enumerate(p.post_adjacent):
        j = v.i + 1 + k
        if j >= len(doc) or w not in keys[j]:
            return None
        tokens.append(j)
    for section, region, elements in (("pre", pre, p.pre), ("post", post, p.post)):
        last = -1
        for el in elements:
            after = last if p.ordered else -1
            if isinstance(el, Marker):
                if el.marker == "%":  # a compound actor here: "Arnor and Gondor agreed", "met with A and B"
                    if not _compound(v, section, region):
                        return None
                    score += 1
                    continue
                if el.marker == "^" and section == "post":  # skip the next noun phrase
                    ar = doc_arrays(doc)  # the parse from the Doc's arrays: ``Token.head`` builds Tokens
                    nxt = next((i for i in region.idx if i > last and ar.pos[i] in ("NOUN", "PROPN")), None)
                    if nxt is not None:
                        hd = nxt
                        while ar.head[hd] in region.set and ar.pos[ar.head[hd]] in ("NOUN", "PROPN") \
                                and ar.dep[hd] in ("compound", "amod", "nmod"):
                            hd = ar.head[hd]
                        last = max(hd, nxt)  # the phrase up to its head, not its own prepositions
                    continue
                if el.marker == "+" and section == "pre":
                    subject_is_target = True
                elif el.marker in ("$", "+") and section == "post":
                    rest = [i for i in region.idx if i > last]
                    if el.marker == "$":
                        src = rest
                    else:
                        tgt = rest
                continue
            if isinstance(el, Noun):
                got = _noun_at(el, region, after)
                if got is None:
                    return None
                tokens.extend(got[0])
                score += got[1]
                last = max(got[0])
            else:
                got3 = _prep_at(el, region, after)
                if got3 is None:
                    return None
                tokens.extend(got3[0])
                score += got3[1]
                last = max(got3[0])
                if got3[2] is not None:
                    if el.marker == "$":
                        src = got3[2]
                    elif el.marker == "+":
                        tgt = got3[2]
    score += len(p.pre_adjacent) + len(p.post_adjacent)
    return Match(None, p, score, tokens, src, tgt, subject_is_target)  # type: ignore[arg-type]


def _compound(v: Token, section: str, region: Region) -> bool:
    a = doc_arrays(v.doc)  # the parse from the Doc's arrays: ``Token.children`` / ``.head`` build Tokens
    dep, children = a.dep, a.children
    if section == "pre":
        t = v.i
        for _ in range(6):
            subj = next((c for c in children[t] if dep[c] in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return any(dep[c] == "conj" for c in children[subj]) or \
                    sum(1 for c in children[t] if dep[c] == dep[subj]) > 1
            if dep[t] not in ("xcomp", "conj", "acomp") or a.head[t] == t:
                return False
            t = a.head[t]
        return False
    return any(dep[i] == "conj" and a.pos[i] in ("PROPN", "NOUN") for i in region.idx)


def particles_ok(entry: VerbEntry, v: Token) -> list[int] | None:
    """Token indices of a multi-word verb's other words around ``v``, or None when they are absent."""
    if not entry.particles and not entry.prewords:  # a one-word verb (most entries): nothing to look up
        return []
    doc = v.doc
    keys = token_keys(doc)
    got: list[int] = []
    vi = v.i
    for k, w in enumerate(entry.particles):
        cand = [c for c in doc_arrays(doc).children[vi] if c > vi and w in keys[c] and c not in got]
        j = v.i + 1 + k
        if j < len(doc) and w in keys[j]:
            cand.insert(0, j)
        if not cand:
            return None
        got.append(cand[0])
    for k, w in enumerate(reversed(entry.prewords)):
        j = v.i - 1 - k
        if j < 0 or w not in keys[j]:
            return None
        got.append(j)
    return got


def sentence_words(sent: Span) -> frozenset[str]:
    """Every key (text and lemma, upper case) of the sentence's tokens (cached per sentence on the Doc)."""
    doc = sent.doc
    cache = doc.user_data.get("eventcoder_sentwords")
    if cache is None:
        cache = doc.user_data["eventcoder_sentwords"] = {}
    start, end = sent.start, sent.end
    hit = cache.get(start)
    if hit is not None and hit[0] == end:
        return hit[1]
    got = frozenset(itertools.chain.from_iterable(token_keys(doc)[start:end]))
    cache[start] = (end, got)
    return got


class _LazyRegion(Region):
    """A ``Region`` whose tokens are computed on first use: a dictionary in one style never uses the regions of
    the other (PETRARCH2-style patterns: pre-verb nouns and post; TABARI-style: pre and full post)."""

    def __init__(self, make: Callable[[], list[int]], doc,
                 keys: Keys | None = None) -> None:  # not Region.__init__: nothing computed yet
        self._make = make
        self.doc = doc
        self._keys = keys
        self._where = None
        self._objects = {}

    def __getattr__(self, name: str):
        # called only while ``idx`` / ``set`` are not yet instance attributes (cheaper than cached_property)
        if name == "idx":
            self.idx = self._make()
            return self.idx
        if name == "set":
            self.set = set(self.idx)
            return self.set
        raise AttributeError(name)


def _regions(v: Token, sent: Span, nominal: bool,
             keys: Keys | None = None) -> tuple[Region, Region, Region, Region]:
    """(pre, post, pre-verb nouns, full post) regions of a trigger (each computed when first used)."""
    doc, vi, start = v.doc, v.i, sent.start
    a = doc_arrays(doc)
    pre = _LazyRegion(lambda: list(range(start, vi)), doc, keys)
    pre_nouns = _LazyRegion(lambda: _pre_nouns_idx(doc, start, vi), doc, keys)
    if nominal:
        post = _LazyRegion(lambda: sorted({vi, *_post_idx(a, vi)}), doc, keys)
        post_full = _LazyRegion(lambda: sorted({vi, *_full_post_idx(a, vi)}), doc, keys)
    else:
        post = _LazyRegion(lambda: _post_idx(a, vi), doc, keys)
        post_full = _LazyRegion(lambda: _full_post_idx(a, vi), doc, keys)
    return pre, post, pre_nouns, post_full


def best_match(entries: list[VerbEntry], v: Token, sent: Span,
               tried: list[dict] | None = None, nominal: bool = False,
               words: frozenset[str] | None = None) -> Match | None:
    """The most specific pattern of the applicable entries (multi-word entries first), or the verb's own code.
    For a nominal trigger the noun itself is part of the post-verb region ("cease-fire" for DECLARE * &CEASEFIRE).
    ``words``: ``sentence_words(sent)`` when the caller has it already (one lookup per sentence, not per trigger).
    """
    if words is None:
        words = sentence_words(sent)
    keys = token_keys(v.doc)
    regions: tuple[Region, Region, Region, Region] | None = None  # built when a pattern needs them
    best: Match | None = None
    for e in entries:
        extra = particles_ok(e, v)
        if extra is None:
            if tried is not None:
                tried.append({"entry": e.cite(), "result": "multi-word verb words absent"})
            continue
        bonus = len(e.particles) + len(e.prewords)
        cand = Match(e, None, bonus, list(extra), verb_tokens=list(extra))
        pats = e.patterns if tried is not None else e.candidates(words)
        if pats and regions is None:
            regions = _regions(v, sent, nominal, keys)
        if pats:
            pre, post, pre_nouns, post_full = regions  # type: ignore[misc]
            post_e, post_full_e = post, post_full
            if extra:
                post_e = _LazyRegion(lambda r=post, x=extra: [i for i in r.idx if i not in x], v.doc, keys)
                post_full_e = _LazyRegion(lambda r=post_full, x=extra: [i for i in r.idx if i not in x], v.doc,
                                          keys)
        for p in pats:
            if p.ordered:
                m = match_pattern(p, v, pre, post_full_e, words)
            else:
                m = match_pattern(p, v, pre_nouns, post_e, words)
            if tried is not None:
                tried.append({"pattern": p.cite(), "matched": m is not None,
                              "specificity": (m.specificity + bonus) if m else None})
            if m is None:
                continue
            m.entry = e
            m.specificity += bonus
            m.tokens = extra + m.tokens
            m.verb_tokens = list(extra)
            if m.specificity > cand.specificity or (cand.pattern is None and m.specificity >= cand.specificity
                                                    and m.specificity > bonus):
                cand = m
        if best is None or cand.specificity > best.specificity:
            best = cand
    return best
