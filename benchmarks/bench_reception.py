"""The whole instruction of a campaign: verify every bundle, register, decide, export.

    python3 benchmarks/bench_reception.py [--count 700 --count 6870] [--runs 3] [--cache DIR] [--workers N]

For each count, --runs times, each in a fresh process (so its peak memory is its own) and a fresh
register (the median run is reported, with its ratio to sha256 of the same bytes):
- sha256 of every bundle's bytes (one core, the floor any verification is compared with);
- `verify_folder` on all cores (every bundle verified, filed in reception.sqlite);
- every current valid dossier retained at the amount asked (one transaction);
- `export_outputs`: the open-data tables (CSV, XLSX), the département summary, chart, text;
- a second `verify_folder` over the same folder (incremental: nothing verified again);
and the peak resident memory of the main process and of the largest worker. On the first run's
register, the Réception page (offscreen): how long the register takes to read in its worker
thread, how long the window thread takes to show what was read, to filter it, to show a
report and to record a decision, and the longest the event loop waited while the register
was read (one frame is 16 ms). The campaign
comes from reception_campaign.py (generated once into the cache when missing). The register's
statuses are checked against what the generator made (damaged, forged, superseded).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_SECONDS = 60
VERIFY_IN_PAGE_MAX = 1000  # the page also verifies the folder itself (a whole verification more) up to this count


def _sha256_all(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
    return time.perf_counter() - started


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run_one(folder: Path, workers: int | None, measure_page: bool = False) -> dict:
    from socle_desktop.reception.batch import verify_folder
    from socle_desktop.reception.outputs import export_outputs
    from socle_desktop.reception.register import DRAFT, REJECTED, RETAINED, SUPERSEDED, UNCHECKED, VALID, Register

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = sorted((folder / "recus").glob("*.zip"))
    sha_seconds = _sha256_all(files)
    with tempfile.TemporaryDirectory(prefix="bench-reception-") as temp:
        temp = Path(temp)
        started = time.perf_counter()
        with Register(temp / "reception.sqlite") as register:
            first = verify_folder(register, folder / "recus", workers=workers)
            verified = time.perf_counter()
            current = register.entries(current_only=True)
            register.decide_many([(entry.dossier_id, RETAINED, entry.subsidy_centimes) for entry in current])
            decided = time.perf_counter()
            exported = export_outputs(register, temp / "sortie")
            done = time.perf_counter()
            counts = register.counts()
            second_started = time.perf_counter()
            second = verify_folder(register, folder / "recus", workers=workers)
            second_seconds = time.perf_counter() - second_started
            retained = register.entries(current_only=True)
        usage = (_cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF),
                 resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                 resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        page = None
        if measure_page:
            command = [sys.executable, __file__, "--page", str(temp)]
            if len(files) <= VERIFY_IN_PAGE_MAX:
                command += ["--page-verifies", str(folder / "recus")]
            page = json.loads(subprocess.run(command, check=True, capture_output=True, text=True)
                              .stdout.strip().splitlines()[-1])
        bad = set(manifest["damaged_files"]) | set(manifest["forged_files"])
        resent = {path.name.replace("-v2", "-v1") for path in files if path.name.endswith("-v2.zip")}
        checks = {
            # A cut transfer is not judged (« à renvoyer »), a forged bundle is rejected (issue 13).
            "rejected = forged": counts[REJECTED] == len(manifest["forged_files"]),
            "not judged = damaged (cut short)": counts[UNCHECKED] == len(manifest["damaged_files"]),
            # A dossier sent twice whose first sending was damaged has one valid version: nothing superseded.
            "superseded = second versions of intact first ones": counts[SUPERSEDED] == len(resent - bad),
            # Campaigns generated before the generator kept UAIs unique within a dossier hold a
            # draft or two (UAI_DOUBLON): instructable or not, each intact dossier is counted once.
            "valid + drafts = one per dossier with an intact version":
                counts[VALID] + counts[DRAFT] == manifest["dossiers"] - len(bad - resent),
            "subsidy total = sum of decisions": exported.outputs.total_subsidy_centimes ==
                sum(entry.granted_centimes or 0 for entry in retained if entry.decision == RETAINED),
            "second pass verified nothing": second.verified == 0 and second.skipped == len(files),
        }
    return {
        "files": len(files), "bytes": sum(path.stat().st_size for path in files),
        "sha256_seconds": round(sha_seconds, 2),
        "verify_register_seconds": round(verified - started, 2),
        "decide_seconds": round(decided - verified, 2),
        "export_seconds": round(done - decided, 2),
        "instruction_seconds": round(done - started, 2),
        "second_pass_seconds": round(second_seconds, 2),
        "verified": first.verified, "statuses": counts,
        "conventions": len(exported.outputs.collectivites), "schools": len(exported.outputs.ecoles),
        "subsidy_euros": f"{exported.outputs.total_subsidy_centimes / 100:,.2f}",
        "spending_euros": f"{exported.outputs.total_spending_centimes / 100:,.2f}",
        # CPU spent by the verification processes (and the main one): what an idle machine would
        # need, whatever else shared the cores during the run (wall time depends on that).
        "cpu_seconds_workers": round(usage[0], 1),
        "cpu_seconds_main": round(usage[1], 1),
        "cpu_ms_per_bundle": round((usage[0] + usage[1]) * 1000 / max(len(files), 1), 1),
        # How many cores the verification processes kept busy while verify_folder ran (2 on an
        # idle 2-core machine when the pool is fed well; less when other programs share the cores).
        "worker_cores_busy": round(usage[0] / max(verified - started, 1e-9), 2),
        "peak_rss_main_mb": round(usage[2], 1),
        "peak_rss_largest_worker_mb": round(usage[3], 1),
        "checks": checks,
        **({"page": page} if page else {}),
    }


def page_costs(data_dir: Path, verify_folder: Path | None = None) -> dict:
    """The Réception page on a register: what its worker thread and the window thread spend."""
    import statistics

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from socle_desktop.gui.reception_page import ReceptionPage
    from socle_desktop.reception.register import RETAINED, VALID

    app = QApplication.instance() or QApplication([])
    page = ReceptionPage(data_dir)
    page.resize(1200, 800)
    page.show()

    def until(condition, limit=120.0):
        deadline = time.monotonic() + limit
        while not condition() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.001)

    until(lambda: page.reader is None and page.model.rowCount() > 0)
    def longest_wait(action, done) -> int:
        """The longest gap (ms) between ticks of a 1 ms timer while `action()` runs to `done()`."""
        clock, longest = QElapsedTimer(), [0]
        clock.start()

        def tick():
            longest[0] = max(longest[0], clock.restart())

        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(tick)
        timer.start()
        action()
        until(done)
        timer.stop()
        return longest[0]

    reads, stalls, idle = [], [], []
    for _ in range(3):  # the register read in the worker thread, the event loop ticking meanwhile
        stalls.append(longest_wait(page.refresh, lambda: page.reader is None and not page._read_again))
        reads.append(page.read_seconds)
        # The same wait with nothing to do: what the machine's other load alone costs the loop.
        pause = time.monotonic() + max(page.read_seconds, 0.2)
        idle.append(longest_wait(lambda: None, lambda pause=pause: time.monotonic() > pause))

    def window_thread(action, repeat=5):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
        return round(statistics.median(times) * 1000, 1)

    rows = page.model.rowCount()
    show_ms = window_thread(page.show_entries)
    valid = page.filter.findData(VALID)
    filter_ms = window_thread(lambda: (page.filter.setCurrentIndex(valid), page.filter.setCurrentIndex(0)))
    page.filter.setCurrentIndex(valid)
    report_ms = window_thread(lambda: (page.table.selectRow(1), page.table.selectRow(0)))

    def decide():
        page.table.selectRow(0)
        page.decide(RETAINED)

    decide_ms = window_thread(decide, 3)
    until(lambda: page.reader is None and not page._read_again)
    page.shutdown()
    verifying = {}
    if verify_folder is not None:  # the folder verified by the page itself, on a fresh register
        import tempfile

        with tempfile.TemporaryDirectory(prefix="bench-page-") as fresh:
            page = ReceptionPage(Path(fresh))
            page.resize(1200, 800)
            page.show()
            progress = []
            finished = []
            page.verification_finished.connect(finished.append)
            started = time.perf_counter()
            wait = longest_wait(lambda: (page.verify(verify_folder),
                                         page.thread.progressed.connect(lambda done, *_: progress.append(done))),
                                lambda: bool(finished) and page.thread is None)
            seconds = time.perf_counter() - started
            until(lambda: page.reader is None and not page._read_again)
            verifying = {"page_verification_seconds": round(seconds, 1),
                         "longest_event_loop_wait_while_verifying_ms": wait,
                         "progress_updates": len(progress), "rows_listed_after": page.model.rowCount()}
            page.shutdown()
    return {**verifying, "rows": rows, "read_in_worker_thread_ms": round(statistics.median(reads) * 1000, 1),
            "longest_event_loop_wait_during_read_ms": max(stalls),
            "longest_event_loop_wait_idle_ms": max(idle),
            "window_thread_show_list_ms": show_ms, "window_thread_filter_twice_ms": filter_ms,
            "window_thread_two_reports_ms": report_ms, "window_thread_decision_ms": decide_ms}


def main() -> int:
    import statistics

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, action="append")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--no-page", action="store_true", help="skip the Réception page's measurement")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the per-run child process
    parser.add_argument("--with-page", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--page", type=Path, help=argparse.SUPPRESS)  # the page's child process
    parser.add_argument("--page-verifies", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.page:
        print(json.dumps(page_costs(args.page, args.page_verifies)))
        return 0
    if args.one:
        print(json.dumps(run_one(args.one, args.workers, args.with_page)))
        return 0
    import reception_campaign

    cache = args.cache or reception_campaign.DEFAULT_CACHE
    print(f"{os.cpu_count()} cœur(s) ; objectif : instruction complète de 6 870 paquets en moins de {TARGET_SECONDS} s")
    results = {}
    for count in args.count or [700, 6870]:
        folder = reception_campaign.generate(count, cache)
        runs = []
        for run in range(max(1, args.runs)):
            command = [sys.executable, __file__, "--one", str(folder)]
            if args.workers:
                command += ["--workers", str(args.workers)]
            if run == 0 and not args.no_page:
                command.append("--with-page")
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))
            print(f"{count} paquets, essai {run + 1} : instruction {runs[-1]['instruction_seconds']} s, "
                  f"sha256 {runs[-1]['sha256_seconds']} s", file=sys.stderr, flush=True)
        median = statistics.median(run["instruction_seconds"] for run in runs)
        sha256 = statistics.median(run["sha256_seconds"] for run in runs)
        result = dict(next(run for run in runs if run["instruction_seconds"] == median) if len(runs) % 2
                      else runs[0])
        result.pop("instruction_seconds")
        result.pop("sha256_seconds")
        result = {
            "runs": len(runs), "instruction_seconds_median": median,
            "instruction_seconds_each": [run["instruction_seconds"] for run in runs],
            "sha256_seconds_median": sha256, "ratio_to_sha256": round(median / max(sha256, 1e-9), 1),
            "under_target": median < TARGET_SECONDS if count >= 6870 else None,
            **result, **({"page": runs[0]["page"]} if "page" in runs[0] else {}),
            "checks_all_runs": all(all(run["checks"].values()) for run in runs),
        }
        results[count] = result
        print(json.dumps({count: result}, indent=1, ensure_ascii=False))
    if len(results) > 1:
        counts = sorted(results)
        low, high = results[counts[0]], results[counts[-1]]
        print(json.dumps({"memory": {
            "peak_rss_main_mb": {count: results[count]["peak_rss_main_mb"] for count in counts},
            "peak_rss_largest_worker_mb": {count: results[count]["peak_rss_largest_worker_mb"] for count in counts},
            "main_growth_ratio": round(high["peak_rss_main_mb"] / low["peak_rss_main_mb"], 2),
            "worker_growth_ratio": round(high["peak_rss_largest_worker_mb"] / low["peak_rss_largest_worker_mb"], 2),
        }}, indent=1))
    return 0 if all(result["checks_all_runs"] for result in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
