"""``eventcoder spark-code`` and ``eventcoder spark-dedup``: the Spark jobs from the command line.

Thin wrappers around ``eventcoder.spark.job.run_code_job`` and ``eventcoder.spark.dedup.run_dedup_job``.
Under ``spark-submit`` leave ``--master`` out (the submit command decides); by itself the command runs Spark
in local mode (``local[*]`` unless ``--master`` says otherwise).
"""

from __future__ import annotations

import argparse
import os
import sys

from eventcoder.errors import InputError


def _default_master() -> str | None:
    # Under spark-submit the JVM starts Python with a gateway port and owns the master setting.
    return None if os.environ.get("PYSPARK_GATEWAY_PORT") else "local[*]"


def _add_spark_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--master", default=None,
                   help="Spark master, e.g. local[4] or yarn (default: local[*], or spark-submit's)")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                   help="extra Spark setting (repeatable), e.g. spark.executor.memory=4g")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary line on stderr")


def _conf(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"bad --conf {item!r}: use KEY=VALUE")
        out[key.strip()] = value.strip()
    return out


def _session(args: argparse.Namespace, app: str):
    from eventcoder.spark.session import build_session

    return build_session(args.master or _default_master(), app_name=app, conf=_conf(args.conf))


def code_handler(args: argparse.Namespace) -> int:
    from eventcoder.api import parse_date
    from eventcoder.spark.job import CodeJob, run_code_job
    from eventcoder.spark.worker import INPUT_FIELDS, CoderOptions, ReadOptions

    columns = {f: f for f in INPUT_FIELDS}
    for name in INPUT_FIELDS:
        value = getattr(args, f"{name}_column", None)
        if value:
            columns[name] = value
    job = CodeJob(
        input=args.input, out=args.out, fmt=args.format, partitions=args.partitions,
        coder=CoderOptions(dictionaries=args.dictionaries, actor_files=tuple(args.actors),
                           keep_modal=args.keep_modal, batch_size=args.batch_size,
                           plugins=tuple(args.plugin),
                           stages=tuple(x.strip() for x in args.stages.split(",") if x.strip())
                           if args.stages else None),
        read=ReadOptions(columns=tuple(columns.items()), default_date=parse_date(args.date)),
        partitioning=args.partition_by, overwrite=args.overwrite)
    spark = _session(args, "eventcoder spark-code")
    try:
        counts = run_code_job(spark, job)
    finally:
        spark.stop()
    if not args.quiet:
        print(f"coded {counts['articles']} article(s): {counts['events']} event(s), {counts['errors']} bad "
              f"record(s), {counts['warnings']} warning(s); output in {args.out}", file=sys.stderr)
    if counts["errors"]:
        print(f"warning: {counts['errors']} record(s) could not be coded: see {args.out.rstrip('/')}/errors",
              file=sys.stderr)
    return 1 if counts["errors"] else 0


# The DedupRule fields as options (kept here so that building the CLI does not import the store;
# tests/test_spark_job.py checks this table against DedupRule): name -> (type, choices, help).
RULE_OPTIONS: dict[str, tuple[type, tuple[str, ...] | None, str]] = {
    "window_days": (int, None, "days two reports' dates may be apart (default 2)"),
    "family": (str, ("root", "cameo", "quad_class", "plover", "none"), "what counts as the same kind of "
               "event (default root)"),
    "directed": (bool, None, "(A, B) differs from (B, A) (default: yes)"),
    "actor_level": (str, ("code", "country"), "how actors must agree: whole codes, or their country "
                    "(first three letters) (default code)"),
    "location": (str, ("compatible", "exact", "ignore"), "how places must agree (default compatible)"),
    "location_level": (str, ("name", "admin1", "country"), "which part of the place (default name)"),
    "same_modality": (bool, None, "negated/future/hypothetical must match (default: yes)"),
    "max_span_days": (int, None, "most days a cluster's precise dates span (default 7)"),
    "coarse_days": (int, None, "dates covering more days than this attach without stretching (default 7)"),
}


def _rule_options(p: argparse.ArgumentParser) -> None:
    for name, (kind, choices, text) in RULE_OPTIONS.items():
        flag = "--" + name.replace("_", "-")
        if kind is bool:
            p.add_argument(flag, dest=f"rule_{name}", action=argparse.BooleanOptionalAction, default=None,
                           help=f"dedup rule: {text}")
        else:
            p.add_argument(flag, dest=f"rule_{name}", type=kind, choices=choices, default=None,
                           metavar=None if choices else "N", help=f"dedup rule: {text}")


def _rule(args: argparse.Namespace):
    from eventcoder.errors import ConfigError
    from eventcoder.store.dedup import DedupRule

    given = {name: getattr(args, f"rule_{name}") for name in RULE_OPTIONS
             if getattr(args, f"rule_{name}", None) is not None}
    try:
        return DedupRule(**given)
    except TypeError as e:  # the rule and this table disagree
        raise ConfigError(f"dedup rule options do not match DedupRule: {e}") from None


def dedup_handler(args: argparse.Namespace) -> int:
    from eventcoder.spark.dedup import DedupJob, run_dedup_job

    job = DedupJob(input=args.input, out=args.out, rule=_rule(args), overwrite=args.overwrite,
                   partitions=args.partitions)
    spark = _session(args, "eventcoder spark-dedup")
    try:
        counts = run_dedup_job(spark, job)
    finally:
        spark.stop()
    if not args.quiet:
        print(f"{counts['events']} event(s) in {counts['clusters']} cluster(s); output in {args.out}",
              file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "spark-code", help="code articles with Apache Spark (local or cluster)",
        description="Code a JSONL or Parquet corpus with Spark; writes Parquet events partitioned by "
                    "year/month, plus articles/ and errors/. Exit status 1 when some records could not "
                    "be coded (they are rows in OUT/errors). See docs/spark.md.")
    p.add_argument("input", metavar="INPUT", help="JSONL or Parquet file/folder: a local path or any "
                                                  "Hadoop-supported URI (hdfs://, s3a://, ...)")
    p.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder (local path or URI)")
    p.add_argument("--format", choices=["jsonl", "parquet"], default=None,
                   help="input format (default: from the extension; otherwise jsonl)")
    p.add_argument("--partitions", type=int, default=None, metavar="N",
                   help="partitions to code in parallel (default: at least 2 x the cores)")
    p.add_argument("--partition-by", choices=["month", "year", "none"], default="month",
                   help="folder layout of OUT/events (default: year=YYYY/month=MM)")
    for name in ("id", "date", "text", "source", "url", "title"):
        p.add_argument(f"--{name}-column", metavar="COLUMN", help=f"input column holding the article {name}")
    p.add_argument("--date", help="article date (YYYY-MM-DD) for records that have none")
    p.add_argument("--dictionaries", metavar="SPEC", help="dictionaries instead of the shipped ones (the "
                   "path must exist on every executor: ship it with --files or use a shared filesystem)")
    p.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="extra actor dictionary (repeatable; must exist on every executor)")
    p.add_argument("--keep-modal", action="store_true", help="keep negated and hypothetical events")
    p.add_argument("--batch-size", type=int, default=32, help="articles per spaCy batch in each task")
    p.add_argument("--plugin", action="append", default=[], metavar="MODULE",
                   help="Python module to import on each executor before coding (e.g. extra stages)")
    p.add_argument("--stages", metavar="A,B,...", help="pipeline stages to run (default: the full pipeline)")
    _add_spark_options(p)
    p.set_defaults(func=code_handler)

    d = sub.add_parser(
        "spark-dedup", help="cluster Spark-coded events with the store's dedup rule",
        description="Cluster the events of a spark-code output with the same rule as the store: writes "
                    "OUT/events (with cluster_id) and OUT/clusters (the store's event_clusters columns).")
    d.add_argument("input", metavar="DIR", help="a spark-code output folder (or its events/ folder)")
    d.add_argument("--out", "-o", required=True, metavar="DIR2", help="output folder")
    d.add_argument("--partitions", type=int, default=None, metavar="N", help="shuffle partitions")
    _rule_options(d)
    _add_spark_options(d)
    d.set_defaults(func=dedup_handler)
