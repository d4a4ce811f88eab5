"""Convert PETRARCH dictionary files into the files eventcoder reads.

* actors / agents / discards -> our readable formats (``.actors``, ``.agents``, ``.discards``)
* verbs -> our line format for verb patterns (``.patterns``, see ``verbformat``)
* PICO -> a ``.pico`` table

Lines with errors are skipped and returned as ``(path, line, message)``; nothing is printed.
"""

from __future__ import annotations

from pathlib import Path

from eventcoder.dictionaries import ownformat, verbformat
from eventcoder.dictionaries.actors import ActorEntry
from eventcoder.dictionaries.common import Problem
from eventcoder.dictionaries.loader import detect_kind
from eventcoder.dictionaries.petrarch_nouns import (
    read_petrarch_actors,
    read_petrarch_agents,
    read_petrarch_discards,
)
from eventcoder.dictionaries.petrarch_verbs import read_petrarch_verbs
from eventcoder.dictionaries.pico import read_pico
from eventcoder.errors import DictionaryError

EXTENSIONS = {"petrarch-actors": ".actors", "petrarch-agents": ".agents", "petrarch-discards": ".discards",
              "petrarch-verbs": ".patterns", "pico": ".pico"}


def target_name(src: Path) -> str:
    """``Phoenix.Countries.actors.txt`` -> ``phoenix.countries.actors``; ``CAMEO.2.0.txt`` -> ``cameo.2.0.patterns``."""
    kind = detect_kind(src)
    if kind not in EXTENSIONS:
        raise DictionaryError([(str(src), 0, "not a PETRARCH actor, agent, discard, verb or PICO file")])
    stem = src.name.lower()
    if stem.endswith(".txt"):
        stem = stem[:-4]
    ext = EXTENSIONS[kind]
    for sep in "._-":
        if stem.endswith(sep + ext[1:]):
            stem = stem[: -len(ext)]
            break
    return stem.rstrip("._") + ext


def classify(entry: ActorEntry) -> ActorEntry:
    """Fill ``country`` (and ``type`` for plain country entries) when every code has the same ISO3-like
    prefix; ``type = organization`` for IGO/NGO/MNC codes."""
    codes = [s.code for s in entry.codes if s.code]
    if not codes:
        return entry
    if all(c[:3] in ("IGO", "NGO", "MNC") for c in codes):
        entry.type = entry.type or "organization"
        return entry
    prefixes = {c[:3] for c in codes}
    if len(prefixes) == 1:
        p = prefixes.pop()
        if len(p) == 3 and p.isalpha() and p not in ("INT", "IMG", "ELI", "REB", "UAF"):
            entry.country = entry.country or p
            if all(len(c) == 3 for c in codes):
                entry.type = entry.type or "country"
    return entry


def _writable(entries: list, write, errors: list[Problem]) -> list:
    ok = []
    for e in entries:
        try:
            write([e])
            ok.append(e)
        except ValueError as err:
            errors.append((e.path, e.line, str(err)))
    return ok


def convert_file(src: str | Path, out_dir: str | Path, header: str = "",
                 name: str | None = None) -> tuple[Path, int, list[Problem]]:
    """Convert one PETRARCH file into ``out_dir``; returns (written path, entries written, skipped errors)."""
    src, out_dir = Path(src), Path(out_dir)
    kind = detect_kind(src)
    target = out_dir / (name or target_name(src))
    out_dir.mkdir(parents=True, exist_ok=True)
    if kind == "petrarch-actors":
        entries, errors = read_petrarch_actors(src)
        entries = _writable([classify(e) for e in entries], ownformat.write_actors, errors)
        ownformat.write_file(target, ownformat.write_actors(entries, _header(header, errors)))
        return target, len(entries), errors
    if kind == "petrarch-agents":
        agents, errors = read_petrarch_agents(src)
        agents = _writable(agents, ownformat.write_agents, errors)
        ownformat.write_file(target, ownformat.write_agents(agents, _header(header, errors)))
        return target, len(agents), errors
    if kind == "petrarch-discards":
        discards, errors = read_petrarch_discards(src)
        discards = _writable(discards, ownformat.write_discards, errors)
        ownformat.write_file(target, ownformat.write_discards(discards, _header(header, errors)))
        return target, len(discards), errors
    if kind == "petrarch-verbs":
        return convert_verbs(src, target, header)
    if kind == "pico":
        table, errors = read_pico(src)
        lines = [f"# {h}".rstrip() for h in _header(header, errors).splitlines()]
        lines += [f"{code}:{'-' if v < 0 else ''}0x{abs(v):04X}" for code, v in table.values.items()]
        ownformat.write_file(target, "\n".join(lines) + "\n")
        return target, len(table), errors
    raise DictionaryError([(str(src), 0, "not a PETRARCH actor, agent, discard, verb or PICO file")])


def _header(header: str, errors: list[Problem]) -> str:
    if errors:
        header = (header.rstrip("\n") + "\n" if header else "") + \
            f"{len(errors)} line(s) of the source had errors and were left out."
    return header


def convert_verbs(src: Path, target: Path, header: str = "") -> tuple[Path, int, list[Problem]]:
    """Convert a PETRARCH verb file into our ``*.patterns`` format (lines with errors are left out)."""
    verbs, errors = read_petrarch_verbs(src)
    errors = sorted(errors + verbs.warnings, key=lambda e: e[1])  # patterns with undefined synsets are gone
    ownformat.write_file(target, verbformat.write_verbs(verbs, _header(header, errors)))
    again, errors2 = verbformat.read_verbs(target)
    if errors2:
        raise DictionaryError(errors2)
    return target, again.pattern_count, errors
