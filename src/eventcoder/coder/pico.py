"""Code arithmetic with the PETRARCH internal coding ontology (PICO), when the dictionaries provide one.

* ``combine(upper, lower)``: a verb governing another coded verb ("promised to help") -> the code of the sum
  of their internal values, when the sum is a code of the table.
* ``negate(code)``: a negated verb ("did not clash") -> the code whose value differs by the negation term
  (``0xFFFF``), when there is one.
No CAMEO code is written here: everything comes from the PICO table.
"""

from __future__ import annotations

from typing import Any

NEGATION = 0xFFFF


def combine(pico: Any, upper: str, lower: str) -> str | None:
    if pico is None:
        return None
    a, b = pico.value(upper), pico.value(lower)
    if a is None or b is None or a == 0 or b == 0:
        return None
    got = pico.cameo(a + b)
    return got if got not in (None, upper, lower) else None


def negate(pico: Any, code: str) -> str | None:
    if pico is None:
        return None
    v = pico.value(code)
    if v is None or v == 0:
        return None
    for cand in ((v - NEGATION,) if v >= NEGATION else (v + NEGATION,) if v < 0 else (v - NEGATION, v + NEGATION)):
        got = pico.cameo(cand)
        if got is not None and got != code:
            return got
    return None
