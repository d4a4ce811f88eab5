"""Load benchmark of the REST service on loopback: POST /code from concurrent clients, bounded.

Starts ``eventcoder serve`` in a subprocess (coder preloaded) on a free 127.0.0.1 port over a temporary
store, then:

1. baseline: ``--requests`` GET /health from ``--clients`` threads (the HTTP floor, no coding);
2. load: ``--requests`` POST /code (short articles, plain text and JSON, written here) from the same
   clients, with ``--malformed`` bad requests mixed in (broken JSON, invalid dates, oversize bodies),
   each of which must get its 4xx answer.

Reports throughput (requests/s), p50/p95/max latency, the ratio to the baseline, unexpected errors (must
be 0: any 5xx, connection error, or wrong status), whether the server is still up afterwards, and whether
its log has a traceback. Exits 1 when anything went wrong.

    python bench/serve_load.py [--requests 1000] [--clients 8] [--malformed 20] [--batch 1 16]
                               [--fake-coder] [--json]

``--batch 1 16`` measures one server that codes requests one at a time and one that codes concurrent
requests together (up to 16 articles per spaCy ``pipe`` call), and reports the throughput ratio.

``--fake-coder`` serves with a trivial coder (measures the service itself, not spaCy).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SUBJECTS = ["The Turkish government", "Russian officials", "The Iranian foreign minister", "Germany",
            "The United Nations", "Syrian rebels", "French President Emmanuel Macron", "Chinese diplomats"]
VERBS = ["met", "criticized", "praised", "accused", "thanked", "threatened", "urged", "visited"]
OBJECTS = ["their counterparts from Egypt", "the government of Iraq", "Israeli negotiators",
           "Japanese trade envoys", "the Kenyan delegation", "Saudi Arabia", "Polish ministers", "Brazil"]

FAKE_APP = """
from eventcoder.serve.app import create_app

class FakeCoder:
    def pipe(self, articles):
        for a in articles:
            yield a, []

app = create_app({db!r}, coder=FakeCoder(), coder_batch={batch})
"""


def article(rng: random.Random, i: int) -> str:
    parts = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} on Tuesday." for _ in range(3)]
    return " ".join(parts) + f" (item {i})"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, fake: bool, log_path: Path, batch: int = 16) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("EVENTCODER_TOKEN", None)
    if fake:
        mod_dir = db.parent
        (mod_dir / "fake_app.py").write_text(FAKE_APP.format(db=str(db), batch=batch))
        cmd = [sys.executable, "-m", "uvicorn", "fake_app:app", "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning", "--app-dir", str(mod_dir)]
    else:
        cmd = [sys.executable, "-m", "eventcoder", "serve", "--db", str(db), "--host", "127.0.0.1",
               "--port", str(port), "--preload", "--max-body", "100000", "--batch", str(batch)]
    log = log_path.open("w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not come up in 300 s")


def build_jobs(n: int, malformed: int, seed: int = 7) -> list[tuple[str, dict, int]]:
    """(kind, request kwargs, expected status) in a shuffled but reproducible order."""
    rng = random.Random(seed)
    jobs: list[tuple[str, dict, int]] = []
    for i in range(n):
        text = article(rng, i)
        if i % 2:
            jobs.append(("code", {"json": {"id": f"b{i}", "text": text, "date": "2018-03-14"}}, 200))
        else:
            jobs.append(("code", {"content": text, "params": {"date": "2018-03-14"},
                                  "headers": {"content-type": "text/plain"}}, 200))
    bad = [
        ("malformed", {"content": '{"text": "Germany met', "headers": {"content-type": "application/json"}}, 422),
        ("malformed", {"json": {"text": "Germany met Brazil.", "date": "the day after"}}, 422),
        ("malformed", {"json": {"no_text": 1}}, 422),
        ("malformed", {"content": b"\xff\xfe broken bytes", "headers": {"content-type": "text/plain"}}, 422),
        ("malformed", {"content": "x" * 300_000, "headers": {"content-type": "text/plain"}}, 413),
    ]
    for i in range(malformed):
        jobs.append(bad[i % len(bad)])
    rng.shuffle(jobs)
    return jobs


def run(url: str, method: str, path: str, jobs: list[tuple[str, dict, int]], clients: int) -> dict:
    """Run the jobs from ``clients`` threads (one keep-alive connection each); latency per request."""
    lock = threading.Lock()
    it = iter(jobs)
    lat: dict[str, list[float]] = {}
    errors: list[str] = []
    events = [0]

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=120) as c:
            while True:
                with lock:
                    job = next(it, None)
                if job is None:
                    return
                kind, kw, want = job
                t0 = time.perf_counter()
                try:
                    r = c.request(method, path, **kw)
                    status = r.status_code
                    ok = status == want and (want != 200 or method == "GET" or "events" in r.json())
                    n_ev = len(r.json().get("events", [])) if status == 200 and method == "POST" else 0
                except (httpx.HTTPError, ValueError) as e:
                    status, ok, n_ev = -1, False, 0
                    err = f"{kind}: {type(e).__name__}: {e}"
                dt = time.perf_counter() - t0
                with lock:
                    lat.setdefault(kind, []).append(dt)
                    events[0] += n_ev
                    if not ok:
                        errors.append(err if status == -1 else f"{kind}: status {status}, expected {want}")

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    out = {"wall_s": round(wall, 3), "requests": len(jobs), "throughput_rps": round(len(jobs) / wall, 1),
           "errors": len(errors), "error_samples": errors[:5], "events": events[0]}
    for kind, xs in lat.items():
        xs = sorted(xs)
        out[kind] = {"n": len(xs), "p50_ms": round(1000 * statistics.median(xs), 2),
                     "p95_ms": round(1000 * xs[min(len(xs) - 1, int(0.95 * len(xs)))], 2),
                     "max_ms": round(1000 * xs[-1], 2)}
    return out


def measure(args: argparse.Namespace, batch: int) -> dict:
    """One server (coding batch size ``batch``): baseline, load, still up, log clean."""
    with tempfile.TemporaryDirectory(prefix="ec-serve-load-") as tmp:
        tmpd = Path(tmp)
        port = free_port()
        log_path = tmpd / "server.log"
        t0 = time.perf_counter()
        proc = start_server(tmpd / "events.duckdb", port, args.fake_coder, log_path, batch)
        startup = time.perf_counter() - t0
        url = f"http://127.0.0.1:{port}"
        try:
            httpx.post(url + "/code", content="Germany met Brazil on Monday.", timeout=120)  # warm-up
            base = run(url, "GET", "/health", [("health", {}, 200)] * args.requests, args.clients)
            load = run(url, "POST", "/code", build_jobs(args.requests, args.malformed), args.clients)
            try:
                alive = httpx.get(url + "/health", timeout=10).status_code == 200
            except httpx.HTTPError:
                alive = False
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        log = log_path.read_text()
    return {"batch": batch, "startup_s": round(startup, 2), "baseline_health": base, "code": load,
            "code_vs_health_p50": round(load["code"]["p50_ms"] / max(base["health"]["p50_ms"], 1e-6), 1),
            "server_up_after": alive, "traceback_in_log": "Traceback" in log}


def report(res: dict, args: argparse.Namespace) -> None:
    load, base = res["code"], res["baseline_health"]
    c, b = load["code"], base["health"]
    print(f"[batch {res['batch']}] server start: {res['startup_s']} s")
    print(f"  baseline GET /health: {base['throughput_rps']} req/s, p50 {b['p50_ms']} ms, p95 {b['p95_ms']} ms")
    print(f"  POST /code x{c['n']} + {args.malformed} malformed, {args.clients} clients: {load['throughput_rps']} "
          f"req/s, p50 {c['p50_ms']} ms, p95 {c['p95_ms']} ms, max {c['max_ms']} ms, {load['events']} events coded")
    if "malformed" in load:
        m = load["malformed"]
        print(f"  malformed: {m['n']} answered with their 4xx, p50 {m['p50_ms']} ms")
    print(f"  /code p50 is {res['code_vs_health_p50']}x the /health p50")
    print(f"  unexpected errors: {base['errors'] + load['errors']} {load['error_samples']}")
    print(f"  server up afterwards: {res['server_up_after']}; traceback in server log: {res['traceback_in_log']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--malformed", type=int, default=20)
    ap.add_argument("--batch", type=int, nargs="+", default=[16],
                    help="coding batch sizes to measure, one server each (e.g. --batch 1 16)")
    ap.add_argument("--fake-coder", action="store_true", help="serve with a trivial coder (no spaCy)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    results = [measure(args, b) for b in args.batch]
    out = {"coder": "fake" if args.fake_coder else "real", "clients": args.clients, "runs": results}
    if len(results) > 1:
        first = results[0]["code"]["throughput_rps"]
        out["throughput_vs_first"] = [round(r["code"]["throughput_rps"] / first, 2) for r in results]
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"coder: {out['coder']}, {os.cpu_count()} CPUs")
        for r in results:
            report(r, args)
        if "throughput_vs_first" in out:
            print(f"/code throughput relative to batch {args.batch[0]}: {out['throughput_vs_first']}")
    ok = all(r["server_up_after"] and not r["traceback_in_log"] and r["baseline_health"]["errors"] == 0
             and r["code"]["errors"] == 0 for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
