"""The whole instruction of a campaign: verify every bundle, register, decide, export.

    python3 benchmarks/bench_reception.py [--count 700 --count 6870] [--cache DIR] [--workers N]

For each count, in a fresh process (so its peak memory is its own) and a fresh register:
- sha256 of every bundle's bytes (one core, the floor any verification is compared with);
- `verify_folder` on all cores (every bundle verified, filed in reception.sqlite);
- every current valid dossier retained at the amount asked (one transaction);
- `export_outputs`: the open-data tables (CSV, XLSX), the département summary, chart, text;
- a second `verify_folder` over the same folder (incremental: nothing verified again);
and the peak resident memory of the main process and of the largest worker. The campaign
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


def run_one(folder: Path, workers: int | None) -> dict:
    from socle_desktop.reception.batch import verify_folder
    from socle_desktop.reception.outputs import export_outputs
    from socle_desktop.reception.register import DRAFT, REJECTED, RETAINED, SUPERSEDED, VALID, Register

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
        bad = set(manifest["damaged_files"]) | set(manifest["forged_files"])
        resent = {path.name.replace("-v2", "-v1") for path in files if path.name.endswith("-v2.zip")}
        checks = {
            "rejected = damaged + forged": counts[REJECTED] == len(bad),
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
        "cpu_seconds_workers": round(_cpu(resource.RUSAGE_CHILDREN), 1),
        "cpu_seconds_main": round(_cpu(resource.RUSAGE_SELF), 1),
        "peak_rss_main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_largest_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "checks": checks,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, action="append")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the per-count child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.workers)))
        return 0
    import reception_campaign

    cache = args.cache or reception_campaign.DEFAULT_CACHE
    print(f"{os.cpu_count()} cœur(s) ; objectif : instruction complète de 6 870 paquets en moins de {TARGET_SECONDS} s")
    results = {}
    for count in args.count or [700, 6870]:
        folder = reception_campaign.generate(count, cache)
        command = [sys.executable, __file__, "--one", str(folder)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results[count] = json.loads(output.strip().splitlines()[-1])
        print(json.dumps({count: results[count]}, indent=1, ensure_ascii=False))
    return 0 if all(all(result["checks"].values()) for result in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
