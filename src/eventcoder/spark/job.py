"""The Spark coding job: read articles (JSONL or Parquet), code each partition, write partitioned Parquet.

    spark = build_session("local[2]")
    counts = run_code_job(spark, "articles.jsonl", "out/")

Output (``out/``):

* ``events/year=YYYY/month=MM/part-*.parquet`` — one row per event, exactly the JSONL columns
  (``EVENT_FIELDS``, ``location`` a struct); year/month come from the event date, else the article date
  (``__HIVE_DEFAULT_PARTITION__`` when neither is known). ``partitioning="year"`` or ``"none"`` changes that.
* ``articles/`` — one row per coded article: id, date, source, url, title, n_events.
* ``errors/`` — one row per problem: article_id, stage (input | date | schema | coding), message, the record
  (truncated), fatal (False: the article was still coded, e.g. an unreadable date).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from eventcoder.errors import ConfigError, InputError
from eventcoder.spark.schema import ARTICLE_FIELDS, ERROR_FIELDS, event_fields, struct_type
from eventcoder.spark.session import spark_errors
from eventcoder.spark.worker import (
    ARTICLE,
    CORRUPT,
    ERROR,
    EVENT,
    FILE,
    INPUT_FIELDS,
    PARTITIONINGS,
    CoderOptions,
    ReadOptions,
    code_partition,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

FORMATS: dict[str, tuple[str, ...]] = {"parquet": (".parquet", ".pq"), "jsonl": (".jsonl", ".ndjson", ".json")}


@dataclass
class CodeJob:
    """Everything ``run_code_job`` needs besides the session."""

    input: str
    out: str
    fmt: str | None = None  # jsonl | parquet; None: from the extension (default jsonl)
    partitions: int | None = None  # None: at least 2 x the default parallelism
    coder: CoderOptions = field(default_factory=CoderOptions)
    read: ReadOptions = field(default_factory=ReadOptions)
    partitioning: str = "month"
    overwrite: bool = False
    chunk_size: int = 64


def guess_format(path: str) -> str:
    suffix = PurePosixPath(path.rstrip("/")).suffix.lower()
    for fmt, suffixes in FORMATS.items():
        if suffix in suffixes:
            return fmt
    return "jsonl"


def _input_columns(read: ReadOptions) -> list[str]:
    return list(dict.fromkeys(read.column(f) for f in INPUT_FIELDS))


def read_input(spark: SparkSession, job: CodeJob) -> DataFrame:
    """The input as a DataFrame of string columns named as in the input, plus the file name."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    fmt = job.fmt or guess_format(job.input)
    cols = _input_columns(job.read)
    if fmt == "jsonl":
        schema = T.StructType([T.StructField(c, T.StringType()) for c in cols]
                              + [T.StructField(CORRUPT, T.StringType())])
        df = (spark.read.schema(schema).option("mode", "PERMISSIVE")
              .option("columnNameOfCorruptRecord", CORRUPT).json(job.input))
    elif fmt == "parquet":
        df = spark.read.parquet(job.input)
        present = set(df.columns)
        text_col = job.read.column("text")
        if text_col not in present:
            raise InputError(f"{job.input}: no column {text_col!r} (columns: {', '.join(df.columns)})")
        df = df.select(*[(F.col(f"`{c}`") if c in present else F.lit(None)).cast("string").alias(c)
                         for c in cols], F.lit(None).cast("string").alias(CORRUPT))
    else:
        raise ConfigError(f"unknown input format {fmt!r} (known: {', '.join(FORMATS)})")
    return df.withColumn(FILE, F.col("_metadata.file_path"))


def _partition_count(spark: SparkSession, df: DataFrame, wanted: int | None) -> int:
    if wanted is not None:
        if wanted < 1:
            raise InputError("--partitions must be at least 1")
        return wanted
    return max(df.rdd.getNumPartitions(), 2 * spark.sparkContext.defaultParallelism)


def run_code_job(spark: SparkSession, job: CodeJob) -> dict[str, int]:
    """Run the job; returns counts: articles, events, errors (fatal) and warnings (non-fatal problems)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    if job.partitioning not in PARTITIONINGS:
        raise ConfigError(f"unknown partitioning {job.partitioning!r} (known: {', '.join(PARTITIONINGS)})")
    part_cols = PARTITIONINGS[job.partitioning]
    mode = "overwrite" if job.overwrite else "errorifexists"
    coder, read, partitioning, chunk = job.coder, job.read, job.partitioning, job.chunk_size

    def code(rows):
        # one flat row per output record: (kind, event struct, article struct, error struct), the others
        # None, so Spark converts the Python output once and every write below filters in the JVM
        for kind, row in code_partition((r.asDict() for r in rows), coder, read, partitioning, chunk):
            yield (kind, row if kind == EVENT else None, row if kind == ARTICLE else None,
                   row if kind == ERROR else None)

    with spark_errors(f"coding {job.input}"):
        df = read_input(spark, job)
        n = _partition_count(spark, df, job.partitions)
        tagged = _tagged_frame(spark, df.repartition(n).rdd.mapPartitions(code), part_cols)
        tagged = tagged.persist(StorageLevel.MEMORY_AND_DISK)
        try:
            kind = F.col("kind")
            writer = tagged.where(kind == EVENT).select("event.*").write.mode(mode)
            if part_cols:
                writer = writer.partitionBy(*part_cols)
            writer.parquet(_join(job.out, "events"))
            tagged.where(kind == ARTICLE).select("article.*").write.mode(mode).parquet(_join(job.out, "articles"))
            (tagged.where(kind == ERROR).select("error.*").coalesce(1).write.mode(mode)
             .parquet(_join(job.out, "errors")))
            kinds = {(r["kind"], r["fatal"]): r["count"] for r in
                     tagged.groupBy("kind", F.col("error.fatal").alias("fatal")).count().collect()}
        finally:
            tagged.unpersist()
    return {"articles": kinds.get((ARTICLE, None), 0), "events": kinds.get((EVENT, None), 0),
            "errors": kinds.get((ERROR, True), 0), "warnings": kinds.get((ERROR, False), 0)}


def _tagged_frame(spark: SparkSession, rdd: Any, part_cols: tuple[str, ...]) -> DataFrame:
    """The worker output as one DataFrame: ``kind`` and one nullable struct per kind of row."""
    from pyspark.sql import types as T

    event = struct_type(event_fields())
    for name in part_cols:
        event = event.add(T.StructField(name, T.StringType(), nullable=True))
    schema = T.StructType([T.StructField("kind", T.IntegerType(), False),
                           T.StructField("event", event, True),
                           T.StructField("article", struct_type(ARTICLE_FIELDS), True),
                           T.StructField("error", struct_type(ERROR_FIELDS), True)])
    return spark.createDataFrame(rdd, schema=schema, verifySchema=False)


def _join(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


def read_events(spark: SparkSession, path: str, with_partitions: bool = False) -> DataFrame:
    """Read an events output back with its declared schema (only the JSONL columns unless
    ``with_partitions``). ``path`` is the job's ``out`` or its ``events`` folder."""
    from pyspark.sql import types as T

    events = path if path.rstrip("/").endswith("/events") or path.rstrip("/") == "events" \
        else _join(path, "events")
    schema = struct_type(event_fields())
    with spark_errors(f"reading {events}"):
        # keep partition values as written ("03", not 3), so rewriting keeps the layout
        spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        try:
            raw = spark.read.parquet(events)
        except Exception as e:  # a job that coded no event leaves a folder without data files
            if "UNABLE_TO_INFER_SCHEMA" not in str(e):
                raise
            return spark.createDataFrame([], schema)
        extra = [c for c in raw.columns if c not in schema.fieldNames()]
        if with_partitions:
            for c in extra:
                schema = schema.add(T.StructField(c, raw.schema[c].dataType, nullable=True))
            return raw.select(*schema.fieldNames())
        return raw.select(*[f.name for f in schema.fields])
