"""Outbox upload performance against the real tus test server on loopback.

    python3 benchmarks/bench_outbox.py [--runs 3] [--size-mb 20]

Needs node and `npm ci --prefix tests/outbox/tus_server`. Measured in the same run:
- baseline: one raw httpx PATCH of the whole bundle to an upload created by hand (the least
  any tus client can do: no chunks, no bookkeeping);
- the outbox: `Sender.send_all()` on a queued bundle (re-hash of the queued copy, 1 MiB chunks,
  offset stored in SQLite after each chunk, final HEAD);
- the outbox through a proxy that cuts the connection 5 times at random offsets.
Prints medians of --runs runs and their ratio to the baseline.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "outbox"))

import httpx  # noqa: E402
import sqlite_utils  # noqa: E402
from conftest import CuttingProxy, fake_verify, make_standin_bundle  # noqa: E402

from socle_desktop.outbox import Outbox, RetryPolicy, Sender, TusClient  # noqa: E402

SERVER_DIR = ROOT / "tests" / "outbox" / "tus_server"


def start_server(folder: Path):
    process = subprocess.Popen(
        ["node", str(SERVER_DIR / "server.mjs"), "--dir", str(folder / "store"), "--log",
         str(folder / "log.jsonl"), "--max-seconds", "900"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=SERVER_DIR)
    line = process.stdout.readline()
    return process, json.loads(line)["port"]


def baseline(endpoint: str, bundle: Path) -> float:
    data = bundle.read_bytes()
    started = time.perf_counter()
    url = TusClient().create(endpoint, len(data), {"filename": bundle.name})
    response = httpx.patch(url, content=data, timeout=60, headers={
        "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
    assert response.status_code == 204, response.status_code
    return time.perf_counter() - started


def outbox_send(endpoint: str, bundle: Path, folder: Path, proxy_port: int | None = None) -> float:
    folder.mkdir(parents=True)
    box = Outbox(sqlite_utils.Database(folder / "bibliotheque.db"), folder, verify=fake_verify)
    box.add(bundle)
    target = endpoint
    proxy = None
    if proxy_port is not None:
        proxy = CuttingProxy(proxy_port, seed=7, cut_range=(200_000, 4_000_000), max_cuts=5)
        target = proxy.endpoint
    started = time.perf_counter()
    report = Sender(box, target, policy=RetryPolicy(max_tries=5, base_delay=0.01),
                    sleep=lambda _s: None).send_all()
    elapsed = time.perf_counter() - started
    assert report.all_sent, report.text()
    if proxy is not None:
        proxy.stop()
    box.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size-mb", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        process, port = start_server(temp / "serveur")
        try:
            endpoint = f"http://127.0.0.1:{port}/files/"
            times = {"baseline": [], "outbox": [], "outbox, 5 cuts": []}
            for run in range(args.runs):
                bundle = make_standin_bundle(temp / f"paquet-{run}.zip", size=args.size_mb * 2**20,
                                             seed=random.randrange(10**6))
                times["baseline"].append(baseline(endpoint, bundle))
                times["outbox"].append(outbox_send(endpoint, bundle, temp / f"a{run}"))
                times["outbox, 5 cuts"].append(outbox_send(endpoint, bundle, temp / f"b{run}", proxy_port=port))
        finally:
            process.stdin.close()
            process.wait(timeout=10)
    base = statistics.median(times["baseline"])
    print(f"Bundle of {args.size_mb} MiB, median of {args.runs} runs, tus server on loopback")
    for label, values in times.items():
        median = statistics.median(values)
        print(f"  {label:<16} {median * 1000:8.0f} ms  {args.size_mb / median:7.1f} MiB/s  "
              f"ratio to baseline {median / base:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
