"""Reader for PETRARCH verb dictionaries (``CAMEO.2.0.txt``, ``PETR*verbs*``).

Layout of the file:

* synsets: ``&NAME`` then ``+phrase`` lines (``_`` joins words; a final ``_`` on the phrase or on the name
  suppresses plurals; ``+&OTHER`` includes another synset; ``+(PREP ...)`` a prepositional member);
* verb blocks: ``--- NAME [CODE] ---`` then verb lines ``VERB {FORMS} [CODE]`` (``+ASK_FOR``, ``WIRE_+TAP``
  for multi-word verbs, ``+`` marking the verb word) and pattern lines
  ``- pre-nouns (pre-preps) * post-nouns (post-preps) [CODE] # comment``;
* transformations: ``~ a (a b VERB) VERB = a b CODE``.
"""

from __future__ import annotations

import re
from pathlib import Path

from eventcoder.dictionaries.common import (
    NULL_CODES,
    Problem,
    Problems,
    content_lines,
    fold,
    plural,
    read_lines,
)
from eventcoder.dictionaries.verbs import (
    MARKER_KINDS,
    NounPhrase,
    PrepPhrase,
    Synset,
    Term,
    Transformation,
    VerbBlock,
    VerbDictionary,
    VerbEntry,
    VerbPattern,
)

_BLOCK = re.compile(r"^---\s*(?P<name>[^\[\]]*?)\s*(?:\[(?P<code>[^\]]*)\])?(?:\s*\[[^\]]*\])*\s*(?:---\s*)*$")
VERB_LINE = re.compile(r"^(?P<verb>[^\s\[\]{}]+(?: [^\s\[\]{}]+)*)\s*(?:\{(?P<forms>[^{}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
_SYNSET = re.compile(r"^&(?P<name>[A-Za-z0-9_\-]+)\s*$")
TRANSFORM = re.compile(r"^~\s*(\S+)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s*$")
_CODE_PART = re.compile(r"^[0-9A-Za-z#+\-]*$")
_CVC = re.compile(r"^[^aeiou]{1,2}[aeiou][b-df-hj-np-tvz]$")
_PATTERN_CODE = re.compile(r"\[(?P<code>[^\[\]]*)\]\s*$")


class PatternError(ValueError):
    pass


def parse_code(text: str) -> tuple[str | None, str | None, bool]:
    """``"042:043"`` -> ("042", "043", True); ``"---"`` -> (None, None, False); ``":173"`` -> (None, "173", True)."""
    t = text.strip().rstrip("?!")  # "025?" / "080!": a coder's doubt, the code stands
    parts = t.split(":")
    if len(parts) > 2 or not all(_CODE_PART.match(p.strip()) for p in parts):
        raise PatternError(f"bad code [{t}]: use [CODE] or [CODE:CODE]")
    if len(parts) == 1:
        if not t:
            raise PatternError("empty code []")
        return (None if t in NULL_CODES else t.upper()), None, False
    a, b = (p.strip().upper() for p in parts)
    if not a and not b:
        raise PatternError(f"empty paired code [{t}]")
    return (None if a in NULL_CODES else a), (None if b in NULL_CODES else b), True


def _term(token: str) -> Term:
    if token in MARKER_KINDS:
        return Term(MARKER_KINDS[token], token)
    if token.startswith("&"):
        name = token.upper().rstrip("_")
        if len(name) < 2:
            raise PatternError(f"empty synset name {token!r}")
        return Term("synset", name)
    if any(c in token for c in "$%^&*"):
        raise PatternError(f"bad word {token!r} in pattern")
    words = " ".join(fold(token).replace("_", " ").split())
    if not words:
        raise PatternError(f"bad word {token!r} in pattern")
    return Term("word", words)


def _split_tokens(text: str) -> list[str]:
    """Split into ``{...}``, ``(...)`` groups and plain tokens (``*``, ``SPY_*_DEAL`` included); raise on
    unbalanced brackets."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "{(":
            close = "}" if c == "{" else ")"
            depth, j = 0, i
            while j < n:
                if text[j] in "{(":
                    depth += 1
                elif text[j] in "})":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n or text[j] != close:
                raise PatternError(f"unbalanced {c!r} in pattern")
            out.append(text[i:j + 1])
            i = j + 1
        elif c in "})":
            raise PatternError(f"unbalanced {c!r} in pattern")
        elif c in "[]":
            raise PatternError(f"unexpected {c!r} in pattern (the code must come last)")
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "{}()[]":
                j += 1
            out.append(text[i:j])
            i = j
    return out


def _terms(token: str, synsets: frozenset[str] | None) -> list[Term]:
    """Terms of one token. ``NEW_&TIETYPES_RELATIONS`` gives three terms; ``&NEGSYN_WANT`` gives the synset
    and a word when ``&NEGSYN`` is a known synset and ``&NEGSYN_WANT`` is not."""
    if "_&" in token:
        head, _, rest = token.partition("_&")
        return [*(_terms(head, synsets) if head else []), *_terms("&" + rest, synsets)]
    if token.startswith("&") and "_" in token.rstrip("_") and synsets is not None:
        name = token.upper().rstrip("_")
        if name not in synsets:
            parts = name.split("_")
            for i in range(len(parts) - 1, 0, -1):
                if "_".join(parts[:i]) in synsets:
                    return [Term("synset", "_".join(parts[:i])), _term("_".join(parts[i:]))]
    return [_term(token)]


def _noun(token: str, synsets: frozenset[str] | None = None) -> NounPhrase:
    if token.startswith("{"):
        inner = token[1:-1].split()
        if not inner:
            raise PatternError("empty {} noun phrase")
        if any(t[0] in "{(" for t in inner):
            raise PatternError(f"nested brackets in {token}")
        return NounPhrase(tuple(t for tok in inner for t in _terms(tok, synsets)), braced=True,
                          written=tuple(inner))
    if token.startswith("("):
        raise PatternError(f"prepositional phrase {token} inside a noun phrase")
    return NounPhrase(tuple(_terms(token, synsets)), written=(token,))


def _prep(token: str, synsets: frozenset[str] | None = None) -> PrepPhrase:
    inner = _split_tokens(token[1:-1])
    if not inner:
        raise PatternError("empty () prepositional phrase")
    if inner[0][0] in "{(*":
        raise PatternError(f"{token} must start with a preposition")
    if any("*" in t for t in inner):
        raise PatternError(f"'*' inside {token}")
    prep = _term(inner[0])
    if prep.kind not in ("word", "synset"):
        raise PatternError(f"{token} must start with a preposition")
    return PrepPhrase(prep, tuple(_noun(t, synsets) for t in inner[1:]))


def parse_pattern(line: str, verb: str = "", path: str = "", line_no: int = 0,
                  synsets: frozenset[str] | None = None) -> VerbPattern:
    """Parse a pattern line ``- ... * ... [CODE] # comment``; raises PatternError (a ValueError).

    ``synsets`` (known names, ``&NAME``) lets ``&NAME_WORD`` be read as the synset followed by a word."""
    raw = line.rstrip()
    text = raw.strip()
    comment = ""
    depth = 0
    for i, c in enumerate(text):  # split off the comment: '#' outside [...]
        depth += (c == "[") - (c == "]")
        if c == "#" and depth <= 0:
            comment = text[i + 1:].strip()
            text = text[:i].rstrip()
            break
    if text.startswith("-"):
        text = text[1:]
    m = _PATTERN_CODE.search(text)
    if not m:
        raise PatternError("pattern has no [CODE] at its end")
    code, rev, paired = parse_code(m["code"])
    body = text[:m.start()]
    tokens = _split_tokens(body)
    stars = [t for t in tokens if t == "*" or "*" in t and t[0] not in "{("]
    if len(stars) != 1:
        raise PatternError("pattern needs exactly one '*' (the verb)" if not stars
                           else "pattern has more than one '*'")
    parts: dict[str, list[NounPhrase | PrepPhrase]] = {"pre": [], "post": []}
    adjacent: dict[str, tuple[str, ...]] = {"pre": (), "post": ()}
    section = "pre"
    for tok in tokens:
        if tok is stars[0]:
            left, _, right = tok.partition("*")
            if "*" in right:
                raise PatternError("pattern has more than one '*'")
            adjacent["pre"] = tuple(_term(w).text for w in left.split("_") if w)
            adjacent["post"] = tuple(_term(w).text for w in right.split("_") if w)
            section = "post"
        elif tok.startswith("("):
            parts[section].append(_prep(tok, synsets))
        else:
            parts[section].append(_noun(tok, synsets))
    return VerbPattern(verb, tuple(parts["pre"]), tuple(parts["post"]), adjacent["pre"], adjacent["post"],
                       code, rev, paired, path, line_no, raw.strip(), comment, " ".join(body.split()),
                       m["code"].strip())


# ---------------------------------------------------------------- verb forms

def regular_forms(verb: str) -> list[str]:
    """3rd person singular, past and gerund of a regular verb (lower case).

    >>> regular_forms("agree"), regular_forms("deny"), regular_forms("ask"), regular_forms("ban")
    (['agrees', 'agreed', 'agreeing'], ['denies', 'denied', 'denying'], ['asks', 'asked', 'asking'], \
['bans', 'banned', 'banning'])
    """
    v = verb.lower()
    s = plural(v)
    if _CVC.match(v):  # short consonant-vowel-consonant verbs double: tap -> tapped, tapping
        return [s, v + v[-1] + "ed", v + v[-1] + "ing"]
    if v.endswith("e"):
        past = v + "d"
        ing = v + "ing" if v.endswith(("ee", "ye", "oe")) else (v[:-2] + "ying" if v.endswith("ie")
                                                               else v[:-1] + "ing")
    elif v.endswith("y") and len(v) > 1 and v[-2] not in "aeiou":
        past, ing = v[:-1] + "ied", v + "ing"
    else:
        past, ing = v + "ed", v + "ing"
    return [s, past, ing]


def regular_phrase_forms(words: tuple[str, ...], idx: int) -> list[str]:
    """Regular forms of a (multi-word) verb, the verb word ``words[idx]`` inflected: "signs up", ..."""
    return [" ".join((*words[:idx], f, *words[idx + 1:])) for f in regular_forms(words[idx])]


def _verb_words(token: str) -> tuple[tuple[str, ...], int]:
    """``"WIRE_+TAP"`` -> (("wire", "tap"), 1); ``"+ASK_FOR"`` -> (("ask", "for"), 0); ``"SAY"`` -> (("say",), 0)."""
    parts = [p for p in token.split("_") if p]
    idx = 0
    words = []
    for i, p in enumerate(parts):
        if p.startswith("+"):
            idx = i
            p = p[1:]
        words.append(fold(p))
    if not words or not all(words):
        raise PatternError(f"bad verb {token!r}")
    return tuple(words), idx


def verb_entry(m: re.Match[str], block: VerbBlock, path: str, n: int) -> VerbEntry:
    """A VerbEntry from a match of ``VERB_LINE`` (``VERB {FORMS} [CODE]``) in ``block``."""
    token = m["verb"]
    token = token.replace(" ", "_")  # "LASH OUT": words without '+' -> the first word is the verb
    words, idx = _verb_words(token)
    forms: list[str] = []
    if m["forms"] is not None:
        for f in m["forms"].split():
            fw, _fi = _verb_words(f)
            forms.append(" ".join(fw))
    if m["forms"] is None or m["forms"].strip():
        forms.extend(regular_phrase_forms(words, idx))
    lemma = " ".join(words)
    forms = sorted({f for f in forms if f != lemma})
    if m["code"] is not None:
        code, rev, paired = parse_code(m["code"])
    else:
        code, rev, paired = block.code, block.reverse_code, block.paired
    return VerbEntry(lemma, words, idx, tuple(forms), code, rev, paired, block.name, block.patterns,
                     block_code=block.code, path=path, line=n)


# ---------------------------------------------------------------- synsets

def _synset_member(text: str, no_plural: bool) -> list[tuple[str, ...]]:
    stop = no_plural or text.endswith("_")
    words = tuple(fold(text.rstrip("_")).replace("_", " ").split())
    if not words:
        return []
    out = [words]
    if not stop:
        out.append((*words[:-1], plural(words[-1])))
    return out


def resolve_synsets(raw: dict[str, tuple[list[str], bool, int]], path: str,
                    probs: Problems) -> dict[str, Synset]:
    """Build synsets from ``name -> (members as written, no_plural, line)``: plurals added, ``+&OTHER``
    members expanded (errors for undefined or circular ones)."""
    done: dict[str, Synset] = {}

    def resolve(name: str, stack: tuple[str, ...]) -> Synset | None:
        if name in done:
            return done[name]
        if name not in raw:
            return None
        members, no_plural, line = raw[name]
        phrases: set[tuple[str, ...]] = set()
        preps: list[tuple[str, ...]] = []
        for member in members:
            if member.startswith("&"):
                ref = member.upper().rstrip("_")
                if ref in stack:
                    probs.add(line, f"synset {name} includes itself through {ref}")
                    continue
                sub = resolve(ref, (*stack, ref))
                if sub is None:
                    probs.add(line, f"synset {name} includes undefined synset {ref}")
                    continue
                phrases.update(sub.phrases)
                preps.extend(sub.preps)
            elif member.startswith("("):
                if not member.endswith(")"):
                    probs.add(line, f"synset {name}: unbalanced '(' in +{member}")
                    continue
                preps.append(tuple(fold(member[1:-1]).replace("_", " ").split()))
            else:
                phrases.update(_synset_member(member, no_plural))
        members = [m.upper() if m.startswith("&") else fold(m) for m in members]
        s = Synset(name, frozenset(phrases), tuple(preps), tuple(members), no_plural, path, line)
        done[name] = s
        return s

    for name in raw:
        resolve(name, (name,))
    return done


# ---------------------------------------------------------------- the file

def read_petrarch_verbs(path: str | Path) -> tuple[VerbDictionary, list[Problem]]:
    """Read a PETRARCH verb dictionary; returns the dictionary and every error found.

    A pattern that uses an undefined synset is dropped (as PETRARCH does) and reported in
    ``VerbDictionary.warnings``, not as an error."""
    spath = str(path)
    probs = Problems(path)
    raw_synsets: dict[str, tuple[list[str], bool, int]] = {}
    blocks: list[VerbBlock] = []
    transformations: list[Transformation] = []
    synset: str | None = None
    block: VerbBlock | None = None
    for n, raw, content in content_lines(read_lines(path), "#;"):
        text = content.strip()
        try:
            if text.startswith("---"):
                m = _BLOCK.match(text)
                if not m or not m["name"]:
                    raise PatternError(f"bad block header {text!r}: use --- NAME [CODE] ---")
                code, rev, paired = parse_code(m["code"]) if m["code"] is not None else (None, None, False)
                block = VerbBlock("_".join(m["name"].upper().split()), code, rev, paired, path=spath, line=n)
                blocks.append(block)
                synset = None
            elif text.startswith("&"):
                m = _SYNSET.match(text)
                if not m:
                    raise PatternError(f"bad synset name {text!r}: use &NAME")
                name = "&" + m["name"].upper().rstrip("_")
                members = raw_synsets[name][0] if name in raw_synsets else []  # a repeated name adds
                raw_synsets[name] = (members, m["name"].endswith("_"), n)
                synset, block = name, None
            elif text.startswith("~"):
                m = TRANSFORM.match(text)
                if not m:
                    raise PatternError(f"bad transformation {text!r}: use ~ a (b c VERB) VERB = a b CODE")
                transformations.append(Transformation(*m.groups(), path=spath, line=n, raw=text))
            elif text.startswith(("-", "*")):  # '*' alone: a pattern whose '-' was forgotten
                if block is None:
                    raise PatternError("pattern outside a verb block (--- NAME [CODE] ---)")
                block.patterns.append(parse_pattern(raw if text.startswith("-") else text, block.name, spath, n,
                                                    frozenset(raw_synsets)))
            elif synset is not None:
                if not text.startswith("+") or len(text) < 2:
                    raise PatternError(f"synset member {text!r} must start with '+'")
                raw_synsets[synset][0].append(" ".join(text[1:].split()))
            elif block is not None:
                m = VERB_LINE.match(text)
                if not m:
                    raise PatternError(f"cannot read verb line {text!r}: expected VERB {{FORMS}} [CODE]")
                block.verbs.append(verb_entry(m, block, spath, n))
            else:
                raise PatternError(f"line {text!r} is outside any synset or verb block")
        except PatternError as e:
            probs.add(n, str(e))
    return build_dictionary(blocks, raw_synsets, transformations, spath, probs), probs.errors


def build_dictionary(blocks: list[VerbBlock], raw_synsets: dict[str, tuple[list[str], bool, int]],
                     transformations: list[Transformation], path: str, probs: Problems) -> VerbDictionary:
    """Resolve synsets, drop (with a warning) patterns that use an undefined synset, index the verbs."""
    synsets = resolve_synsets(raw_synsets, path, probs)
    warnings: list[Problem] = []
    for b in blocks:
        kept = []
        for p in b.patterns:
            missing = sorted(s for s in p.synsets() if s not in synsets)
            if missing:
                warnings.append((path, p.line, f"pattern ignored: undefined synset {missing[0]}"))
            else:
                kept.append(p)
        b.patterns[:] = kept
    verbs = VerbDictionary(blocks, synsets, transformations)
    verbs.warnings = warnings
    return verbs
