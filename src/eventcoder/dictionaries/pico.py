"""The PETRARCH internal coding ontology (PICO): CAMEO code <-> internal number, so codes can be combined.

Each line is ``CODE:VALUE`` where VALUE is a sum of signed hex or decimal terms (``-0xFFFF+0x2040``);
text after ``#`` is a comment.

>>> p = Pico({"030": 0x3000, "070": 0x0040, "033": 0x3040})
>>> p.cameo(p.value("030") + p.value("070"))
'033'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.dictionaries.common import Problem, Problems, content_lines, read_lines

_LINE = re.compile(r"^\s*(?P<code>[0-9A-Za-z\-]+)\s*:\s*(?P<value>.+?)\s*$")
_TERM = re.compile(r"\s*([+-]?)\s*(0[xX][0-9A-Fa-f]+|\d+)\s*")


def parse_value(text: str) -> int:
    """``"-0xFFFF+0x2040+0x300"`` -> the integer sum; raises ValueError."""
    pos, total, n = 0, 0, 0
    while pos < len(text):
        m = _TERM.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"bad PICO value {text!r}: use sums of hex numbers like -0xFFFF+0x2040")
        total += (-1 if m.group(1) == "-" else 1) * int(m.group(2), 0)
        pos, n = m.end(), n + 1
    if n == 0:
        raise ValueError(f"empty PICO value {text!r}")
    return total


@dataclass
class Pico:
    """CAMEO code -> internal value, and back (the first code listed for a value wins)."""

    values: dict[str, int] = field(default_factory=dict)
    path: str = ""

    def __post_init__(self) -> None:
        self._codes: dict[int, str] = {}
        for code, v in self.values.items():
            self._codes.setdefault(v, code)

    def __len__(self) -> int:
        return len(self.values)

    def value(self, code: str | None) -> int | None:
        """The internal value of a CAMEO code (``"---"``/None -> 0 when the table lists ``---``)."""
        return self.values.get(code if code else "---")

    def cameo(self, value: int) -> str | None:
        """The CAMEO code of an internal value, or None when the table has no such value."""
        return self._codes.get(value)


def read_pico(path: str | Path) -> tuple[Pico, list[Problem]]:
    probs = Problems(path)
    values: dict[str, int] = {}
    for n, _raw, content in content_lines(read_lines(path)):
        m = _LINE.match(content)
        if not m:
            probs.add(n, f"cannot read PICO line {content.strip()!r}: expected CODE:VALUE")
            continue
        try:
            values[m["code"]] = parse_value(m["value"])
        except ValueError as e:
            probs.add(n, str(e))
    return Pico(values, str(path)), probs.errors
