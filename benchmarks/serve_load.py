"""What hostile and busy requests cost the served site: `python benchmarks/serve_load.py DB`.

Starts `plans serve` on a free loopback port, sends requests that ask for huge values and huge
results, and prints each one's status, time and the Datasette process's peak memory (VmHWM) after
it; then times table JSON pages at 20 concurrent requests and prints p50 and p95.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HOSTILE = {
    "hex(zeroblob(450 MB))": "select hex(zeroblob(450000000))",
    "zeroblob(60 MB)": "select zeroblob(60000000)",
    "100,000 rows of 1 KB": ("with recursive n(i) as (select 1 union all select i + 1 from n limit 100000) "
                             "select i, hex(randomblob(512)) from n"),
    "rows of values at the length limit": ("with recursive n(i) as (select 1 union all select i + 1 from n "
                                           "limit 100000) select hex(randomblob(16000)) from n"),
    "group_concat of every source_text ×200": ("with recursive n(i) as (select 1 union all select i + 1 from n "
                                                "limit 200) select group_concat(source_text) from n, measurements"),
}
PAGES = ["/plans/activities.json", "/plans/measurements.json", "/plans/actions.json?_facet=status"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fetch(url: str) -> tuple[int, float, int]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return status, time.perf_counter() - started, len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--requests", type=int, default=400, help="table page requests per page")
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-P", "-m", "pipeline.cli", "serve", "--db", str(args.db),
                             "--port", str(port), "--no-reload"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                fetch(base + "/-/versions.json")
                break
            except OSError:
                time.sleep(0.2)
        child = int(Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()[0])
        print(f"Datasette started: peak memory {peak_mb(child):.0f} MB")
        for label, sql in HOSTILE.items():
            status, seconds, size = fetch(base + "/plans.json?" + urllib.parse.urlencode({"sql": sql}))
            print(f"{label:40} status {status}  {seconds * 1000:7.0f} ms  {size / 1e6:8.2f} MB  "
                  f"peak memory {peak_mb(child):.0f} MB")
        for path in PAGES:
            fetch(base + path)  # warm
            with ThreadPoolExecutor(args.concurrency) as pool:
                results = list(pool.map(fetch, [base + path] * args.requests))
            times = sorted(r[1] * 1000 for r in results)
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"{path:40} {args.requests} requests at {args.concurrency} concurrent: "
                  f"p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, "
                  f"statuses {sorted({r[0] for r in results})}")
        print(f"peak memory of Datasette over the run: {peak_mb(child):.0f} MB")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
