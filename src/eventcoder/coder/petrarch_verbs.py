"""Compile a PETRARCH-format verb dictionary (synsets, verb blocks, patterns) into a ``VerbLexicon``.

Used as the coder's adapter: it reads the verb file(s) a ``VerbDictionary`` came from, or a path directly.
Problems are collected as ``(path, line, message)``; bad patterns are skipped, never guessed.
"""

from __future__ import annotations

import re
from pathlib import Path

from eventcoder.coder.lexicon import Element, Marker, Noun, Pattern, Prep, VerbEntry, VerbLexicon, verb_forms
from eventcoder.errors import DictionaryError

_BLOCK = re.compile(r"^\s*---+\s*(.*?)\s*(?:\[([^\]]*)\])?\s*---+\s*$")
_CODE = re.compile(r"\[\s*([^\]]*?)\s*\]\s*$")
_MARKERS = frozenset("$+%^")


def _plural(w: str) -> str:
    if w.endswith(("S", "X", "Z", "CH", "SH")):
        return w + "ES"
    if w.endswith("Y") and len(w) > 1 and w[-2] not in "AEIOU":
        return w[:-1] + "IES"
    return w + "S"


def _strip_comment(line: str) -> str:
    i = line.find("#")
    return line if i < 0 else line[:i]


class _Compiler:
    def __init__(self) -> None:
        self.synsets: dict[str, list[tuple[str, ...]]] = {}
        self.lex = VerbLexicon()
        self.problems: list[tuple[str, int, str]] = []

    # ---------------------------------------------------------------- elements
    def _words(self, text: str, path: str, line: int) -> list[tuple[str, ...]] | None:
        """Alternatives for a word or ``_``-joined phrase, expanding synsets (``&NAME``)."""
        parts = [p for p in text.upper().split("_") if p]
        alts: list[list[str]] = [[]]
        for p in parts:
            if p.startswith("&"):
                syn = self.synsets.get(p) or self.synsets.get(p.rstrip("_")) or self.synsets.get(p + "_")
                if syn is None:
                    self.problems.append((path, line, f"undefined synset {p}"))
                    return None
                alts = [a + list(s) for a in alts for s in syn]
            else:
                alts = [a + [p] for a in alts]
        return [tuple(a) for a in alts if a]

    def _noun(self, text: str, braced: bool, path: str, line: int) -> Noun | None:
        words = text.split()
        alts: list[tuple[str, ...]] = [()]
        for w in words:
            got = self._words(w, path, line)
            if got is None:
                return None
            alts = [a + g for a in alts for g in got]
        alts = [a for a in alts if a]
        if not alts:
            return None
        return Noun(tuple(alts), braced=braced or len(words) > 1, label=text.upper())

    def _tokens(self, s: str) -> list[str]:
        out, i, n = [], 0, len(s)
        while i < n:
            c = s[i]
            if c.isspace():
                i += 1
                continue
            if c in "({":
                close = ")" if c == "(" else "}"
                j = s.find(close, i)
                if j < 0:
                    raise ValueError(f"unclosed {c!r}")
                out.append(s[i:j + 1])
                i = j + 1
                continue
            j = i
            while j < n and not s[j].isspace() and s[j] not in "({":
                j += 1
            out.append(s[i:j])
            i = j
        return out

    def _elements(self, toks: list[str], path: str, line: int) -> list[Element] | None:
        els: list[Element] = []
        for t in toks:
            if t in _MARKERS:
                els.append(Marker(t))
            elif t.startswith("("):
                inner = t[1:-1].split()
                if not inner:
                    continue
                prep = inner[0].upper()
                rest = " ".join(inner[1:]).strip()
                if not rest:
                    els.append(Prep(prep))
                elif rest in ("$", "+"):
                    els.append(Prep(prep, marker=rest))
                elif set(rest.split()) == {"^"}:
                    els.append(Prep(prep, marker="^"))  # the preposition's object is skipped
                else:
                    rest_words = [w for w in rest.replace("{", " ").replace("}", " ").split() if w not in _MARKERS]
                    marker = next((w for w in rest.split() if w in ("$", "+")), None)
                    noun = self._noun(" ".join(rest_words), "{" in rest, path, line) if rest_words else None
                    if rest_words and noun is None:
                        return None
                    els.append(Prep(prep, noun, marker))
            elif t.startswith("{"):
                noun = self._noun(t[1:-1], True, path, line)
                if noun is None:
                    return None
                els.append(noun)
            else:
                noun = self._noun(t, False, path, line)
                if noun is None:
                    return None
                els.append(noun)
        return els

    # ---------------------------------------------------------------- lines
    def pattern(self, text: str, block: str, path: str, line: int) -> Pattern | None:
        m = _CODE.search(text)
        if not m:
            self.problems.append((path, line, "pattern without [code]"))
            return None
        code = m.group(1).strip()
        body = text[:m.start()].strip()
        if body.startswith("-"):
            body = body[1:].strip()
        try:
            toks = self._tokens(body)
        except ValueError as e:
            self.problems.append((path, line, str(e)))
            return None
        pre_t: list[str] = []
        post_t: list[str] = []
        pre_adj: tuple[str, ...] = ()
        post_adj: tuple[str, ...] = ()
        seen_star = False
        for t in toks:
            if "*" in t and not t.startswith(("(", "{")):
                left, _, right = t.partition("*")
                pre_adj = tuple(w.upper() for w in left.split("_") if w)
                post_adj = tuple(w.upper() for w in right.split("_") if w)
                seen_star = True
                continue
            (post_t if seen_star else pre_t).append(t)
        if not seen_star:
            self.problems.append((path, line, "pattern without '*'"))
            return None
        pre = self._elements(pre_t, path, line)
        post = self._elements(post_t, path, line)
        if pre is None or post is None:
            return None
        ordered = "(" not in body and "{" not in body
        return Pattern(tuple(pre), tuple(post), code, " ".join(body.split()), path, line, block, ordered,
                       pre_adj, post_adj)

    def verb_line(self, text: str, block: str, block_code: str, path: str, line: int) -> list[VerbEntry]:
        code = block_code
        m = _CODE.search(text)
        if m:
            code = m.group(1).strip() or block_code
            text = text[:m.start()]
        irregular: list[str] = []
        b = text.find("{")
        if b >= 0:
            e = text.find("}", b)
            irregular = text[b + 1:e if e > 0 else None].split()
            text = text[:b]
        word = text.strip().split()
        if not word:
            return []
        phrase = word[0].lstrip("+")
        parts = phrase.upper().split("_")
        # the verb is the part marked with '+', else the first part
        marked = [i for i, p in enumerate(parts) if p.startswith("+")]
        vi = marked[0] if marked else 0
        parts = [p.lstrip("+") for p in parts]
        entry = VerbEntry(parts[vi], block, code, tuple(parts[vi + 1:]), tuple(parts[:vi]), path=path, line=line)
        forms = set(verb_forms(parts[vi]))
        for f in irregular:
            fp = [p.lstrip("+") for p in f.split("_")]
            fm = [i for i, p in enumerate(f.split("_")) if p.startswith("+")]
            forms.add(fp[fm[0] if fm else 0].lower())
        for f in forms:
            self.lex.add_form(f, entry)
        self.lex.entries.append(entry)
        return [entry]

    def _synsets(self, raw: list[str]) -> None:
        """First pass: synsets may be used before they are defined."""
        cur: str | None = None
        for line in raw:
            s = _strip_comment(line).strip()
            if not s:
                continue
            if s.startswith("&"):
                cur = s.split()[0].upper()
                self.synsets.setdefault(cur, [])
                continue
            if cur is not None and s.startswith("+"):
                w = s[1:].strip().upper()
                no_plural = w.endswith("_") or cur.endswith("_")
                words = tuple(x for x in w.replace("_", " ").split() if x)
                if words:
                    self.synsets[cur].append(words)
                    if not no_plural:
                        self.synsets[cur].append(words[:-1] + (_plural(words[-1]),))
                continue
            cur = None

    def read(self, path: str | Path) -> None:
        p = Path(path)
        try:
            raw = p.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as e:
            raise DictionaryError([(str(p), 0, f"cannot read file: {e.strerror}")]) from None
        self._synsets(raw)
        cur_syn: str | None = None
        block, block_code = "", "---"
        block_entries: list[VerbEntry] = []
        block_patterns: list[Pattern] = []
        in_xml_comment = False

        def flush() -> None:
            for e in block_entries:
                e.patterns.extend(block_patterns)

        for n, line in enumerate(raw, 1):
            s = line.strip()
            if in_xml_comment:
                in_xml_comment = "-->" not in s
                continue
            if s.startswith("<!"):
                in_xml_comment = "-->" not in s
                continue
            bm = _BLOCK.match(s)
            if bm:
                flush()
                block = " ".join(bm.group(1).split())
                block_code = (bm.group(2) or "---").strip() or "---"
                block_entries, block_patterns = [], []
                cur_syn = None
                continue
            s = _strip_comment(s).strip()
            if not s:
                continue
            if s.startswith("&"):
                cur_syn = s
                continue
            if s.startswith("~"):
                cur_syn = None
                continue  # transformations: not used by this coder
            if cur_syn is not None and s.startswith("+"):
                continue  # synset member (read in the first pass)
            cur_syn = None
            if not block:
                continue
            if s.startswith("-") or s.startswith("*"):
                pat = self.pattern(s, block, str(p), n)
                if pat is not None:
                    block_patterns.append(pat)
                continue
            block_entries.extend(self.verb_line(s, block, block_code, str(p), n))
        flush()
        self.settle_style(str(p))

    def settle_style(self, path: str) -> None:
        """A file that uses ``(...)`` or ``{...}`` anywhere is in the PETRARCH2 style: its plain patterns
        ("RECENTLY *") name nouns, not a surface sequence. Files without them are TABARI-style sequences."""
        pats = {id(p): p for e in self.lex.entries for p in e.patterns if p.path == path}.values()
        if any(not p.ordered for p in pats):
            for p in pats:
                p.ordered = False


def compile_verb_files(paths: list[str | Path]) -> tuple[VerbLexicon, list[tuple[str, int, str]]]:
    c = _Compiler()
    for p in paths:
        c.read(p)
    return c.lex, c.problems
