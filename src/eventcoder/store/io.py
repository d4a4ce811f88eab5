"""Reading event files (Parquet, partitioned Parquet directories, JSONL) into the store's event schema."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from eventcoder.errors import InputError
from eventcoder.store.schema import LOCATION_COLUMNS, event_arrow_schema, events_to_arrow

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")


def _kind(p: Path) -> str | None:
    name = p.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def read_events(path: str | os.PathLike) -> pa.Table:
    """Events from a Parquet file, a JSONL file (optionally .gz) or a directory of either (Hive-partitioned
    Parquet included), as an Arrow table with the store's event columns. A directory with an ``events/``
    folder (the output of ``eventcoder spark-code``, beside ``articles/`` and ``errors/``) means that folder."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or directory")
    if p.is_dir() and (p / "events").is_dir():
        p = p / "events"
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(("_", "."))
                       and _kind(f))
        kinds = {_kind(f) for f in files}
        if not files:
            raise InputError(f"{p}: no .parquet or .jsonl files in this directory")
        if kinds == {"parquet"}:
            return _read_parquet(p)
        if kinds == {"jsonl"}:
            return pa.concat_tables([_read_jsonl(f) for f in files])
        raise InputError(f"{p}: mixes Parquet and JSONL files; import them separately")
    kind = _kind(p)
    if kind == "parquet":
        return _read_parquet(p)
    if kind == "jsonl":
        return _read_jsonl(p)
    raise InputError(f"{p}: unknown event file type (use .parquet or .jsonl)")


def _read_parquet(p: Path) -> pa.Table:
    try:
        if p.is_dir():
            names = _partition_names(p)
            # partition values are read as text ("04" stays "04") and cast to the event schema later;
            # without key=value folders there is no partitioning (pyarrow's "hive" discovery would then
            # report the whole file schema as partition fields)
            part = (ds.partitioning(pa.schema([(n, pa.string()) for n in names]), flavor="hive")
                    if names else None)
            table = ds.dataset(str(p), format="parquet", partitioning=part,
                               exclude_invalid_files=True).to_table()
        else:
            import pyarrow.parquet as pq
            table = pq.read_table(str(p))
    except (pa.ArrowException, OSError) as e:
        raise InputError(f"{p}: cannot read Parquet: {e}") from None
    return normalize(table, str(p))


def _partition_names(root: Path) -> list[str]:
    """The Hive partition keys (``key=value`` folder names, in folder order) under ``root``."""
    names: list[str] = []
    for f in root.rglob("*"):
        if not f.is_file() or _kind(f) != "parquet":
            continue
        for part in f.relative_to(root).parts[:-1]:
            key, eq, _ = part.partition("=")
            if eq and key and key not in names:
                names.append(key)
    return names


def _read_jsonl(p: Path) -> pa.Table:
    rows = []
    opener = gzip.open if p.name.lower().endswith(".gz") else open
    try:
        with opener(p, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(f"{p}:{n}: not valid JSON: {e.msg}") from None
                if not isinstance(rec, dict) or not rec.get("event_id"):
                    raise InputError(f"{p}:{n}: not an event record (no event_id)")
                rows.append(rec)
    except (OSError, UnicodeDecodeError, EOFError) as e:
        raise InputError(f"{p}: cannot read: {e}") from None
    try:
        return events_to_arrow(rows)
    except (pa.ArrowException, TypeError, ValueError) as e:
        raise InputError(f"{p}: a field has the wrong type: {e}") from None


def normalize(table: pa.Table, where: str = "input") -> pa.Table:
    """Any table in the JSONL schema (``location`` as a struct, a JSON string or flattened columns, extra
    columns ignored) -> the store's event schema."""
    if "event_id" not in table.column_names:
        raise InputError(f"{where}: not an event table (no event_id column)")
    cols = {}
    loc = table.column("location") if "location" in table.column_names else None
    if loc is not None and pa.types.is_string(loc.type):
        try:
            return events_to_arrow(table.to_pylist())
        except (pa.ArrowException, TypeError, ValueError) as e:
            raise InputError(f"{where}: a field has the wrong type: {e}") from None
    for field in event_arrow_schema():
        if field.name in table.column_names:
            col = table.column(field.name)
        elif field.name in LOCATION_COLUMNS and loc is not None and pa.types.is_struct(loc.type):
            key = LOCATION_COLUMNS[field.name][0]
            names = [loc.type.field(i).name for i in range(loc.type.num_fields)]
            col = pc.struct_field(loc, key) if key in names else pa.nulls(table.num_rows, field.type)
        else:
            col = pa.nulls(table.num_rows, field.type)
        try:
            if pa.types.is_dictionary(col.type):
                col = col.cast(col.type.value_type)
            cols[field.name] = col.cast(field.type)
        except (pa.ArrowException, TypeError) as e:
            raise InputError(f"{where}: column {field.name!r} has type {col.type}, expected {field.type}: "
                             f"{e}") from None
    out = pa.table(cols, schema=event_arrow_schema())
    if out.column("event_id").null_count:
        raise InputError(f"{where}: {out.column('event_id').null_count} rows have no event_id")
    return out
