"""The verb dictionary in memory: verbs (with inflected forms and multi-word verbs), their patterns, synsets
and transformations.

A *pattern* says which nouns and prepositional phrases around a verb give which code. It has four parts
(any may be empty): pre-verb nouns, pre-verb prepositional phrases, post-verb nouns and post-verb
prepositional phrases, e.g. ``- * (FOR {FINANCIAL AID}) [0231]`` has one post-verb prepositional phrase,
``FOR`` + the noun phrase ``financial aid`` (head: ``aid``).

>>> from eventcoder.dictionaries.petrarch_verbs import parse_pattern
>>> p = parse_pattern("- * (FOR {FINANCIAL &CURRENCY}) $ [0231:022]  # ASK", verb="ASK")
>>> p.post_preps[0].prep.text, [t.text for t in p.post_preps[0].objects[0].terms]
('for', ['financial', '&CURRENCY'])
>>> p.code, p.reverse_code, p.source_marker
('0231', '022', Marker(section='post', prep=None))

Terms (``Term.kind``):

* ``word`` — a word (lower case; ``REAL_PLEASANT`` becomes ``"real pleasant"``, consecutive words)
* ``synset`` — ``&NAME``: any phrase of the synset (``VerbDictionary.synset(name)``)
* ``source`` (``$``) / ``target`` (``+``) — the noun phrase here is the event's source / target
* ``compound`` (``%``) — a compound actor (``A and B``) is both source and target
* ``skip`` (``^``) — any noun phrase (skipped)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from eventcoder.dictionaries.common import fold

TERM_KINDS = ("word", "synset", "source", "target", "compound", "skip")
MARKER_KINDS = {"$": "source", "+": "target", "%": "compound", "^": "skip"}


@dataclass(frozen=True, slots=True)
class Term:
    kind: str  # one of TERM_KINDS
    text: str  # the word(s) in lower case, "&NAME" for a synset, or the marker character

    def __str__(self) -> str:
        return self.text.upper().replace(" ", "_") if self.kind in ("word", "synset") else self.text


@dataclass(frozen=True, slots=True)
class NounPhrase:
    """A bare word/synset/marker, words joined by ``_`` (consecutive, e.g. ``NEW_&TIETYPES_RELATIONS``) or a
    ``{...}`` phrase (``braced``: modifiers of the head, not necessarily adjacent); the last term is the head."""

    terms: tuple[Term, ...]
    braced: bool = False
    written: tuple[str, ...] = field(default=(), compare=False)  # the tokens as written: ("NEW_&TIETYPES",)

    @property
    def head(self) -> Term:
        return self.terms[-1]

    @property
    def modifiers(self) -> tuple[Term, ...]:
        return self.terms[:-1]

    def __str__(self) -> str:
        if self.braced:
            return "{" + " ".join(str(t) for t in self.terms) + "}"
        return "_".join(str(t) for t in self.terms)


@dataclass(frozen=True, slots=True)
class PrepPhrase:
    """``(PREP object...)``: a preposition (a word or a synset) and zero or more noun phrases."""

    prep: Term
    objects: tuple[NounPhrase, ...] = ()

    def __str__(self) -> str:
        return "(" + " ".join([str(self.prep), *(str(o) for o in self.objects)]) + ")"


@dataclass(frozen=True, slots=True)
class Marker:
    """Where a ``$``/``+``/``%`` marker sits: ``section`` "pre" or "post" the verb; ``prep`` the preposition
    (lower case) when the marker is the object of a prepositional phrase."""

    section: str
    prep: str | None = None


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """One pattern line. ``pre``/``post`` hold the noun phrases and prepositional phrases before/after the
    verb in the order written (``pre_nouns``, ``pre_preps``, ``post_nouns``, ``post_preps`` split them);
    ``pre_adjacent``/``post_adjacent`` are words written joined to the verb (``SPY_*_DEAL``: "spy" right
    before the verb, "deal" right after it).

    ``code``/``reverse_code``: a paired code ``[042:043]`` gives ``code`` to the source->target event and
    ``reverse_code`` to the target->source event; ``[:173]`` only the reverse one. A code of None is the null
    code (``---``: no event)."""

    verb: str  # the block's name (upper case), e.g. "ACCELERATE"
    pre: tuple[NounPhrase | PrepPhrase, ...] = ()
    post: tuple[NounPhrase | PrepPhrase, ...] = ()
    pre_adjacent: tuple[str, ...] = ()
    post_adjacent: tuple[str, ...] = ()
    code: str | None = None
    reverse_code: str | None = None
    paired: bool = False
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    raw: str = field(default="", compare=False)
    comment: str = field(default="", compare=False)
    text: str = field(default="", compare=False)  # the pattern as written, without "-", code and comment
    written_code: str = field(default="", compare=False)  # the code as written: "080!", "102b", "042:043"

    @property
    def pre_nouns(self) -> tuple[NounPhrase, ...]:
        return tuple(x for x in self.pre if isinstance(x, NounPhrase))

    @property
    def pre_preps(self) -> tuple[PrepPhrase, ...]:
        return tuple(x for x in self.pre if isinstance(x, PrepPhrase))

    @property
    def post_nouns(self) -> tuple[NounPhrase, ...]:
        return tuple(x for x in self.post if isinstance(x, NounPhrase))

    @property
    def post_preps(self) -> tuple[PrepPhrase, ...]:
        return tuple(x for x in self.post if isinstance(x, PrepPhrase))

    def _find(self, kind: str) -> Marker | None:
        for section, nouns, preps in (("pre", self.pre_nouns, self.pre_preps),
                                      ("post", self.post_nouns, self.post_preps)):
            for np in nouns:
                if any(t.kind == kind for t in np.terms):
                    return Marker(section)
            for pp in preps:
                for np in pp.objects:
                    if any(t.kind == kind for t in np.terms):
                        return Marker(section, pp.prep.text)
        return None

    @property
    def source_marker(self) -> Marker | None:
        return self._find("source")

    @property
    def target_marker(self) -> Marker | None:
        return self._find("target")

    @property
    def compound_marker(self) -> Marker | None:
        return self._find("compound")

    @property
    def code_text(self) -> str:
        a = self.code or ("" if self.paired else "---")
        return f"[{a}:{self.reverse_code or ''}]" if self.paired else f"[{a}]"

    @property
    def body(self) -> str:
        """The pattern without its code: ``"* (TO &CEASEFIRE)"``."""
        star = "".join(w.upper().replace(" ", "_") + "_" for w in self.pre_adjacent) + "*" + \
            "".join("_" + w.upper().replace(" ", "_") for w in self.post_adjacent)
        return " ".join([*(str(x) for x in self.pre), star, *(str(x) for x in self.post)])

    def synsets(self) -> set[str]:
        """Names of the synsets the pattern refers to."""
        out: set[str] = set()
        for np in self.noun_phrases():
            out.update(t.text for t in np.terms if t.kind == "synset")
        for pp in (*self.pre_preps, *self.post_preps):  # a synset as the preposition
            if pp.prep.kind == "synset":
                out.add(pp.prep.text)
        return out

    def noun_phrases(self) -> Iterator[NounPhrase]:
        yield from self.pre_nouns
        yield from self.post_nouns
        for pp in (*self.pre_preps, *self.post_preps):
            yield from pp.objects

    def cite(self) -> str:
        """How an event cites the pattern: ``"AGREE: * (TO &CEASEFIRE) [0356] (CAMEO.2.0.txt:344)"``."""
        name = self.path.rsplit("/", 1)[-1]
        return f"{self.verb}: {self.body} {self.code_text} ({name}:{self.line})"


@dataclass(slots=True)
class Synset:
    """``&NAME``: a set of phrases (word tuples, lower case, regular plurals included unless suppressed).
    ``preps`` holds members written as prepositional phrases, e.g. ``+(TO THE END)``."""

    name: str
    phrases: frozenset[tuple[str, ...]] = frozenset()
    preps: tuple[tuple[str, ...], ...] = ()
    members: tuple[str, ...] = ()  # as written: "CASH_", "&TIETYPES", "(TO THE END)"
    no_plural: bool = False  # the name ended with "_": no plurals for any member
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    def __contains__(self, words: object) -> bool:
        if isinstance(words, str):
            words = tuple(fold(words).replace("_", " ").split())
        return words in self.phrases

    @property
    def heads(self) -> frozenset[str]:
        """The last word of every phrase."""
        return frozenset(p[-1] for p in self.phrases if p)


@dataclass(slots=True)
class Transformation:
    """``~ a (a b ATTACK) SAY = a b 015``: when verb SAY (source a) has a lower event (a, b, ATTACK), code
    one event (a, b, 015). Variables are letters; ``.`` = an unspecified actor, ``_`` = no actor;
    a verb ``Q`` = any verb (and a result code ``Q`` keeps the lower code)."""

    source: str
    lower_source: str
    lower_target: str
    lower_verb: str
    verb: str
    result_source: str
    result_target: str
    result_code: str
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    raw: str = field(default="", compare=False)


@dataclass(slots=True)
class VerbEntry:
    """A verb (possibly multi-word) with its forms, its code and the patterns of its block.

    ``words`` are the words of the verb (``("ask", "for")``) and ``verb_index`` says which one is the verb.
    ``code`` is the verb's own code when it has one, else its block's (None = no event on its own).
    """

    lemma: str
    words: tuple[str, ...]
    verb_index: int = 0
    forms: tuple[str, ...] = ()
    code: str | None = None
    reverse_code: str | None = None
    paired: bool = False
    block: str = ""
    patterns: list[VerbPattern] = field(default_factory=list)
    block_code: str | None = None  # the block's default code (``code`` differs when the verb has its own)
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def multiword(self) -> bool:
        return len(self.words) > 1

    @property
    def verb_word(self) -> str:
        return self.words[self.verb_index]


@dataclass(slots=True)
class VerbBlock:
    name: str
    code: str | None = None
    reverse_code: str | None = None
    paired: bool = False
    verbs: list[VerbEntry] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


def _key(text: str) -> str:
    return " ".join(fold(text).replace("_", " ").split())


class VerbDictionary:
    """Verbs, patterns, synsets and transformations.

    >>> from eventcoder.dictionaries import load_dictionaries  # doctest: +SKIP
    >>> verbs = load_dictionaries().verbs                      # doctest: +SKIP
    >>> e = verbs.lookup("said")                               # doctest: +SKIP
    >>> e.lemma, e.code, len(e.patterns)                       # doctest: +SKIP
    """

    def __init__(self, blocks: list[VerbBlock] = (), synsets: dict[str, Synset] | None = None,
                 transformations: list[Transformation] = ()):
        self.blocks: list[VerbBlock] = list(blocks)
        self.synsets: dict[str, Synset] = dict(synsets or {})
        self.transformations: list[Transformation] = list(transformations)
        self.warnings: list[tuple[str, int, str]] = []  # problems that do not stop loading
        self._base: dict[str, VerbEntry] = {}
        self._forms: dict[str, VerbEntry] = {}
        self._compounds: dict[str, list[VerbEntry]] = {}
        for b in self.blocks:
            for v in b.verbs:
                self._index(v)

    def _index(self, v: VerbEntry) -> None:
        old = self._base.get(v.lemma)
        if old is not None and old is not v:
            # the same verb in two blocks: keep one entry, later code wins, patterns are pooled
            merged = [*old.patterns, *(p for p in v.patterns if p not in old.patterns)]
            v.patterns = merged
            v.forms = tuple(dict.fromkeys((*old.forms, *v.forms)))
        self._base[v.lemma] = v
        for f in v.forms:
            self._forms[f] = v
        if v.multiword:
            for w in {v.verb_word, *(f.split()[v.verb_index] for f in v.forms
                                     if len(f.split()) == len(v.words))}:
                lst = self._compounds.setdefault(w, [])
                lst[:] = [x for x in lst if x.lemma != v.lemma]
                lst.append(v)

    def __len__(self) -> int:
        return len(self._base)

    def __iter__(self) -> Iterator[VerbEntry]:
        return iter(self._base.values())

    def lookup(self, word_or_lemma: str) -> VerbEntry | None:
        """The entry for a verb, its lemma or any inflected form, single or multi-word (case-insensitive):
        ``lookup("said")``, ``lookup("SAY")``, ``lookup("cordoned off")`` (also ``"CORDONED_OFF"``)."""
        k = _key(word_or_lemma)
        return self._base.get(k) or self._forms.get(k)

    def compounds(self, verb_word: str) -> list[VerbEntry]:
        """Multi-word verbs whose verb word is ``verb_word`` (any form): ``compounds("asked")`` -> [ASK_FOR]."""
        return list(self._compounds.get(_key(verb_word), ()))

    def synset(self, name: str) -> Synset | None:
        """A synset by name, with or without ``&`` and a trailing ``_``."""
        n = name.upper().lstrip("&").rstrip("_")
        return self.synsets.get("&" + n)

    @property
    def patterns(self) -> Iterator[VerbPattern]:
        for b in self.blocks:
            yield from b.patterns

    @property
    def pattern_count(self) -> int:
        return sum(len(b.patterns) for b in self.blocks)
