"""Spark scaling benchmark: spark-code throughput with local[2] against local[1] on the same corpus.

    python bench/spark_scaling.py                       # 600 generated articles (~220 words), cores 1, 2
    python bench/spark_scaling.py -n 4000 --cores 1 2 4 --json results.json

For each core count a local SparkSession is started in its own process; a warm-up job on that session makes
every Python worker load spaCy and the dictionaries first (workers are reused, so the timed job measures
coding, not model loading). The timed jobs then run in turns (local[1], local[2], local[1], ...), so load
from other processes on the machine hits each setting alike. The timed job is the whole ``run_code_job``: read JSONL, code, write Parquet; it runs
``--repeat`` times and the fastest run counts (the median, every run and the load average are reported
too). The in-process ``Coder.pipe`` throughput on the same articles is reported as a reference.
Ratios are against local[1] in the same run; compare figures only between runs on the same machine.
``cores_obtained`` (Python workers' CPU seconds per wall-clock second, from /proc) shows how much CPU the
job really got: on a machine busy with other work local[2] cannot reach 2, and no ratio can be expected
above what it got; ``python_cpu_ms_per_article`` equal across core counts shows the work is not duplicated.
``multiprocessing_ceiling`` times the same coding split over 1 and 2 plain processes (no Spark), in turns
with the same load: the speedup the machine itself allows at that moment.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "tests/data/corpus200/make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _proc_cpu(root: int) -> dict[int, tuple[str, float]]:
    """CPU seconds (user + system) of every descendant of ``root``: pid -> (command name, seconds).
    Linux /proc only; empty elsewhere."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    procs: dict[int, tuple[int, str, float]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1: raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        procs[int(entry.name)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) / tick)
    out, todo = {}, [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, name, cpu) in procs.items():
            if ppid == parent and pid not in out:
                out[pid] = (name, cpu)
                todo.append(pid)
    return out


def _cpu_delta(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds used between two snapshots by the JVM and by the Python workers."""
    used = {"jvm_cpu_s": 0.0, "python_cpu_s": 0.0}
    for pid, (name, cpu) in after.items():
        key = "jvm_cpu_s" if name == "java" else "python_cpu_s"
        used[key] += cpu - before.get(pid, (name, 0.0))[1]
    return used


def _serve(cores: int, conn, corpus: str, warm: str, work: str, coder_options, n: int) -> None:
    """Child process: one warm local[cores] session that runs the timed job whenever the parent asks."""
    sys.path.insert(0, str(ROOT / "src"))
    from eventcoder.spark.job import CodeJob, run_code_job
    from eventcoder.spark.session import build_session

    spark = build_session(f"local[{cores}]", app_name=f"bench-{cores}",
                          conf={"spark.default.parallelism": str(cores)})
    try:
        t0 = time.perf_counter()
        run_code_job(spark, CodeJob(warm, f"{work}/warm{cores}", coder=coder_options, partitions=cores))
        conn.send(time.perf_counter() - t0)
        while (i := conn.recv()) is not None:
            # Spark stops Python workers idle for a minute: warm them again (untimed) before each run
            run_code_job(spark, CodeJob(warm, f"{work}/warm{cores}-{i}", coder=coder_options, partitions=cores))
            cpu0 = _proc_cpu(os.getpid())
            t0 = time.perf_counter()
            counts = run_code_job(spark, CodeJob(corpus, f"{work}/out{cores}-{i}", coder=coder_options,
                                                 partitions=2 * cores))
            seconds = time.perf_counter() - t0
            conn.send((seconds, counts, _cpu_delta(cpu0, _proc_cpu(os.getpid()))))
    finally:
        spark.stop()
        conn.close()


def time_spark(cores_list: list[int], corpus: Path, warm: Path, work: Path, coder_options, n: int,
               repeat: int) -> list[dict]:
    """Start one warm session per core count (each in its own process), then run the timed job in turns:
    local[1], local[2], local[1], ... so that load from other processes hits every setting alike."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    servers = {}
    for cores in cores_list:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(cores, child, str(corpus), str(warm), str(work),
                                                coder_options, n), daemon=True)
        proc.start()
        servers[cores] = (proc, parent, parent.recv())  # wait for its warm-up, one at a time
    times: dict[int, list[float]] = {c: [] for c in cores_list}
    cpus: dict[int, list[dict[str, float]]] = {c: [] for c in cores_list}
    events: dict[int, int] = {}
    try:
        for i in range(repeat):
            for cores, (_proc, conn, _w) in servers.items():
                conn.send(i)
                seconds, counts, cpu = conn.recv()
                cpus[cores].append(cpu)
                if counts["articles"] != n:
                    raise RuntimeError(f"local[{cores}] coded {counts['articles']} of {n} articles")
                times[cores].append(seconds)
                events[cores] = counts["events"]
    finally:
        for proc, conn, _w in servers.values():
            conn.send(None)
            proc.join(timeout=60)
    out = []
    for cores, (_p, _c, warmup) in servers.items():
        best = min(times[cores])
        # cores the job really got: Python workers' CPU seconds per wall second (< cores on a busy machine)
        got = [c["python_cpu_s"] / t for c, t in zip(cpus[cores], times[cores], strict=True)]
        out.append({"cores": cores, "seconds": round(best, 2), "articles_per_s": round(n / best, 1),
                    "median_s": round(statistics.median(times[cores]), 2),
                    "runs_s": [round(t, 2) for t in times[cores]], "events": events[cores],
                    "warmup_s": round(warmup, 2),
                    "python_cpu_s": [round(c["python_cpu_s"], 1) for c in cpus[cores]],
                    "jvm_cpu_s": [round(c["jvm_cpu_s"], 1) for c in cpus[cores]],
                    "cores_obtained": [round(g, 2) for g in got],
                    "python_cpu_ms_per_article": round(1000 * statistics.median(
                        c["python_cpu_s"] for c in cpus[cores]) / n, 1)})
    return out


_POOL_CODER = None


def _pool_init(root: str, coder_options) -> None:
    global _POOL_CODER
    sys.path.insert(0, root)
    from eventcoder.spark.worker import get_coder

    _POOL_CODER = get_coder(coder_options)
    list(_POOL_CODER.pipe(_pool_articles([{"id": "w", "text": "Russia met France in Paris on Monday."}])))


def _pool_articles(records: list[dict]) -> list:
    from eventcoder.api import parse_date
    from eventcoder.model import Article

    return [Article(id=r["id"], text=r["text"], date=parse_date(r.get("date"))) for r in records]


def _pool_code(records: list[dict]) -> int:
    return sum(len(ev) for _a, ev in _POOL_CODER.pipe(_pool_articles(records)))


def time_pools(cores_list: list[int], records: list[dict], coder_options, repeat: int) -> list[dict]:
    """The machine's own ceiling, without Spark: the same coding split over N plain worker processes
    (multiprocessing, model loaded first), timed in turns like the Spark runs."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    pools = {c: ctx.Pool(c, initializer=_pool_init, initargs=(str(ROOT / "src"), coder_options))
             for c in cores_list}
    try:
        for c, pool in pools.items():  # wait until every process has loaded the model
            pool.map(_pool_code, [records[:2]] * c * 2)
        times: dict[int, list[float]] = {c: [] for c in cores_list}
        for _ in range(repeat):
            for c, pool in pools.items():
                chunks = [records[i::2 * c] for i in range(2 * c)]
                t0 = time.perf_counter()
                pool.map(_pool_code, chunks, chunksize=1)
                times[c].append(time.perf_counter() - t0)
    finally:
        for pool in pools.values():
            pool.terminate()
    base = min(times[cores_list[0]])
    return [{"cores": c, "seconds": round(min(t), 2), "articles_per_s": round(len(records) / min(t), 1),
             "runs_s": [round(x, 2) for x in t], "speedup": round(base / min(t), 2)} for c, t in times.items()]


def time_inprocess(corpus: Path, coder_options) -> dict:
    from eventcoder.ingest import iter_articles
    from eventcoder.spark.worker import get_coder

    articles = list(iter_articles([str(corpus)]))
    coder = get_coder(coder_options)
    list(coder.pipe(articles[:50]))  # load the model
    t0 = time.perf_counter()
    n_events = sum(len(ev) for _a, ev in coder.pipe(articles))
    seconds = time.perf_counter() - t0
    return {"seconds": round(seconds, 2), "articles_per_s": round(len(articles) / seconds, 1),
            "events": n_events}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=600, help="articles in the timed corpus")
    ap.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--extra", type=int, default=24,
                    help="background sentences per article (default 24: about 220 words, a short news story)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per core count (the best counts)")
    ap.add_argument("--stages", help="comma-separated stages (default: the full pipeline)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    from eventcoder.spark.worker import CoderOptions

    stages = tuple(s for s in args.stages.split(",") if s) if args.stages else None
    coder_options = CoderOptions(stages=stages)
    mc = _make_corpus()
    work = Path(tempfile.mkdtemp(prefix="spark-bench-"))
    try:
        records = mc.generate(args.n, seed=11, extra=args.extra)
        corpus = mc.write_jsonl(records, work / "corpus.jsonl")
        warm = mc.write_jsonl(mc.generate(40, seed=12, extra=args.extra), work / "warm.jsonl")
        words = sum(len(r["text"].split()) for r in records) / len(records)
        inproc = time_inprocess(corpus, coder_options)
        load_before = os.getloadavg()[0]
        runs = time_spark(args.cores, corpus, warm, work, coder_options, args.n, args.repeat)
        ceiling = time_pools(args.cores, records, coder_options, args.repeat)
        load_after = os.getloadavg()[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = next((r for r in runs if r["cores"] == 1), runs[0])
    for r in runs:
        r["speedup_vs_local1"] = round(r["articles_per_s"] / base["articles_per_s"], 2)
        r["median_speedup_vs_local1"] = round(base["median_s"] / r["median_s"], 2)
    result = {"articles": args.n, "words_per_article": round(words), "stages": list(stages) if stages else "default",
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_avg_before": round(load_before, 2), "load_avg_after": round(load_after, 2)},
              "coder_pipe_in_process": inproc, "spark": runs, "multiprocessing_ceiling": ceiling}
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    for r in runs:
        print(f"local[{r['cores']}]: {r['articles_per_s']} articles/s ({r['seconds']} s, warm-up "
              f"{r['warmup_s']} s), x{r['speedup_vs_local1']} vs local[1]; cores obtained "
              f"{r['cores_obtained']}, worker CPU {r['python_cpu_ms_per_article']} ms/article", file=sys.stderr)
    for r in ceiling:
        print(f"without Spark, {r['cores']} process(es): {r['articles_per_s']} articles/s, x{r['speedup']}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
