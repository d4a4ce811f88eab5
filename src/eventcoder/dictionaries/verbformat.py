"""Our own line format for verb dictionaries (``*.patterns``): every line stands on its own.

::

    # a synset: &NAME = members ('|'-separated); '_' joins words; a final '_' (member or name): no plurals
    &CURRENCY = money | currency | cash_ | &COINS | (to the end)

    # a verb class: its default code and its verbs (a class may take several 'verbs' lines)
    verbs PLEDGE [030] = pledge | vow {vows vowed vowing} | +sign_up {+signs_up +signed_up} [031]

    # a pattern: CLASS: pattern [CODE]  # note        (the pattern language of PETRARCH, see dictionaries.md)
    PLEDGE: * &CURRENCY [0331]   # pledge money
    PLEDGE: * (TO {NAVAL &FLEET}) $ [042:043]

    # a transformation
    ~ a (a b SAIL) PLEDGE = a b 036

Reading gives the same ``VerbDictionary`` objects as the PETRARCH reader; ``write_verbs`` writes any
``VerbDictionary`` (read -> write -> read gives equal objects).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from eventcoder.dictionaries.common import Problem, Problems, content_lines, read_lines
from eventcoder.dictionaries.petrarch_verbs import (
    TRANSFORM,
    VERB_LINE,
    PatternError,
    build_dictionary,
    parse_code,
    parse_pattern,
    regular_phrase_forms,
    verb_entry,
)
from eventcoder.dictionaries.verbs import Transformation, VerbBlock, VerbDictionary, VerbEntry, VerbPattern

_SYNSET = re.compile(r"^&(?P<name>[A-Za-z0-9_\-]+)\s*=\s*(?P<members>.*)$")
_VERBS = re.compile(r"^verbs\s+(?P<name>[A-Za-z0-9_\-]+)\s*(?:\[(?P<code>[^\]]*)\])?\s*=\s*(?P<verbs>.*)$",
                    re.I)
_PATTERN = re.compile(r"^(?P<name>[A-Za-z0-9_\-]+)\s*:\s*(?P<pattern>.*)$")


def read_verbs(path: str | Path) -> tuple[VerbDictionary, list[Problem]]:
    """Read a ``*.patterns`` file of our format; returns the dictionary and every error (with its line)."""
    spath = str(path)
    probs = Problems(path)
    lines = list(content_lines(read_lines(path)))
    raw_synsets: dict[str, tuple[list[str], bool, int]] = {}
    for n, _raw, content in lines:  # first pass: synsets, so patterns may come before them
        m = _SYNSET.match(content.strip())
        if m:
            name = "&" + m["name"].upper().rstrip("_")
            members = [" ".join(x.split()) for x in m["members"].split("|") if x.strip()]
            if not members:
                probs.add(n, f"synset {name} has no members")
            old = raw_synsets.get(name, ([], False, n))[0]
            raw_synsets[name] = (old + members, m["name"].endswith("_"), n)
    known = frozenset(raw_synsets)
    blocks: dict[str, VerbBlock] = {}
    patterns: list[tuple[str, VerbPattern]] = []
    transformations: list[Transformation] = []
    for n, raw, content in lines:
        text = content.strip()
        try:
            if _SYNSET.match(text):
                continue
            if text.startswith("~"):
                m = TRANSFORM.match(text)
                if not m:
                    raise PatternError(f"bad transformation {text!r}: use ~ a (b c VERB) VERB = a b CODE")
                transformations.append(Transformation(*m.groups(), path=spath, line=n, raw=text))
                continue
            m = _VERBS.match(text)
            if m:
                _verbs_line(m, blocks, spath, n)
                continue
            m = _PATTERN.match(raw.strip())
            if m:
                name = m["name"].upper()
                patterns.append((name, parse_pattern(m["pattern"], name, spath, n, known)))
                continue
            raise PatternError(f"cannot read {text!r}: expected &SYNSET = ..., verbs CLASS [CODE] = ..., "
                               "CLASS: pattern [CODE] or ~ transformation")
        except PatternError as e:
            probs.add(n, str(e))
    for name, p in patterns:
        block = blocks.get(name)
        if block is None:
            probs.add(p.line, f"pattern for unknown verb class {name} (add: verbs {name} [CODE] = ...)")
        else:
            block.patterns.append(p)
    verbs = build_dictionary(list(blocks.values()), raw_synsets, transformations, spath, probs)
    return verbs, sorted(probs.errors, key=lambda e: e[1])


def _verbs_line(m: re.Match[str], blocks: dict[str, VerbBlock], path: str, n: int) -> None:
    name = m["name"].upper()
    code = parse_code(m["code"]) if m["code"] is not None else None
    block = blocks.get(name)
    if block is None:
        c, r, paired = code or (None, None, False)
        block = blocks[name] = VerbBlock(name, c, r, paired, path=path, line=n)
    elif code is not None and code != (block.code, block.reverse_code, block.paired):
        raise PatternError(f"verb class {name} already has code {_code_text(block)} (line {block.line})")
    items = [x.strip() for x in m["verbs"].split("|") if x.strip()]  # none: a class without verbs
    for item in items:
        vm = VERB_LINE.match(item)
        if not vm:
            raise PatternError(f"cannot read verb {item!r}: expected verb {{forms}} [CODE]")
        block.verbs.append(verb_entry(vm, block, path, n))


# ---------------------------------------------------------------- writer

def _code_text(x: VerbBlock | VerbEntry | VerbPattern) -> str:
    if x.paired:
        return f"[{x.code or ''}:{x.reverse_code or ''}]"
    return f"[{x.code or '---'}]"


def _verb_text(v: VerbEntry, block: VerbBlock) -> str:
    def joined(words: list[str]) -> str:
        if len(words) == 1:
            return words[0]
        return "_".join(("+" + w if i == v.verb_index else w) for i, w in enumerate(words))

    text = joined(list(v.words))
    regular = set(regular_phrase_forms(v.words, v.verb_index)) - {v.lemma}
    if not v.forms:
        text += " {}"
    elif set(v.forms) != regular:  # the reader adds the regular forms to those written
        forms = [joined(f.split()) if len(f.split()) == len(v.words) else f.replace(" ", "_")
                 for f in v.forms if f not in regular]
        text += " {" + " ".join(forms) + "}"
    if (v.code, v.reverse_code, v.paired) != (block.code, block.reverse_code, block.paired):
        text += " " + _code_text(v)
    return text


def write_verbs(verbs: VerbDictionary, header: str = "") -> str:
    """The text of a ``*.patterns`` file holding ``verbs``."""
    out = [f"# {h}".rstrip() for h in header.splitlines()]
    if out:
        out.append("")
    if verbs.synsets:
        out.append("# ---- synsets")
    for s in verbs.synsets.values():
        name = s.name + ("_" if s.no_plural else "")
        out.append(f"{name} = " + " | ".join(s.members))
    names: dict[str, int] = {}
    for b in verbs.blocks:
        n = names[b.name] = names.get(b.name, 0) + 1
        name = b.name if n == 1 else f"{b.name}-{n}"  # a second block of the same name stays separate
        out.append("")
        out.append(f"# ---- {name}")
        chunks = list(_chunks([_verb_text(v, b) for v in b.verbs], 6)) or [[]]
        for chunk in chunks:
            out.append(f"verbs {name} {_code_text(b)} = " + " | ".join(chunk))
        for p in b.patterns:
            line = f"{name}: {p.body} {_code_text(p)}"
            out.append(line + (f"  # {p.comment}" if p.comment else ""))
    if verbs.transformations:
        out.append("")
        out.append("# ---- transformations")
    for t in verbs.transformations:
        out.append(f"~ {t.source} ({t.lower_source} {t.lower_target} {t.lower_verb}) {t.verb} = "
                   f"{t.result_source} {t.result_target} {t.result_code}")
    return "\n".join(out) + "\n"


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
