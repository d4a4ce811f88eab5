"""The Spark dedup job: cluster coded events with the store's ``DedupRule``.

The decision logic is not re-implemented here: events are grouped by ``eventcoder.store.dedup.group_key``
and each group is clustered by ``cluster_group``, the same pure functions the DuckDB store runs, so both
give the same ``event_id -> cluster_id`` on the same events. Spark only distributes the groups (one group
is handled by one task).

Input: a ``spark-code`` output folder (``events/``, optionally ``articles/``) or an events folder.
Output (``out/``):

* ``events/`` — the events with a ``cluster_id`` column, partitioned like the input.
* ``clusters/`` — one row per cluster, the columns of the store's ``event_clusters`` table (representative
  event: the most frequent code, then the most precise date; counts of mentions, outlets and articles).
  Outlet counts and first/last seen need the ``articles/`` folder next to the input events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventcoder.spark.job import read_events
from eventcoder.spark.session import spark_errors

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from eventcoder.store.dedup import DedupRule


def _default_rule() -> DedupRule:
    from eventcoder.store.dedup import DedupRule

    return DedupRule()


@dataclass
class DedupJob:
    input: str
    out: str
    rule: DedupRule = field(default_factory=_default_rule)
    overwrite: bool = False
    partitions: int | None = None  # shuffle partitions for the grouping (None: Spark's default)


def rule_row(event: dict[str, Any]) -> dict[str, Any]:
    """An events-output row (``location`` a struct/dict) -> the flat row the rule reads."""
    from eventcoder.store.dedup import RULE_COLUMNS
    from eventcoder.store.schema import flatten_event

    flat = flatten_event(event)
    return {c: flat.get(c) for c in RULE_COLUMNS}


def cluster_groups(groups: Iterable[tuple[Any, Iterable[dict[str, Any]]]], rule: DedupRule
                   ) -> Iterator[tuple[str, str]]:
    """``(key, rows)`` groups -> ``(event_id, cluster_id)`` pairs (runs on the executors)."""
    from eventcoder.store.dedup import cluster_group

    for _key, rows in groups:
        members = list(rows)
        yield from zip((r["event_id"] for r in members), cluster_group(members, rule), strict=True)


def _rows(df: DataFrame) -> Any:
    return df.rdd.map(lambda r: rule_row(r.asDict(recursive=True)))


def assign_clusters(spark: SparkSession, events: DataFrame, rule: DedupRule, partitions: int | None = None
                    ) -> DataFrame:
    """A DataFrame ``(event_id, cluster_id)`` for ``events`` (events-output columns)."""
    from pyspark.sql import types as T

    from eventcoder.store.dedup import group_key

    n = partitions or int(spark.conf.get("spark.sql.shuffle.partitions"))
    pairs = (_rows(events).map(lambda d: (group_key(d, rule), d)).groupByKey(n)
             .mapPartitions(lambda groups: cluster_groups(groups, rule)))
    schema = T.StructType([T.StructField("event_id", T.StringType(), False),
                           T.StructField("cluster_id", T.StringType(), False)])
    return spark.createDataFrame(pairs, schema=schema, verifySchema=False)


def _sibling(path: str, name: str) -> str:
    base = path.rstrip("/")
    if base.endswith("/events"):
        base = base[: -len("/events")]
    return base + "/" + name


def _articles(spark: SparkSession, path: str) -> DataFrame | None:
    try:
        return spark.read.parquet(_sibling(path, "articles"))
    except Exception:  # no articles output next to the events: counts use the events only
        return None


_PREC_RANK = ("CASE date_precision WHEN 'day' THEN 0 WHEN 'week' THEN 1 WHEN 'month' THEN 2 "
              "WHEN 'year' THEN 3 ELSE 4 END")


def clusters_frame(spark: SparkSession, events: DataFrame, articles: DataFrame | None) -> DataFrame:
    """The store's ``event_clusters`` rows computed with Spark SQL from clustered events."""
    ev = events.alias("e")
    ev.createOrReplaceTempView("_ec_events")
    if articles is not None:
        articles.select("id", "source", "url", "date").createOrReplaceTempView("_ec_articles")
        join = ("LEFT JOIN _ec_articles a ON a.id = e.article_id",
                "a.source AS outlet, CAST(a.date AS DATE) AS adate, a.url AS aurl")
    else:
        join = ("", "CAST(NULL AS STRING) AS outlet, CAST(NULL AS DATE) AS adate, CAST(NULL AS STRING) AS aurl")
    lo = ("CASE length(e.date) WHEN 10 THEN try_cast(e.date AS DATE) "
          "WHEN 7 THEN try_cast(concat(e.date, '-01') AS DATE) "
          "WHEN 4 THEN try_cast(concat(e.date, '-01-01') AS DATE) END")
    hi = ("CASE length(e.date) WHEN 10 THEN date_add(try_cast(e.date AS DATE), "
          "CASE WHEN e.date_precision = 'week' THEN 6 ELSE 0 END) "
          "WHEN 7 THEN last_day(try_cast(concat(e.date, '-01') AS DATE)) "
          "WHEN 4 THEN try_cast(concat(e.date, '-12-31') AS DATE) END")
    sql = f"""
    WITH m AS (
        SELECT e.*, location.name AS location_name, location.country AS location_country,
            location.admin1 AS location_admin1, location.lat AS location_lat, location.lon AS location_lon,
            location.precision AS location_precision, {lo} AS date_lo, {hi} AS date_hi,
            {_PREC_RANK} AS prec, {join[1]}
        FROM _ec_events e {join[0]}),
    codes AS (SELECT cluster_id, cameo, count(*) AS n FROM m GROUP BY cluster_id, cameo),
    modal AS (SELECT cluster_id, min_by(cameo, struct(-n, cameo)) AS mcode FROM codes GROUP BY cluster_id),
    ranked AS (
        SELECT m.*, row_number() OVER (PARTITION BY m.cluster_id
            ORDER BY (m.cameo = modal.mcode) DESC, m.prec, m.date_lo ASC NULLS FIRST, m.event_id) AS rn
        FROM m JOIN modal USING (cluster_id)),
    rep AS (SELECT * FROM ranked WHERE rn = 1),
    agg AS (
        SELECT cluster_id, count(*) AS num_mentions, count(DISTINCT outlet) AS num_sources,
            count(DISTINCT article_id) AS num_articles, min(adate) AS first_seen, max(adate) AS last_seen,
            min_by(article_id, struct(adate IS NULL, adate, article_id)) AS first_article_id,
            min_by(aurl, struct(adate IS NULL, adate, article_id)) AS first_url,
            min_by(struct(location_name AS name, location_country AS country, location_admin1 AS admin1,
                          location_lat AS lat, location_lon AS lon, location_precision AS precision),
                   struct(location_name IS NULL AND location_country IS NULL, prec, event_id)) AS loc
        FROM m GROUP BY cluster_id)
    SELECT rep.cluster_id, rep.date, rep.date_precision, rep.date_lo, rep.date_hi, rep.source, rep.target,
        rep.cameo, rep.root, rep.goldstein, rep.quad_class, rep.plover, rep.plover_mode,
        agg.loc.name AS location_name, agg.loc.country AS location_country, agg.loc.admin1 AS location_admin1,
        agg.loc.lat AS location_lat, agg.loc.lon AS location_lon, agg.loc.precision AS location_precision,
        rep.negated, rep.future, rep.hypothetical,
        CAST(agg.num_mentions AS INT) AS num_mentions, CAST(agg.num_sources AS INT) AS num_sources,
        CAST(agg.num_articles AS INT) AS num_articles, agg.first_seen, agg.last_seen,
        agg.first_article_id, agg.first_url
    FROM rep JOIN agg USING (cluster_id)"""
    return spark.sql(sql)


def run_dedup_job(spark: SparkSession, job: DedupJob) -> dict[str, int]:
    """Cluster the events of ``job.input`` and write ``events/`` (with cluster_id) and ``clusters/``."""
    from pyspark import StorageLevel

    mode = "overwrite" if job.overwrite else "errorifexists"
    with spark_errors(f"dedup of {job.input}"):
        events = read_events(spark, job.input, with_partitions=True).dropDuplicates(["event_id"])
        part_cols = [c for c in events.columns if c in ("year", "month")]
        mapping = assign_clusters(spark, events, job.rule, job.partitions)
        clustered = events.join(mapping, "event_id", "left").persist(StorageLevel.MEMORY_AND_DISK)
        try:
            writer = clustered.write.mode(mode)
            if part_cols:
                writer = writer.partitionBy(*part_cols)
            writer.parquet(job.out.rstrip("/") + "/events")
            clusters = clusters_frame(spark, clustered.drop(*part_cols), _articles(spark, job.input))
            clusters.write.mode(mode).parquet(job.out.rstrip("/") + "/clusters")
            n_events = clustered.count()
            n_clusters = clustered.select("cluster_id").distinct().count()
        finally:
            clustered.unpersist()
    return {"events": n_events, "clusters": n_clusters}
