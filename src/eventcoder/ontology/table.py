"""The ontology table: event code -> name, root, Goldstein, QuadClass, PLOVER event type and mode."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from eventcoder.errors import ConfigError

COLUMNS = ["code", "name", "root", "goldstein", "quad_class", "plover", "plover_mode", "plover_context"]

# GDELT's QuadClass convention, by two-digit root (inclusive ranges) -> class.
_QUAD_RANGES = ((1, 5, 1), (6, 9, 2), (10, 14, 3), (15, 20, 4))


def quad_class_of_root(root: str) -> int | None:
    try:
        r = int(root)
    except ValueError:
        return None
    for lo, hi, q in _QUAD_RANGES:
        if lo <= r <= hi:
            return q
    return None


@dataclass(frozen=True)
class CodeInfo:
    code: str
    name: str
    root: str
    goldstein: float | None
    quad_class: int | None
    plover: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...] = ()


class Ontology:
    """Code -> ``CodeInfo``; ``resolve`` maps unknown codes to their nearest parent in the table."""

    def __init__(self, codes: dict[str, CodeInfo], source: str = ""):
        self.codes = codes
        self.source = source

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def get(self, code: str) -> CodeInfo | None:
        return self.codes.get(code)

    def resolve(self, code: str) -> tuple[CodeInfo | None, str | None]:
        """Return (info, mapped_from): the entry for ``code`` or for its nearest parent.

        ``mapped_from`` is None when ``code`` itself is in the table, else the original code. Parents are tried
        by dropping trailing characters ("0874" -> "087" -> "08"), then the root's "0"-suffixed code ("080").
        Codes with letters (PETRARCH internal codes like "075A") lose them first.
        """
        if code in self.codes:
            return self.codes[code], None
        digits = "".join(ch for ch in code if ch.isdigit())
        cand = digits
        while len(cand) >= 2:
            if cand in self.codes:
                return self.codes[cand], code
            cand = cand[:-1]
        if len(digits) >= 2 and digits[:2] + "0" in self.codes:
            return self.codes[digits[:2] + "0"], code
        return None, code

    def attributes(self, code: str) -> dict[str, Any]:
        info, mapped_from = self.resolve(code)
        if info is None:
            return {"ontology_code": None, "unmapped": True}
        attrs: dict[str, Any] = {
            "root": info.root, "goldstein": info.goldstein, "quad_class": info.quad_class,
            "plover": info.plover, "plover_mode": info.plover_mode, "name": info.name,
        }
        if info.plover_context:
            attrs["plover_context"] = list(info.plover_context)
        if mapped_from is not None:
            attrs["ontology_code"] = info.code
            attrs["mapped_from"] = mapped_from
        return attrs


def _float(v: str) -> float | None:
    try:
        return float(v) if v.strip() else None
    except ValueError:
        return None


def read_table(path: str | Path) -> Ontology:
    codes: dict[str, CodeInfo] = {}
    try:
        with open(path, encoding="utf-8", newline="") as f:
            lines = [ln for ln in f if not ln.startswith("#")]
    except OSError as e:
        raise ConfigError(f"cannot read ontology table {path}: {e.strerror}") from None
    reader = csv.DictReader(lines, delimiter="\t")
    missing = [c for c in ("code", "root", "goldstein", "quad_class") if c not in (reader.fieldnames or [])]
    if missing:
        raise ConfigError(f"{path}: ontology table lacks columns {', '.join(missing)}")
    for n, r in enumerate(reader, start=2):
        code = (r.get("code") or "").strip()
        if not code:
            raise ConfigError(f"{path}:{n}: empty code")
        q = (r.get("quad_class") or "").strip()
        codes[code] = CodeInfo(
            code=code, name=(r.get("name") or "").strip(), root=(r.get("root") or code[:2]).strip(),
            goldstein=_float(r.get("goldstein") or ""), quad_class=int(q) if q.isdigit() else None,
            plover=(r.get("plover") or "").strip() or None, plover_mode=(r.get("plover_mode") or "").strip() or None,
            plover_context=tuple(c for c in (r.get("plover_context") or "").split("|") if c.strip()),
        )
    return Ontology(codes, str(path))


def default_table_path() -> Path:
    return Path(str(resources.files("eventcoder") / "data" / "ontology" / "cameo.tsv"))
