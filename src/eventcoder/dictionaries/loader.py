"""Find dictionary files (shipped folder, a directory, a PETRARCH validation XML, a list) and read them by kind."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventcoder.dictionaries import ownformat, petrarch_nouns, petrarch_verbs, pico, verbformat
from eventcoder.dictionaries.actors import ActorDictionary
from eventcoder.dictionaries.agents import AgentDictionary
from eventcoder.dictionaries.common import Problem
from eventcoder.dictionaries.discards import DiscardList
from eventcoder.dictionaries.pico import Pico
from eventcoder.dictionaries.verbs import VerbDictionary
from eventcoder.errors import DictionaryError

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "dictionaries"

# kind -> (section of Dictionaries, reader returning (data, errors))
Reader = Callable[[Path], tuple[Any, list[Problem]]]
READERS: dict[str, tuple[str, Reader]] = {
    "petrarch-verbs": ("verbs", petrarch_verbs.read_petrarch_verbs),
    "petrarch-actors": ("actors", petrarch_nouns.read_petrarch_actors),
    "petrarch-agents": ("agents", petrarch_nouns.read_petrarch_agents),
    "petrarch-discards": ("discards", petrarch_nouns.read_petrarch_discards),
    "pico": ("pico", pico.read_pico),
    "actors": ("actors", ownformat.read_actors),
    "agents": ("agents", ownformat.read_agents),
    "discards": ("discards", ownformat.read_discards),
    "verbs": ("verbs", verbformat.read_verbs),
}

# (regex on the lower-case file name, kind); first match wins. "ignore": known but unused files.
KIND_RULES: list[tuple[str, str]] = [
    (r"\.actors$", "actors"),
    (r"\.agents$", "agents"),
    (r"\.discards$", "discards"),
    (r"\.patterns$", "verbs"),
    (r"\.verbs$", "petrarch-verbs"),
    (r"internal_coding_ontology|(^|[._-])pico([._-]|$)", "pico"),
    (r"issue", "ignore"),
    (r"verbs|^cameo.*\.txt$", "petrarch-verbs"),
    (r"actors", "petrarch-actors"),
    (r"agents", "petrarch-agents"),
    (r"discards", "petrarch-discards"),
    (r"\.xml$", "xml"),
]


def detect_kind(path: str | Path) -> str | None:
    """The kind of a dictionary file from its name (see KIND_RULES), or None when unknown."""
    name = Path(path).name.lower()
    for rx, kind in KIND_RULES:
        if re.search(rx, name):
            return kind
    return None


def _order_key(p: Path) -> tuple[int, str]:
    # converted PETRARCH/Phoenix files are the base: they load first, everything else overrides them
    return (0 if p.name.lower().startswith("phoenix") else 1, p.name.lower())


def files_in_dir(directory: Path) -> list[tuple[Path, str]]:
    out = []
    for p in sorted((x for x in directory.iterdir() if x.is_file()), key=_order_key):
        kind = detect_kind(p)
        if kind and kind not in ("ignore", "xml"):
            out.append((p, kind))
    return out


_ENV_TAGS = {"verbfile": "petrarch-verbs", "actorfile": "petrarch-actors", "agentfile": "petrarch-agents",
             "discardfile": "petrarch-discards", "picofile": "pico"}


def files_in_xml(path: Path) -> list[tuple[Path, str]]:
    """The files named in the ``<Environment>`` block of a PETRARCH validation XML (relative to its folder)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise DictionaryError([(str(path), 0, f"cannot read file: {e.strerror or e}")]) from None
    m = re.search(r"<Environment>(.*?)</Environment>", text, re.S | re.I)
    if not m:
        raise DictionaryError([(str(path), 0, "no <Environment> block naming the dictionary files")])
    line0 = text[:m.start()].count("\n") + 1
    out = []
    for t in re.finditer(r"<(\w+)>\s*([^<]*?)\s*</\1>", m.group(1)):
        kind = _ENV_TAGS.get(t.group(1).lower())
        if kind:
            for name in (x.strip() for x in t.group(2).split(",")):
                if name:
                    out.append((path.parent / name, kind))
    if not out:
        raise DictionaryError([(str(path), line0, "<Environment> names no dictionary files")])
    return out


def resolve_spec(spec: str | Path | None) -> list[tuple[Path, str]]:
    """The (file, kind) list a spec stands for."""
    if spec is None:
        return files_in_dir(SHIPPED_DIR)
    text = str(spec)
    items = [s.strip() for s in text.split(",")] if "," in text and not Path(text).exists() else [text]
    out: list[tuple[Path, str]] = []
    errors: list[Problem] = []
    for item in items:
        p = Path(item).expanduser()
        if p.is_dir():
            found = files_in_dir(p)
            if not found:
                errors.append((item, 0, "no dictionary files in this directory"))
            out.extend(found)
        elif not p.exists():
            errors.append((item, 0, "no such file or directory"))
        else:
            kind = detect_kind(p)
            if kind == "xml":
                out.extend(files_in_xml(p))
            elif kind is None:
                errors.append((item, 0, "cannot tell what kind of dictionary this is from its name "
                                        "(use .actors/.agents/.discards or a PETRARCH name)"))
            elif kind != "ignore":
                out.append((p, kind))
    if errors:
        raise DictionaryError(errors)
    return out


@dataclass
class Dictionaries:
    """Everything the coder needs: ``verbs``, ``actors``, ``agents``, ``discards`` and ``pico`` (or None).

    ``files`` lists the (path, kind) pairs loaded, in order; ``warnings`` holds problems that did not stop
    loading (e.g. verb patterns dropped for an undefined synset)."""

    verbs: VerbDictionary = field(default_factory=VerbDictionary)
    actors: ActorDictionary = field(default_factory=ActorDictionary)
    agents: AgentDictionary = field(default_factory=AgentDictionary)
    discards: DiscardList = field(default_factory=DiscardList)
    pico: Pico | None = None
    files: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.actors)} actors ({self.actors.phrase_count} names), {len(self.agents)} agents, "
                f"{len(self.discards)} discards, {len(self.verbs)} verbs with {self.verbs.pattern_count} "
                f"patterns, {len(self.verbs.synsets)} synsets, {len(self.verbs.transformations)} transformations"
                + (f", PICO {len(self.pico)} codes" if self.pico else ""))


def read_file(path: Path, kind: str) -> tuple[Any, list[Problem]]:
    if not path.is_file():
        return None, [(str(path), 0, "no such file")]
    try:
        return READERS[kind][1](path)
    except DictionaryError as e:  # unreadable file
        return None, list(e.errors)


def _merge_verbs(parts: list[VerbDictionary]) -> VerbDictionary:
    if len(parts) == 1:
        return parts[0]
    blocks, synsets, transformations, warnings = [], {}, [], []
    for v in parts:
        blocks.extend(v.blocks)
        synsets.update(v.synsets)
        transformations.extend(v.transformations)
        warnings.extend(v.warnings)
    merged = VerbDictionary(blocks, synsets, transformations)
    merged.warnings = warnings
    return merged


def load_files(files: Iterable[tuple[Path, str]], strict: bool = True) -> tuple[Dictionaries, list[Problem]]:
    """Read files in order into one Dictionaries; return it and all errors (raise them when ``strict``)."""
    d = Dictionaries()
    errors: list[Problem] = []
    verbs: list[VerbDictionary] = []
    for path, kind in files:
        data, errs = read_file(path, kind)
        errors.extend(errs)
        if data is None:
            continue
        d.files.append((str(path), kind))
        section = READERS[kind][0]
        if section == "verbs":
            verbs.append(data)
        elif section == "pico":
            d.pico = data
        else:
            getattr(d, section).extend(data)
    if verbs:
        d.verbs = _merge_verbs(verbs)
        d.warnings.extend(d.verbs.warnings)
    if strict and errors:
        raise DictionaryError(errors)
    return d, errors


def load_verbs(paths: Iterable[str | Path]) -> VerbDictionary:
    """Read verb dictionary files (PETRARCH verb files or ``*.patterns``, kind from the name; an unknown name
    is read as a PETRARCH verb file) into one ``VerbDictionary``; raises DictionaryError listing every error."""
    parts: list[VerbDictionary] = []
    errors: list[Problem] = []
    for p in paths:
        kind = detect_kind(p)
        if kind is None or READERS.get(kind, ("",))[0] != "verbs":
            kind = "petrarch-verbs"
        data, errs = read_file(Path(p), kind)
        errors.extend(errs)
        if data is not None:
            parts.append(data)
    if errors:
        raise DictionaryError(errors)
    if not parts:
        return VerbDictionary()
    return _merge_verbs(parts)


def extra_files(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """User actor files: kind from the name; an unknown name is read as our ``*.actors`` format."""
    out = []
    for p in paths:
        path = Path(p).expanduser()
        if path.is_dir():
            out.extend(files_in_dir(path))
            continue
        kind = detect_kind(path) or "actors"
        if kind not in READERS or READERS[kind][0] not in ("actors", "agents", "discards"):
            raise DictionaryError([(str(p), 0, "not an actor, agent or discard file")])
        out.append((path, kind))
    return out


def check_file(path: str | Path) -> list[Problem]:
    """Every error in one dictionary file (kind detected from its name); a directory or a validation XML
    checks the files it holds or names. Returns ``(path, line, message)`` triples, empty when fine."""
    return check_paths([path]).errors


@dataclass
class CheckResult:
    """What ``check_paths`` found: errors, warnings, and what loaded (for counts)."""

    errors: list[Problem]
    warnings: list[Problem]
    dictionaries: Dictionaries


def check_paths(paths: Iterable[str | Path]) -> CheckResult:
    """Check dictionary files, directories or validation XMLs; every error is collected, nothing raises
    for content problems."""
    files: list[tuple[Path, str]] = []
    errors: list[Problem] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = files_in_dir(path)
            if not found:
                errors.append((str(p), 0, "no dictionary files in this directory"))
            files.extend(found)
            continue
        if not path.exists():
            errors.append((str(p), 0, "no such file"))
            continue
        kind = detect_kind(path)
        if kind is None:
            errors.append((str(p), 0, "cannot tell what kind of dictionary this is from its name "
                                      "(use .actors/.agents/.discards/.verbs/.pico or a PETRARCH name)"))
        elif kind == "xml":
            try:
                files.extend(files_in_xml(path))
            except DictionaryError as e:
                errors.extend(e.errors)
        elif kind != "ignore":
            files.append((path, kind))
    d, errs = load_files(files, strict=False)
    return CheckResult(errors + errs, d.warnings, d)
