"""A GDELT 2.0-like event table: one tab-separated row per deduplicated event, GDELT's 61 columns.

The column list and the SQL that fills each column (over ``event_clusters``) live in
``eventcoder/data/export/gdelt_columns.tsv``; docs/store.md lists them with what stays empty."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from eventcoder.errors import ConfigError
from eventcoder.export.tables import Out, batches, text_out
from eventcoder.registry import exporters
from eventcoder.store.query import event_filters


@functools.cache
def gdelt_columns() -> list[tuple[str, str, str]]:
    """(name, SQL expression, note) for each GDELT 2.0 event column, in GDELT's order."""
    text = resources.files("eventcoder.data").joinpath("export/gdelt_columns.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ConfigError(f"gdelt_columns.tsv: bad line {line!r}")
        rows.append((parts[0], parts[1], parts[2]))
    return rows


def gdelt_select() -> str:
    return ", ".join(f'{sql} AS "{name}"' for name, sql, _note in gdelt_columns())


@exporters.register("gdelt")
def export_gdelt(store, out: Out, header: bool = False, **filters: Any) -> dict[str, int]:
    """Deduplicated events (``event_clusters``) as a GDELT 2.0 event table (TSV, no header by default,
    like GDELT's files). Events without a date cannot fill SQLDATE and are left out (counted in
    ``skipped``)."""
    where, params = event_filters(dated=False, **filters)
    undated = int(store.con.execute(f"SELECT count(*) FROM event_clusters {where}", params).fetchall()[0][0])
    names = [name for name, _sql, _note in gdelt_columns()]
    n = 0
    with text_out(out) as fh:
        if header:
            fh.write("\t".join(names) + "\n")
        for b in batches(store, gdelt_select(), table="event_clusters", dated=True, **filters):
            cols = [b.column(i).to_pylist() for i in range(b.num_columns)]
            for row in zip(*cols, strict=True):
                fh.write("\t".join(_cell(v) for v in row) + "\n")
                n += 1
    return {"rows": n, "skipped": undated}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v).replace("\t", " ").replace("\n", " ").replace("\r", " ")
