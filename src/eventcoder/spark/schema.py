"""The Spark schema of coded events, derived from ``EVENT_FIELDS`` (and ``Place`` for the location struct).

``to_row(event_dict)`` turns ``Event.to_dict()`` into a tuple in schema order, checking it against the schema
(a required field that is None, or a value of the wrong type, raises ``InputError``: the Spark job turns
that into an error row instead of failing the task).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from typing import Any

from eventcoder.errors import ConfigError, InputError
from eventcoder.model import EVENT_FIELDS, Place

# Objects in EVENT_FIELDS ("object?") and the dataclass that defines their struct.
OBJECT_FIELDS: dict[str, type] = {"location": Place}

# Columns of the error and article outputs.
ERROR_FIELDS: dict[str, str] = {"article_id": "str?", "stage": "str", "message": "str", "record": "str?",
                                "fatal": "bool", "file": "str?"}
ARTICLE_FIELDS: dict[str, str] = {"id": "str", "date": "str?", "source": "str?", "url": "str?", "title": "str?",
                                  "n_events": "int"}

# Python annotation (as written in model.py) -> our type name.
_ANNOTATIONS: dict[str, str] = {
    "str": "str", "str | None": "str?", "float | None": "float?", "float": "float", "int": "int",
    "int | None": "int?", "bool": "bool", "tuple[int, int] | None": "list[int]?", "list[int]": "list[int]",
}


def _spark_types() -> dict[str, Callable[[], Any]]:
    from pyspark.sql import types as T

    return {
        "str": T.StringType, "float": T.DoubleType, "int": T.IntegerType, "bool": T.BooleanType,
        "list[int]": lambda: T.ArrayType(T.IntegerType(), containsNull=False),
        "list[str]": lambda: T.ArrayType(T.StringType(), containsNull=False),
    }


# Python converters: value -> value Spark accepts for the type (raise TypeError/ValueError when it cannot).
def _as_str(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(f"expected a string, got {type(v).__name__}")
    return v


def _as_float(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise TypeError(f"expected a number, got {type(v).__name__}")
    return float(v)


def _as_int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        raise TypeError(f"expected an integer, got {type(v).__name__}")
    return v


def _as_bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise TypeError(f"expected a boolean, got {type(v).__name__}")
    return v


def _as_int_list(v: Any) -> list[int]:
    return [_as_int(x) for x in v]


def _as_str_list(v: Any) -> list[str]:
    return [_as_str(x) for x in v]


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "str": _as_str, "float": _as_float, "int": _as_int, "bool": _as_bool,
    "list[int]": _as_int_list, "list[str]": _as_str_list,
}


def _split(type_name: str) -> tuple[str, bool]:
    return (type_name[:-1], True) if type_name.endswith("?") else (type_name, False)


def object_fields(cls: type) -> dict[str, str]:
    """Field name -> our type name for a dataclass (e.g. ``Place``)."""
    hints = {f.name: f.type if isinstance(f.type, str) else typing.get_type_hints(cls)[f.name]
             for f in dataclasses.fields(cls)}
    out = {}
    for name, ann in hints.items():
        key = ann if isinstance(ann, str) else str(ann)
        if key not in _ANNOTATIONS:
            raise ConfigError(f"no Spark type for {cls.__name__}.{name}: {key}")
        out[name] = _ANNOTATIONS[key]
    return out


def event_fields() -> dict[str, str]:
    """Event field name -> type name, in JSONL order (objects resolved to 'struct:<name>')."""
    out = {}
    for name, (type_name, _doc) in EVENT_FIELDS.items():
        base, nullable = _split(type_name)
        if base == "object":
            if name not in OBJECT_FIELDS:
                raise ConfigError(f"no struct definition for the event field {name!r}")
            out[name] = f"struct:{name}" + ("?" if nullable else "")
        elif base in _CONVERTERS:
            out[name] = type_name
        else:
            raise ConfigError(f"no Spark type for the event field {name!r}: {type_name}")
    return out


def struct_type(fields: dict[str, str]):
    """A Spark StructType for ``{name: type name}``."""
    from pyspark.sql import types as T

    spark_types = _spark_types()
    cols = []
    for name, type_name in fields.items():
        base, nullable = _split(type_name)
        if base.startswith("struct:"):
            dtype = struct_type(object_fields(OBJECT_FIELDS[base[7:]]))
        else:
            dtype = spark_types[base]()
        cols.append(T.StructField(name, dtype, nullable=nullable))
    return T.StructType(cols)


def event_schema():
    """The StructType of the events output: exactly the JSONL columns, in order."""
    return struct_type(event_fields())


def _converter(type_name: str) -> Callable[[Any], Any]:
    base, nullable = _split(type_name)
    if base.startswith("struct:"):
        inner = row_converter(object_fields(OBJECT_FIELDS[base[7:]]))
        conv = inner
    else:
        conv = _CONVERTERS[base]

    def convert(v: Any) -> Any:
        if v is None:
            if nullable:
                return None
            raise ValueError("is required but missing")
        return conv(v)
    return convert


def row_converter(fields: dict[str, str]) -> Callable[[dict[str, Any]], tuple]:
    """A function turning a dict into a tuple in ``fields`` order, checked against the types."""
    convs = [(name, _converter(t)) for name, t in fields.items()]

    def convert(d: dict[str, Any]) -> tuple:
        if not isinstance(d, dict):
            raise InputError(f"expected an object, got {type(d).__name__}")
        out = []
        for name, conv in convs:
            try:
                out.append(conv(d.get(name)))
            except (TypeError, ValueError) as e:
                raise InputError(f"field {name!r}: {e}") from None
        return tuple(out)
    return convert


_EVENT_ROW: Callable[[dict[str, Any]], tuple] | None = None


def to_row(event: dict[str, Any]) -> tuple:
    """``Event.to_dict()`` -> tuple in ``event_schema()`` order; InputError when it does not fit."""
    global _EVENT_ROW
    if _EVENT_ROW is None:
        _EVENT_ROW = row_converter(event_fields())
    return _EVENT_ROW(event)


def row_to_dict(row: Any) -> dict[str, Any]:
    """A Spark Row of the events output back to the ``Event.to_dict()`` shape (for tests and comparisons)."""
    d = row.asDict(recursive=True)
    return {name: d.get(name) for name in EVENT_FIELDS}
