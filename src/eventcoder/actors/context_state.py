"""Per-article working state shared by the context resolvers: mentions, sentence lookup, helpers."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventcoder.actors.context_base import Actor, ActorBase, normalise
from eventcoder.actors.context_tables import Tables
from eventcoder.actors.tokens import Tokens, tokens_of
from eventcoder.model import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
CODE_SECTOR_LEN = 3  # a country code is the first three letters of a code
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})  # entity types of places


@dataclass
class Context:
    """What the resolvers read and change for one article."""

    doc: Doc
    mentions: list[Mention]
    base: ActorBase
    tables: Tables
    date: dt.date | None
    notes: list[dict] = field(default_factory=list)
    _sent_of: list[int] = field(default_factory=list)
    _sent_start: list[int] = field(default_factory=list)  # per token: start of its sentence
    _sent_end: list[int] = field(default_factory=list)  # per token: end of its sentence
    _char_start: list[int] = field(default_factory=list)
    _char_end: list[int] = field(default_factory=list)
    _keys: dict[tuple[int, int], str] = field(default_factory=dict)
    text_hint: str | None = None  # the article text the doc was parsed from (saves joining the tokens)
    memo: dict = field(default_factory=dict)  # per-article caches of pure functions of the parse
    _text: str = ""
    texts: list[str] = field(default_factory=list)  # per token: its text (``doc[i].text``)
    lower_ids: list[int] = field(default_factory=list)  # per token: hash of ``doc[i].lower_``
    ent_type_ids: list[int] = field(default_factory=list)  # per token: hash of ``doc[i].ent_type_`` (0: none)
    _lemma_keys: dict[tuple[int, int], str] = field(default_factory=dict)
    tk: Tokens = field(init=False)  # the Doc's token tables, shared with the ``actors`` stage
    person_id: int = field(init=False)  # the ``ent_type_ids`` value of PERSON
    place_ent_ids: frozenset[int] = field(init=False)  # the ``ent_type_ids`` values of PLACE_ENTS

    def __post_init__(self) -> None:
        self.tk = tk = tokens_of(self.doc, self.text_hint)
        self._sent_of = tk.sent_of
        self._sent_start = tk.sent_start
        self._sent_end = tk.sent_end
        self._char_start = tk.start_char
        self._char_end = tk.end_char
        self.lower_ids = list(tk.lower_id)
        self.ent_type_ids = list(tk.ent_type_id)
        self._text = tk.doc_text
        self.texts = list(tk.text)
        strings = self.doc.vocab.strings
        self.person_id = strings["PERSON"]
        self.place_ent_ids = frozenset(strings[e] for e in PLACE_ENTS)

    # -- per-document indexes (computed once; cheaper than spaCy Span objects in inner loops) ------------
    def sent_start(self, i: int) -> int:
        """Start token of the sentence of token ``i`` (``doc[i].sent.start``)."""
        return self._sent_start[i]

    def sent_end(self, i: int) -> int:
        """End token of the sentence of token ``i`` (``doc[i].sent.end``)."""
        return self._sent_end[i]

    @functools.cached_property
    def capitalised(self) -> list[int]:
        """The tokens whose first character is upper case (where a demonym, title or capital can start)."""
        return [i for i, w in enumerate(self.texts) if w[:1].isupper()]

    def lower(self, i: int) -> str:
        """``doc[i].lower_`` (from the per-token ids: no Token object)."""
        return self.doc.vocab.strings[self.lower_ids[i]]

    def text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` for ``0 <= start`` (``end`` is clipped to the document)."""
        end = min(end, len(self._char_end))
        if start >= end:
            return ""
        return self._text[self._char_start[start]:self._char_end[end - 1]]

    def key(self, start: int, end: int) -> str:
        """``normalise(doc[start:end].text)``, cached per article."""
        k = (start, end)
        v = self._keys.get(k)
        if v is None:
            v = self._keys[k] = normalise(self.text(start, end))
        return v

    def lemma_key(self, start: int, end: int) -> str:
        """The normalised words ``start..end`` with the last one lemmatised ("foreign ministers" ->
        "foreign minister"), cached per article; ``start < end <= len(doc)``."""
        k = (start, end)
        v = self._lemma_keys.get(k)
        if v is None:
            doc = self.doc
            words = [doc[x].text for x in range(start, end - 1)]
            words.append(doc[end - 1].lemma_)
            v = self._lemma_keys[k] = normalise(" ".join(words))
        return v

    # -- lookup -----------------------------------------------------------------------------------
    def sent_index(self, i: int) -> int:
        return self._sent_of[i]

    def overlapping(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start < end and start < m.end]

    def inside(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def covering(self, i: int) -> list[Mention]:
        return [m for m in self.mentions if m.start <= i < m.end]

    def actor_of(self, m: Mention) -> Actor | None:
        """The actor-base entry of a mention (by its dictionary entry, then by its words)."""
        for key in (m.entry, m.text):
            if key:
                a = self.base.lookup(key)
                if a is not None:
                    return a
        return None

    def is_person(self, m: Mention) -> bool:
        a = self.actor_of(m)
        if a is not None:
            return a.type == "person"
        if m.kind in ("role", "description"):
            head = self.doc[m.head] if m.head is not None else self.doc[m.end - 1]
            rw = self.tables.roles.get(normalise(head.text))
            if head.ent_type_ == "PERSON":
                return True
            return bool(rw and rw.person and head.tag_ not in ("NNS", "NNPS"))
        if m.kind in ("pronoun",):
            return normalise(m.text) in self.tables.pronouns and \
                self.tables.pronouns[normalise(m.text)] == "person"
        return self.doc[m.end - 1].ent_type_ == "PERSON"

    def is_female(self, m: Mention) -> bool | None:
        """True/False when the actor base knows, None otherwise."""
        a = self.actor_of(m)
        if a is None or a.type != "person":
            return None
        return normalise(a.name) in self.tables.female

    def identity(self, m: Mention) -> str:
        a = self.actor_of(m)
        return f"entry:{normalise(a.name)}" if a is not None else f"code:{m.code}:{normalise(m.text)}"

    # -- changes ----------------------------------------------------------------------------------
    def make(self, start: int, end: int, code: str | None, kind: str, entry: str | None = None,
             role: str | None = None, head: int | None = None, text: str | None = None) -> Mention:
        tk = self.tk  # ``doc[start:end]``'s text, characters and root, without making the Span
        return Mention(text=text or tk.span_text(start, end), code=code, start=start, end=end,
                       span=(tk.start_char[start], tk.end_char[end - 1]), sentence_index=self.sent_index(start),
                       kind=kind, entry=entry, head=head if head is not None else tk.root(start, end), role=role)

    def add(self, m: Mention, why: str) -> Mention:
        self.mentions.append(m)
        self.notes.append({"action": "add", "text": m.text, "code": m.code, "kind": m.kind, "why": why})
        return m

    def remove(self, ms: Iterable[Mention], why: str) -> None:
        gone = {id(m) for m in ms}
        for m in self.mentions:
            if id(m) in gone:
                self.notes.append({"action": "remove", "text": m.text, "code": m.code, "why": why})
        self.mentions[:] = [m for m in self.mentions if id(m) not in gone]

    def recode(self, m: Mention, code: str | None, why: str, **fields) -> None:
        old = m.code
        m.code = code
        for k, v in fields.items():
            setattr(m, k, v)
        self.notes.append({"action": "recode", "text": m.text, "from": old, "to": code, "why": why})

    def sort(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, m.end))


def country_of(code: str | None) -> str | None:
    """The three-letter country part of a code such as ``RUSGOV`` (None for IGO/NGO-style codes)."""
    if not code or len(code) < CODE_SECTOR_LEN or code.startswith(("IGO", "NGO", "IMG", "MNC", "INT")):
        return None
    head = code[:CODE_SECTOR_LEN]
    return head if head.isalpha() and head.isupper() else None


def clause_subject(tok: Token) -> bool:
    """Is the token (or the head of its conjunction) the subject of a clause?"""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t.dep_ in SUBJECT_DEPS
