"""The Spark scale-out: schema, per-partition worker, spark-code and spark-dedup in local mode.

Spark tests are marked ``spark`` and skip without pyspark or Java; they share one local[2] SparkSession.
Plumbing tests use a stand-in stage (tests/data/corpus200/toy_stages.py); the corpus tests use the real
coder on the 200-article corpus and compare with ``Coder.pipe`` and with the store's dedup.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

import pytest

from eventcoder.errors import ConfigError, InputError
from eventcoder.model import EVENT_FIELDS, Place

CORPUS_DIR = Path(__file__).parent / "data" / "corpus200"
CORPUS = CORPUS_DIR / "articles.jsonl"
if str(CORPUS_DIR) not in sys.path:
    sys.path.insert(0, str(CORPUS_DIR))  # toy_stages and make_corpus, for this process


def _canon(d: dict) -> str:
    return json.dumps(d, sort_keys=True, default=str)


# ---- pure parts (no Spark) ----------------------------------------------------------------------------------

def test_corpus_file_matches_its_generator():
    import make_corpus

    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    assert records == make_corpus.generate(200, 7)
    assert len({r["id"] for r in records}) == 200
    # stories are retold by several outlets, so dedup has work to do
    assert len({r["title"] for r in records}) < 150


def test_event_fields_cover_every_jsonl_field():
    from eventcoder.spark.schema import event_fields, object_fields

    assert list(event_fields()) == list(EVENT_FIELDS)
    assert set(object_fields(Place)) == set(Place("x").to_dict())


def test_to_row_checks_types_and_required_fields():
    from eventcoder.spark.schema import event_fields, to_row

    good = {name: None for name in EVENT_FIELDS}
    good.update(event_id="e", article_id="a", sentence_id="a:0", date_precision="day", date_source="article",
                source="RUS", cameo="040", source_text="Russia", source_span=[0, 6], trigger="met",
                span=[7, 10], pattern="p", sentence="Russia met.", negated=False, future=False,
                hypothetical=False, reported=False, warnings=[], goldstein=1, quad_class=1,
                location=Place("Paris", span=(3, 8)).to_dict())
    row = to_row(good)
    assert len(row) == len(event_fields())
    assert row[list(EVENT_FIELDS).index("goldstein")] == 1.0
    assert row[list(EVENT_FIELDS).index("location")][0] == "Paris"
    with pytest.raises(InputError, match="source"):
        to_row(good | {"source": None})
    with pytest.raises(InputError, match="negated"):
        to_row(good | {"negated": "no"})


def test_record_to_article_reads_like_the_jsonl_reader():
    from eventcoder.spark.worker import CORRUPT, FILE, ReadOptions, record_to_article

    opts = ReadOptions(columns=(("id", "id"), ("date", "published"), ("text", "body"), ("source", "source"),
                                ("url", "url"), ("title", "title")), default_date=dt.date(2020, 1, 1))
    art, problems = record_to_article({"id": "x", "published": "20170304", "body": "Line one\nline two.",
                                       FILE: "file:/data/in.jsonl"}, opts)
    assert problems == [] and art.id == "x" and art.date == dt.date(2017, 3, 4)
    assert art.text == "Line one line two."
    art, problems = record_to_article({"id": "y", "published": "soon-ish?", "body": "Text."}, opts)
    assert art.date == dt.date(2020, 1, 1) and problems[0].stage == "date" and not problems[0].fatal
    art, problems = record_to_article({"body": "Same text."}, opts)
    art2, _ = record_to_article({"body": "Same text."}, opts)
    assert art.id == art2.id and art.id.startswith("input-")
    for rec, message in (({"id": "z"}, "no text"), ({"id": "z", "body": "  \n "}, "empty"),
                         ({CORRUPT: "{oops"}, "malformed")):
        art, problems = record_to_article(rec, opts)
        assert art is None and message in problems[0].message and problems[0].fatal


def test_code_partition_without_spark_isolates_a_failing_article():
    from eventcoder.spark.worker import ARTICLE, ERROR, EVENT, CoderOptions, code_partition

    opts = CoderOptions(stages=("spark_toy",), plugins=("toy_stages",))
    records = [{"id": "a", "date": "2017-03-04", "text": "Russia accused Turkey in Ankara."},
               {"id": "b", "date": "2017-03-05", "text": "BOOM. France met Spain."},
               {"id": "c", "text": "Kenya met Nigeria."},
               {"id": "d", "date": "2017-03-06"}]
    out = list(code_partition(records, opts, chunk_size=3))
    kinds = [k for k, _ in out]
    assert kinds.count(EVENT) == 2 and kinds.count(ARTICLE) == 2 and kinds.count(ERROR) == 2
    errors = {row[0]: row for k, row in out if k == ERROR}
    assert errors["b"][1] == "coding" and "exploded" in errors["b"][2]
    assert errors["d"][1] == "input"
    events = [row for k, row in out if k == EVENT]
    # partition values: year/month of the event date, None when no date is known
    assert events[0][-2:] == ("2017", "03") and events[1][-2:] == (None, None)
    with pytest.raises(ConfigError):
        list(code_partition(records, CoderOptions(plugins=("no_such_module_xyz",))))


def test_dedup_cli_options_follow_the_rule():
    import dataclasses

    from eventcoder.commands.spark import RULE_OPTIONS
    from eventcoder.store.dedup import DedupRule

    fields = {f.name: f for f in dataclasses.fields(DedupRule)}
    assert set(RULE_OPTIONS) == set(fields)
    for name, (kind, _choices, _help) in RULE_OPTIONS.items():
        assert isinstance(fields[name].default, kind), name


def test_dedup_cli_builds_the_rule():
    from eventcoder.cli import build_parser
    from eventcoder.commands.spark import _rule
    from eventcoder.store.dedup import DedupRule

    args = build_parser().parse_args(["spark-dedup", "in", "--out", "o", "--no-directed", "--window-days", "4",
                                      "--family", "cameo"])
    assert _rule(args) == DedupRule(directed=False, window_days=4, family="cameo")


# ---- Spark ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def spark():
    from eventcoder.spark.session import build_session, spark_available

    why = spark_available()
    if why:
        pytest.skip(why)
    session = build_session("local[2]", app_name="eventcoder-tests",
                            conf={"spark.sql.shuffle.partitions": "4", "spark.default.parallelism": "2"})
    session.sparkContext.addPyFile(str(CORPUS_DIR / "toy_stages.py"))  # the plugin, shipped to executors
    yield session
    session.stop()


BAD_INPUT = [
    '{"id": "a1", "date": "2017-03-04", "source": "Outlet A", "text": "Russia accused Turkey in Ankara."}',
    '{"id": "a2", "date": "20170305", "text": "France met Germany in Paris.\\n\\nRussia accused Turkey."}',
    '{"id": "a3", "date": "not a date at all", "text": "Brazil met Mexico."}',
    '{"id": "a4", "date": "2017-03-06", "text": "Spain met Italy. BOOM"}',
    '{"id": "a5", "date": "2017-03-06"}',
    'this line is not json',
    '{"date": "2018-01-01", "text": "Kenya met Nigeria in Nairobi."}',
    '{"id": 77, "date": 20190101, "text": "Japan accused China."}',
]


@pytest.mark.spark
def test_spark_code_plumbing_and_bad_records(spark, tmp_path):
    import pyarrow.parquet as pq

    from eventcoder.spark.job import CodeJob, read_events, run_code_job
    from eventcoder.spark.worker import CoderOptions

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(BAD_INPUT) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    job = CodeJob(str(src), str(out), coder=CoderOptions(stages=("spark_toy",), plugins=("toy_stages",)),
                  partitions=3)
    counts = run_code_job(spark, job)
    assert counts == {"articles": 5, "events": 6, "errors": 3, "warnings": 1}

    # layout: events/year=YYYY/month=MM, unknown dates in the default partition
    dirs = {p.relative_to(out / "events").as_posix() for p in (out / "events").glob("year=*/month=*")}
    assert {"year=2017/month=03", "year=2018/month=01", "year=2019/month=01",
            "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__"} == dirs
    # the files hold exactly the JSONL columns, in order
    one = next((out / "events").glob("year=2017/month=03/*.parquet"))
    assert pq.read_schema(one).names == list(EVENT_FIELDS)

    errors = {(r["article_id"], r["stage"]): r for r in pq.read_table(out / "errors").to_pylist()}
    assert set(errors) == {("a3", "date"), (None, "input"), ("a4", "coding"), ("a5", "input")}
    assert errors[(None, "input")]["record"] == "this line is not json"
    assert errors[(None, "input")]["file"].endswith("in.jsonl")
    assert not errors[("a3", "date")]["fatal"]

    arts = {r["id"]: r for r in pq.read_table(out / "articles").to_pylist()}
    assert arts["a2"]["n_events"] == 2 and arts["77"]["date"] == "2019-01-01"

    rows = [r.asDict(recursive=True) for r in read_events(spark, str(out)).collect()]
    assert {r["article_id"] for r in rows} == {"a1", "a2", "a3", "77"} | {a for a in arts if "-" in a}
    paris = next(r for r in rows if r["cameo"] == "040" and r["article_id"] == "a2")
    assert paris["location"]["name"] == "Paris" and paris["span"] == [7, 10]

    # an existing output is not overwritten unless asked
    with pytest.raises(InputError):
        run_code_job(spark, job)

    # the store imports the Parquet output as it is
    from eventcoder.store.io import read_events as store_read

    assert store_read(out / "events").num_rows == 6


@pytest.mark.spark
def test_spark_code_reads_parquet_with_a_date_column(spark, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventcoder.spark.job import CodeJob, read_events, run_code_job
    from eventcoder.spark.worker import CoderOptions, ReadOptions

    table = pa.table({"doc": ["p1", "p2"], "published": [dt.date(2016, 5, 1), None],
                      "body": ["Egypt met Israel in Cairo.", "Poland accused Spain."]})
    pq.write_table(table, tmp_path / "in.parquet")
    cols = (("id", "doc"), ("date", "published"), ("text", "body"))
    job = CodeJob(str(tmp_path / "in.parquet"), str(tmp_path / "out"), partitioning="year",
                  coder=CoderOptions(stages=("spark_toy",), plugins=("toy_stages",)),
                  read=ReadOptions(columns=cols, default_date=dt.date(2016, 6, 1)))
    assert run_code_job(spark, job)["events"] == 2
    got = sorted((r.article_id, r.date) for r in read_events(spark, str(tmp_path / "out")).collect())
    assert got == [("p1", "2016-05-01"), ("p2", "2016-06-01")]
    assert sorted(p.name for p in (tmp_path / "out" / "events").glob("year=*")) == ["year=2016"]
    with pytest.raises(InputError, match="no column"):
        run_code_job(spark, CodeJob(str(tmp_path / "in.parquet"), str(tmp_path / "o2")))


@pytest.mark.spark
def test_spark_code_missing_and_empty_input(spark, tmp_path):
    from eventcoder.spark.job import CodeJob, read_events, run_code_job

    with pytest.raises(InputError, match="does not exist|PATH_NOT_FOUND"):
        run_code_job(spark, CodeJob(str(tmp_path / "nope.jsonl"), str(tmp_path / "o1")))
    (tmp_path / "bad.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    counts = run_code_job(spark, CodeJob(str(tmp_path / "bad.jsonl"), str(tmp_path / "o2")))
    assert counts == {"articles": 0, "events": 0, "errors": 1, "warnings": 0}
    assert read_events(spark, str(tmp_path / "o2")).count() == 0


@pytest.mark.spark
@pytest.mark.slow
def test_spark_code_command_line(tmp_path):
    """The CLI in its own process (it starts and stops its own Spark): summary, exit status 1 for bad records."""
    import os
    import subprocess

    from eventcoder.spark.session import spark_available

    if spark_available():
        pytest.skip(spark_available())
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(BAD_INPUT[:3] + BAD_INPUT[4:6]) + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).parents[1] / "src"), str(CORPUS_DIR)]))
    proc = subprocess.run([sys.executable, "-m", "eventcoder", "spark-code", str(src), "--out",
                           str(tmp_path / "out"), "--master", "local[1]", "--plugin", "toy_stages",
                           "--stages", "spark_toy", "--date-column", "date"],
                          capture_output=True, text=True, env=env, timeout=300)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "coded 3 article(s): 4 event(s), 2 bad record(s), 1 warning(s)" in proc.stderr
    assert lines[-1].startswith("warning: 2 record(s) could not be coded")
    assert "Traceback" not in proc.stderr


@pytest.mark.spark
def test_one_coder_per_python_worker(spark):
    from eventcoder.spark.worker import CoderOptions, get_coder

    opts = CoderOptions(stages=("spark_toy",), plugins=("toy_stages",))

    def probe(_rows):
        import os

        yield os.getpid(), id(get_coder(opts))

    pairs = spark.sparkContext.parallelize(range(12), 12).mapPartitions(probe).collect()
    assert len(pairs) == 12
    by_pid: dict[int, set[int]] = {}
    for pid, cid in pairs:
        by_pid.setdefault(pid, set()).add(cid)
    assert all(len(ids) == 1 for ids in by_pid.values())  # built once per process, reused by later tasks
    assert len(by_pid) <= 4  # local[2]: a couple of reused workers, not one per task


def _synthetic_events(n: int, seed: int = 3) -> list[dict]:
    """Events made to exercise the dedup rule: few dyads, near dates at mixed precisions, places, modality."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = dt.date(2017, 3, 1) + dt.timedelta(days=rng.randrange(20))
        prec = rng.choices(["day", "week", "month", "year", "unknown"], weights=[12, 2, 2, 1, 1])[0]
        date = {"day": day.isoformat(), "week": (day - dt.timedelta(days=day.weekday())).isoformat(),
                "month": day.isoformat()[:7], "year": day.isoformat()[:4], "unknown": None}[prec]
        code = rng.choice(["040", "042", "112", "111", "190"])
        place = rng.choice([None, None, "Geneva", "Cairo"])
        out.append({
            "event_id": f"ev{i:04d}", "article_id": f"art{i // 3}", "sentence_id": f"art{i // 3}:{i % 3}",
            "date": date, "date_precision": prec, "date_source": "text" if date else "unknown",
            "date_text": None, "source": rng.choice(["RUS", "TUR", "USA"]),
            "target": rng.choice(["IRN", "SYR", None]), "cameo": code, "root": code[:2],
            "goldstein": 1.0, "quad_class": 1 if code < "1" else 3, "plover": None, "plover_mode": None,
            "source_text": "s", "target_text": None, "source_span": [0, 1], "target_span": None,
            "trigger": "t", "span": [2, 3], "pattern": "p", "sentence": "s t.",
            "location": Place(place, country="XXX").to_dict() if place else None,
            "negated": rng.random() < 0.1, "future": False, "hypothetical": False, "reported": False,
            "warnings": [],
        })
    return out


def _write_events(spark, rows: list[dict], path: Path) -> None:
    """Write events in spark-code's layout (events/year=/month=)."""
    from pyspark.sql import types as T

    from eventcoder.spark.schema import event_schema, to_row

    schema = event_schema().add("year", T.StringType()).add("month", T.StringType())
    data = [to_row(r) + ((r["date"] or "")[:4] or None, (r["date"] or "")[5:7] or None) for r in rows]
    spark.createDataFrame(data, schema=schema).write.partitionBy("year", "month").parquet(str(path / "events"))


@pytest.mark.spark
def test_spark_dedup_equals_store_dedup_on_synthetic_events(spark, tmp_path):
    import pyarrow.parquet as pq

    from eventcoder.spark.dedup import DedupJob, run_dedup_job
    from eventcoder.store import Store
    from eventcoder.store.dedup import DedupRule

    rows = _synthetic_events(400)
    _write_events(spark, rows, tmp_path / "coded")
    # a non-default rule here (the corpus test below uses the default one)
    for rule in (DedupRule(directed=False, family="quad_class", location="exact", window_days=3),):
        out = tmp_path / f"dedup-{rule.directed}"
        counts = run_dedup_job(spark, DedupJob(str(tmp_path / "coded"), str(out), rule=rule))
        spark_map = {r["event_id"]: r["cluster_id"] for r in pq.read_table(out / "events").to_pylist()}
        with Store(tmp_path / f"s-{rule.directed}.duckdb", rule=rule) as store:
            store.import_events(tmp_path / "coded" / "events", dedup=False)
            store.dedup(rule, full=True)
            store_map = {e["event_id"]: e["cluster_id"] for e in store.events(limit=None)}
            store_clusters = {c["cluster_id"]: c for c in store.clusters(limit=None)}
        assert spark_map == store_map
        assert counts["clusters"] == len(set(store_map.values())) < len(rows)
        spark_clusters = {c["cluster_id"]: c for c in pq.read_table(out / "clusters").to_pylist()}
        assert set(spark_clusters) == set(store_clusters)
        for cid, c in store_clusters.items():
            s = spark_clusters[cid]
            for col in ("date", "date_precision", "source", "target", "cameo", "location_name",
                        "num_mentions", "num_articles", "negated"):
                assert s[col] == c[col], (cid, col)
            assert str(s["date_lo"]) == str(c["date_lo"]) and str(s["date_hi"]) == str(c["date_hi"])


# ---- the real coder on the 200-article corpus ---------------------------------------------------------------

@pytest.fixture(scope="session")
def corpus_run(spark, tmp_path_factory):
    from eventcoder.spark.job import CodeJob, run_code_job

    out = tmp_path_factory.mktemp("spark") / "coded"
    counts = run_code_job(spark, CodeJob(str(CORPUS), str(out)))
    return out, counts


@pytest.mark.spark
def test_spark_code_equals_coder_pipe_on_the_corpus(spark, coder, corpus_run):
    from eventcoder.ingest import iter_articles
    from eventcoder.spark.job import read_events
    from eventcoder.spark.schema import row_to_dict

    out, counts = corpus_run
    articles = list(iter_articles([str(CORPUS)]))
    expected = sorted(_canon(e.to_dict()) for _a, events in coder.pipe(articles) for e in events)
    got = sorted(_canon(row_to_dict(r)) for r in read_events(spark, str(out)).collect())
    assert counts["articles"] == 200 and counts["errors"] == 0
    assert len(expected) > 100, "the corpus should give plenty of events"
    assert got == expected


@pytest.mark.spark
def test_spark_dedup_equals_store_dedup_on_the_corpus(spark, coder, corpus_run, tmp_path):
    import pyarrow.parquet as pq

    from eventcoder.ingest import iter_articles
    from eventcoder.spark.dedup import DedupJob, run_dedup_job
    from eventcoder.store import Store

    out, _counts = corpus_run
    run_dedup_job(spark, DedupJob(str(out), str(tmp_path / "dedup")))
    spark_map = {r["event_id"]: r["cluster_id"] for r in pq.read_table(tmp_path / "dedup" / "events").to_pylist()}
    with Store(tmp_path / "store.duckdb") as store:
        store.ingest(iter_articles([str(CORPUS)]), coder)
        store_map = {e["event_id"]: e["cluster_id"] for e in store.events(limit=None)}
        store_clusters = {c["cluster_id"]: c for c in store.clusters(limit=None)}
    assert spark_map == store_map
    assert len(set(spark_map.values())) < len(spark_map), "retold stories should merge"
    spark_clusters = {c["cluster_id"]: c for c in pq.read_table(tmp_path / "dedup" / "clusters").to_pylist()}
    assert set(spark_clusters) == set(store_clusters)
    for cid, c in store_clusters.items():
        for col in ("cameo", "source", "target", "num_mentions", "num_sources", "num_articles",
                    "first_article_id", "first_url", "location_name"):
            assert spark_clusters[cid][col] == c[col], (cid, col)
        assert str(spark_clusters[cid]["first_seen"]) == str(c["first_seen"])
