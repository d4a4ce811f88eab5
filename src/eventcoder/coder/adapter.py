"""Build the coder's ``VerbLexicon`` from the dictionaries package's ``VerbDictionary`` (or from files).

The verb dictionary keeps each pattern's raw line and its synsets; the coder compiles those into its own
matching structures once per dictionary object (cached).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventcoder.coder.lexicon import VerbEntry, VerbLexicon, verb_forms
from eventcoder.coder.petrarch_verbs import _Compiler, compile_verb_files

_CACHE: dict[int, tuple[Any, VerbLexicon]] = {}


def _code(code: str | None, reverse: str | None, paired: bool) -> str:
    if paired:
        return f"{code or ''}:{reverse or ''}"
    return code or "---"


def lexicon_from(verbs: Any) -> VerbLexicon:
    """A ``VerbLexicon`` for a ``VerbDictionary``, a ``VerbLexicon``, or a path (or list of paths) to verb files."""
    if isinstance(verbs, VerbLexicon):
        return verbs
    if isinstance(verbs, (str, Path)):
        return compile_verb_files([verbs])[0]
    if isinstance(verbs, (list, tuple)):
        return compile_verb_files(list(verbs))[0]
    hit = _CACHE.get(id(verbs))
    if hit is not None and hit[0] is verbs:
        return hit[1]
    lex = _convert(verbs)
    _CACHE[id(verbs)] = (verbs, lex)
    return lex


def _convert(vd: Any) -> VerbLexicon:
    c = _Compiler()
    for name, syn in getattr(vd, "synsets", {}).items():
        phrases = [tuple(w.upper() for w in p) for p in sorted(syn.phrases)]
        key = "&" + name.lstrip("&").upper()
        c.synsets[key] = phrases
        c.synsets[key.rstrip("_")] = phrases
        c.synsets[key.rstrip("_") + "_"] = phrases
    for block in getattr(vd, "blocks", []):
        pats = []
        for p in block.patterns:
            raw = (p.raw or "").split("#", 1)[0].strip()
            if not raw:
                continue
            got = c.pattern(raw, block.name, p.path, p.line)
            if got is not None:
                pats.append(got)
        for v in block.verbs:
            words = tuple(w.upper() for w in v.words)
            vi = v.verb_index
            e = VerbEntry(words[vi], block.name, _code(v.code, v.reverse_code, v.paired), words[vi + 1:], words[:vi],
                          patterns=list(pats), path=v.path, line=v.line)
            forms = set(verb_forms(words[vi]))
            n = len(words)
            for f in v.forms:
                parts = f.split()
                if len(parts) == n:
                    forms.add(parts[vi].lower())
                elif n == 1:
                    forms.add(f.lower())
            for f in forms:
                c.lex.add_form(f, e)
            c.lex.entries.append(e)
    for path in {p.path for e in c.lex.entries for p in e.patterns}:
        c.settle_style(path)
    return c.lex
