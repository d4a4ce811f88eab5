"""Build the coder's ``VerbLexicon`` from the dictionaries package's ``VerbDictionary``.

There is one reader of verb dictionaries (``eventcoder.dictionaries``: PETRARCH verb files and our
``*.patterns`` files). This module only *compiles* its structured objects (``VerbBlock``, ``VerbEntry``,
``VerbPattern``, ``Synset``) into the coder's matching structures (``eventcoder.coder.lexicon``), once per
dictionary object (cached):

* a noun phrase becomes a ``Noun`` whose alternatives expand every synset to its phrases;
* a prepositional phrase becomes a ``Prep`` (its objects joined into one ``Noun``, a ``$``/``+``/``^``
  object becomes the ``Prep``'s marker);
* a lone ``$``/``+``/``%``/``^`` becomes a ``Marker``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventcoder.coder.lexicon import Element, Marker, Noun, Pattern, Prep, VerbEntry, VerbLexicon, verb_forms
from eventcoder.dictionaries.verbs import NounPhrase, PrepPhrase, Term, VerbDictionary, VerbPattern

_CACHE: dict[int, tuple[Any, VerbLexicon]] = {}
_MARKER_TEXT = {"source": "$", "target": "+", "compound": "%", "skip": "^"}

Alts = list[tuple[str, ...]]


def lexicon_from(verbs: Any) -> VerbLexicon:
    """A ``VerbLexicon`` for a ``VerbDictionary``, a ``VerbLexicon``, or a path (or list of paths) to verb
    files (read by :func:`eventcoder.dictionaries.load_verbs`; errors raise ``DictionaryError``)."""
    if isinstance(verbs, VerbLexicon):
        return verbs
    if isinstance(verbs, (str, Path, list, tuple)):
        return compile_lexicon(_read(verbs))
    hit = _CACHE.get(id(verbs))
    if hit is not None and hit[0] is verbs:
        return hit[1]
    lex = compile_lexicon(verbs)
    _CACHE[id(verbs)] = (verbs, lex)
    return lex


def _read(paths: str | Path | list[Any] | tuple[Any, ...]) -> VerbDictionary:
    from eventcoder.dictionaries import load_verbs

    return load_verbs([paths] if isinstance(paths, (str, Path)) else list(paths))


def _code(code: str | None, reverse: str | None, paired: bool) -> str:
    if paired:
        return f"{code or ''}:{reverse or ''}"
    return code or "---"


class _Compiler:
    """Compiles one ``VerbDictionary``; ``synsets`` maps ``&NAME`` to its phrases (upper case, sorted)."""

    def __init__(self, vd: VerbDictionary) -> None:
        self.vd = vd
        self.lex = VerbLexicon()
        self.synsets: dict[str, Alts] = {
            "&" + name.lstrip("&").upper(): [tuple(w.upper() for w in p) for p in sorted(syn.phrases)]
            for name, syn in vd.synsets.items()
        }

    def term_alts(self, t: Term) -> Alts | None:
        if t.kind == "synset":
            return self.synsets.get(t.text.upper())
        return [tuple(w.upper() for w in t.text.split())]

    def noun(self, terms: list[Term], braced: bool, label: str) -> Noun | None:
        """Alternatives of consecutive terms: every combination of their phrases, in order."""
        alts: Alts = [()]
        for t in terms:
            got = self.term_alts(t)
            if got is None:
                return None
            alts = [a + g for a in alts for g in got]
        alts = [a for a in alts if a]
        if not alts:
            return None
        return Noun(tuple(alts), braced=braced, label=label)

    def prep(self, pp: PrepPhrase) -> Prep | None:
        prep = str(pp.prep)
        words = [o for o in pp.objects if not _is_marker(o)]
        markers = [o.terms[0].text for o in pp.objects if _is_marker(o)]
        if not pp.objects:
            return Prep(prep)
        if not words:
            if markers == ["$"] or markers == ["+"]:
                return Prep(prep, marker=markers[0])
            if set(markers) == {"^"}:
                return Prep(prep, marker="^")  # the preposition's object is skipped
        marker = next((m for m in markers if m in ("$", "+")), None)
        if not words:
            return Prep(prep, None, marker)
        braced = any(o.braced for o in words) or sum(len(_written(o)) for o in words) > 1
        label = " ".join(w for o in words for w in _written(o)).upper()
        noun = self.noun([t for o in words for t in o.terms], braced, label)
        return None if noun is None else Prep(prep, noun, marker)

    def elements(self, items: tuple[NounPhrase | PrepPhrase, ...]) -> list[Element] | None:
        out: list[Element] = []
        for x in items:
            if isinstance(x, PrepPhrase):
                el: Element | None = self.prep(x)
            elif _is_marker(x):
                el = Marker(x.terms[0].text)
            else:
                label = (" " if x.braced else "_").join(_written(x)).upper()
                el = self.noun(list(x.terms), x.braced, label)
            if el is None:
                return None
            out.append(el)
        return out

    def pattern(self, p: VerbPattern, block: str) -> Pattern | None:
        pre, post = self.elements(p.pre), self.elements(p.post)
        if pre is None or post is None:
            return None
        ordered = not any(isinstance(x, PrepPhrase) or x.braced for x in (*p.pre, *p.post))
        return Pattern(tuple(pre), tuple(post), p.written_code or _code(p.code, p.reverse_code, p.paired),
                       p.text or p.body, p.path, p.line, block, ordered,
                       tuple(w.upper() for a in p.pre_adjacent for w in a.split()),
                       tuple(w.upper() for a in p.post_adjacent for w in a.split()))

    def compile(self) -> VerbLexicon:
        for block in self.vd.blocks:
            pats = [got for p in block.patterns if (got := self.pattern(p, block.name)) is not None]
            for v in block.verbs:
                words = tuple(w.upper() for w in v.words)
                vi = v.verb_index
                e = VerbEntry(words[vi], block.name, _code(v.code, v.reverse_code, v.paired), words[vi + 1:],
                              words[:vi], patterns=list(pats), path=v.path, line=v.line)
                forms = set(verb_forms(words[vi]))
                n = len(words)
                for f in v.forms:
                    parts = f.split()
                    if len(parts) == n:
                        forms.add(parts[vi].lower())
                    elif n == 1:
                        forms.add(f.lower())
                for f in forms:
                    self.lex.add_form(f, e)
                self.lex.entries.append(e)
        self._settle_style()
        return self.lex

    def _settle_style(self) -> None:
        """A file that uses ``(...)`` or ``{...}`` anywhere is in the PETRARCH2 style: its plain patterns
        ("RECENTLY *") name nouns, not a surface sequence. Files without them are TABARI-style sequences."""
        by_path: dict[str, dict[int, Pattern]] = {}
        for e in self.lex.entries:
            for p in e.patterns:
                by_path.setdefault(p.path, {})[id(p)] = p
        for pats in by_path.values():
            if any(not p.ordered for p in pats.values()):
                for p in pats.values():
                    p.ordered = False


def _written(x: NounPhrase) -> tuple[str, ...]:
    """The tokens of a noun phrase as written (rebuilt from its terms for phrases made in code)."""
    if x.written:
        return x.written
    return tuple(str(t) for t in x.terms) if x.braced else ("_".join(str(t) for t in x.terms),)


def _is_marker(x: NounPhrase) -> bool:
    return len(x.terms) == 1 and x.terms[0].kind in _MARKER_TEXT


def compile_lexicon(vd: VerbDictionary) -> VerbLexicon:
    """The coder's ``VerbLexicon`` for a ``VerbDictionary`` (not cached; see :func:`lexicon_from`)."""
    return _Compiler(vd).compile()
