"""Event table exports: Parquet and JSONL in the JSONL schema (``Event.to_dict()`` plus ``cluster_id``),
CSV with flattened columns. Rows stream from DuckDB as Arrow batches."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from eventcoder.errors import InputError
from eventcoder.model import EVENT_FIELDS
from eventcoder.registry import exporters
from eventcoder.store.query import event_filters
from eventcoder.store.schema import LOCATION_COLUMNS, event_columns, fetch_batches

Out = str | os.PathLike | IO


def _location_struct_sql() -> str:
    fields = ", ".join(f"'{key}': \"{col}\"" for col, (key, _s, _t) in LOCATION_COLUMNS.items())
    return (f"CASE WHEN location_name IS NULL AND location_country IS NULL THEN NULL "
            f"ELSE {{{fields}}} END")


def jsonl_select() -> str:
    """SELECT list giving the JSONL schema (EVENT_FIELDS order, ``location`` as a struct) + cluster_id."""
    parts = [f"{_location_struct_sql()} AS location" if n == "location" else f'"{n}"' for n in EVENT_FIELDS]
    return ", ".join(parts + ["cluster_id"])


def flat_select() -> str:
    """SELECT list of the stored columns with lists as JSON text (for CSV)."""
    parts = []
    for name, (sql_t, _t) in event_columns().items():
        parts.append(f'to_json("{name}")::VARCHAR AS "{name}"' if sql_t.endswith("[]") else f'"{name}"')
    return ", ".join(parts + ["date_lo", "date_hi", "cluster_id"])


def batches(store, select: str, table: str = "events", **filters: Any) -> pa.RecordBatchReader:
    where, params = event_filters(**filters)
    order = "date_lo NULLS LAST, article_id, event_id" if table == "events" else "date_lo NULLS LAST, cluster_id"
    return fetch_batches(store.con, f"SELECT {select} FROM {table} {where} ORDER BY {order}", params)


@contextmanager
def text_out(out: Out) -> Iterator[IO[str]]:
    if hasattr(out, "write"):
        yield out  # type: ignore[misc]
        return
    try:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        fh = open(out, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as e:
        raise InputError(f"cannot write {out}: {e}") from None
    with fh:
        yield fh


def _path(out: Out) -> str:
    if hasattr(out, "write"):
        raise InputError("this format writes to a file path, not a stream")
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    return str(out)


@exporters.register("parquet")
def export_parquet(store, out: Out, **filters: Any) -> dict[str, int]:
    """Events as Parquet in the JSONL schema (``location`` a struct) plus ``cluster_id``."""
    import pyarrow.parquet as pq
    reader = batches(store, jsonl_select(), **filters)
    n = 0
    try:
        with pq.ParquetWriter(_path(out), reader.schema, compression="zstd") as w:
            for b in reader:
                w.write_batch(b)
                n += b.num_rows
    except OSError as e:
        raise InputError(f"cannot write {out}: {e}") from None
    return {"rows": n}


@exporters.register("jsonl")
def export_jsonl(store, out: Out, **filters: Any) -> dict[str, int]:
    """Events as JSON Lines: one ``Event.to_dict()`` record (plus ``cluster_id``) per line."""
    n = 0
    with text_out(out) as fh:
        for b in batches(store, jsonl_select(), **filters):
            for row in b.to_pylist():
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    return {"rows": n}


def write_csv_batches(reader: pa.RecordBatchReader, fh: IO[str], header: bool = True,
                      delimiter: str = ",") -> int:
    """Write Arrow batches as CSV text (header once, quoted only where needed)."""
    import pyarrow.csv as pacsv
    n = 0
    first = True
    for b in reader:
        if b.num_rows == 0 and not first:
            continue
        buf = pa.BufferOutputStream()
        pacsv.write_csv(b, buf, pacsv.WriteOptions(include_header=header and first, delimiter=delimiter,
                                                   quoting_style="needed"))
        fh.write(buf.getvalue().to_pybytes().decode("utf-8"))
        first = False
        n += b.num_rows
    if first and header:
        fh.write(delimiter.join(reader.schema.names) + "\n")
    return n


@exporters.register("csv")
def export_csv(store, out: Out, **filters: Any) -> dict[str, int]:
    """Events as CSV with a header: the ``events`` table columns (location flattened, lists as JSON)."""
    with text_out(out) as fh:
        n = write_csv_batches(batches(store, flat_select(), **filters), fh)
    return {"rows": n}
