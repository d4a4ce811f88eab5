"""An indexed twin of spaCy's ``attribute_ruler``: the same rules, the same result, without the Matcher.

en_core_web_sm's ``attribute_ruler`` maps every token's fine tag to its coarse POS and morphology, plus ~120
word exceptions, by running a ``Matcher`` of 179 one- or two-token patterns over every Doc. That is about 13%
of the model's whole parse time (measured 2026-12-07), almost all of it the Matcher trying every pattern at
every token. ``IndexedAttributeRuler`` reads the same rules (``AttributeRuler.patterns``/``attrs``/``indices``),
looks the candidate patterns of a token up by its tag and lower-case form, checks only those, and writes the
winning values back with one ``Doc.to_array``/``Doc.from_array`` pair: about a tenth of the cost.

Semantics are the AttributeRuler's: every pattern is matched on the Doc as it was before any rule applied;
a match sets the attributes of the token at the rule's index; when several rules set the same attribute of a
token, the later rule (higher index) wins. ``tests/test_attribute_index.py`` checks every token attribute
against the stock component on varied text. Rules this class cannot express (operators, predicates other than
equality, IN, NOT_IN and REGEX, attributes other than those in ``_READ``) make ``from_ruler`` return None and
the stock component stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

COMPONENT = "eventcoder_attribute_index"
_READ = ("TAG", "LOWER", "DEP", "IS_SPACE")  # token attributes a pattern may test
_WRITE = ("POS", "TAG", "DEP", "LEMMA", "MORPH")  # attributes a rule may set


@dataclass(frozen=True)
class _Test:
    col: int  # column in _READ
    kind: str  # eq | in | not_in | regex
    value: Any  # a hash, a frozenset of hashes, or a compiled regex (tested on the string)


@dataclass(frozen=True)
class _Pattern:
    rule: int
    tokens: tuple[tuple[_Test, ...], ...]
    target: int  # offset of the token the rule sets, from the match start


def _tests(token: dict[str, Any], strings) -> tuple[_Test, ...] | None:
    out = []
    for key, want in token.items():
        if key not in _READ:
            return None
        col = _READ.index(key)
        if key == "IS_SPACE":
            if not isinstance(want, bool):
                return None
            out.append(_Test(col, "eq", int(want)))
        elif isinstance(want, str):
            out.append(_Test(col, "eq", strings[want]))
        elif isinstance(want, dict) and len(want) == 1:
            (op, arg), = want.items()
            if op in ("IN", "NOT_IN") and all(isinstance(x, str) for x in arg):
                out.append(_Test(col, op.lower(), frozenset(strings[x] for x in arg)))
            elif op == "REGEX" and isinstance(arg, str):
                out.append(_Test(col, "regex", re.compile(arg)))
            else:
                return None
        else:
            return None
    return tuple(out)


class IndexedAttributeRuler:
    """Callable on a Doc (a pipeline component). Build it with ``from_ruler``."""

    def __init__(self, vocab, patterns: list[_Pattern], attrs: list[dict[int, int]]):
        self.vocab = vocab
        self.attrs = attrs
        self.n_rules = len(attrs)
        # patterns indexed by the equality tests of their first token: (columns) -> {values: [patterns]}
        self.index: dict[tuple[int, ...], dict[tuple[int, ...], list[_Pattern]]] = {}
        self.scan: list[_Pattern] = []  # patterns whose first token has no equality test: tried everywhere
        for p in patterns:
            eq = [t for t in p.tokens[0] if t.kind == "eq"]
            if not eq:
                self.scan.append(p)
                continue
            cols = tuple(t.col for t in eq)
            self.index.setdefault(cols, {}).setdefault(tuple(t.value for t in eq), []).append(p)
        from spacy.attrs import IDS
        self._read_ids = [IDS[a] for a in _READ]
        self._write_ids = [IDS[a] for a in _WRITE]
        self._write_col = {IDS[a]: k for k, a in enumerate(_WRITE)}
        # read values of a token -> what the rules do to it (``_hits``): words and tags repeat, so most tokens
        # cost one dictionary lookup
        self._memo: dict[tuple[int, ...], tuple[dict[int, tuple[int, int]], tuple[_Pattern, ...]]] = {}

    @classmethod
    def from_ruler(cls, ruler) -> IndexedAttributeRuler | None:
        """The twin of a spaCy ``AttributeRuler``, or None when one of its rules cannot be expressed."""
        from spacy.attrs import IDS
        strings = ruler.vocab.strings
        writable = {IDS[a] for a in _WRITE}
        patterns: list[_Pattern] = []
        rules = ruler.patterns
        if len(rules) != len(ruler.attrs):
            return None
        attrs: list[dict[int, int]] = []
        for r, rule in enumerate(rules):
            if not set(ruler.attrs[r]) <= writable:
                return None
            attrs.append(dict(ruler.attrs[r]))
            for pat in rule["patterns"]:
                if not pat:
                    return None
                tokens = [_tests(tok, strings) for tok in pat]
                if any(t is None for t in tokens):
                    return None
                index = ruler.indices[r]
                target = index if index >= 0 else len(pat) + index
                if not 0 <= target < len(pat):
                    return None
                patterns.append(_Pattern(r, tuple(tokens), target))  # type: ignore[arg-type]
        return cls(ruler.vocab, patterns, attrs)

    def _ok(self, tests: Iterable[_Test], row: list[int]) -> bool:
        for t in tests:
            v = row[t.col]
            if t.kind == "eq":
                if v != t.value:
                    return False
            elif t.kind == "in":
                if v not in t.value:
                    return False
            elif t.kind == "not_in":
                if v in t.value:
                    return False
            elif not t.value.search(self.vocab.strings[v]):
                return False
        return True

    def _hits(self, row: tuple[int, ...]) -> tuple[dict[int, tuple[int, int]], tuple[_Pattern, ...]]:
        """What the rules do to a token with these read values, as far as its own values decide: the winning
        (rule, value) per written column from one-token patterns, and the longer patterns that start here."""
        cands = [p for cols, table in self.index.items() for p in table.get(tuple(row[c] for c in cols), ())]
        cands.extend(self.scan)
        won: dict[int, tuple[int, int]] = {}
        longer = []
        for p in cands:
            if not self._ok(p.tokens[0], row):
                continue
            if len(p.tokens) > 1:
                longer.append(p)
                continue
            for attr, value in self.attrs[p.rule].items():
                col = self._write_col[attr]
                if won.get(col, (-1, 0))[0] < p.rule:
                    won[col] = (p.rule, value)
        return won, tuple(longer)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        import numpy

        rows = doc.to_array(self._read_ids).tolist()
        memo = self._memo
        if len(memo) > 200_000:  # distinct (tag, word, dependency) rows: bounded, in case of endless vocabulary
            memo.clear()
        per_token: list[dict[int, tuple[int, int]]] = []
        extra: dict[int, dict[int, tuple[int, int]]] = {}  # token -> columns set by longer patterns
        for i, row in enumerate(rows):
            key = tuple(row)
            hit = memo.get(key)
            if hit is None:
                hit = memo[key] = self._hits(key)
            won, longer = hit
            per_token.append(won)
            for p in longer:
                if i + len(p.tokens) <= n and all(self._ok(p.tokens[k], rows[i + k]) for k in range(1, len(p.tokens))):
                    got = extra.setdefault(i + p.target, {})
                    for attr, value in self.attrs[p.rule].items():
                        col = self._write_col[attr]
                        if got.get(col, (-1, 0))[0] < p.rule:
                            got[col] = (p.rule, value)
        out = doc.to_array(self._write_ids).tolist()
        for i, won in enumerate(per_token):
            row = out[i]
            for col, (_rule, value) in won.items():
                row[col] = value
        for i, got in extra.items():
            won = per_token[i]
            for col, (rule, value) in got.items():
                if won.get(col, (-1, 0))[0] < rule:
                    out[i][col] = value
        doc.from_array(self._write_ids, numpy.array(out, dtype=numpy.uint64))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def replace_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Swap the pipeline's ``attribute_ruler`` for its indexed twin, in place (same position); False when
    it cannot be (no such component, or a rule the twin cannot express)."""
    if name not in nlp.pipe_names or IndexedAttributeRuler.from_ruler(nlp.get_pipe(name)) is None:
        return False
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT, default_config={"source": "attribute_ruler"}, func=_make)
    nlp.add_pipe(COMPONENT, before=name, config={"source": name})
    nlp.remove_pipe(name)
    return True


def _make(nlp: Language, name: str, source: str) -> IndexedAttributeRuler:
    twin = IndexedAttributeRuler.from_ruler(nlp.get_pipe(source))
    if twin is None:
        raise ValueError(f"{COMPONENT}: the rules of {source!r} cannot be indexed")
    return twin
