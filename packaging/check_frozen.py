"""Run a frozen socle-desktop as a user would, offscreen, and fail loudly when it fails.

    python packaging/check_frozen.py PROGRAM [--verifier PYTHON]

PROGRAM is the frozen executable (dist/socle-desktop/socle-desktop, or the one a package
installed in /usr/bin). The bundle that the frozen `demo` writes is checked by the *installed*
package's `verify` (PYTHON -m socle_desktop verify), so a frozen build that writes something the
real verifier refuses fails here. Exit 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_DOSSIER = ROOT / "resources" / "demo" / "demo-dossier.json"
# verify's exit codes for an intact bundle: 0 instructable, 4 intact but not instructable
# (the demo is a fictional example, which a reviewer must not accept as a real dossier).
VERIFY_INTACT = {0, 4}


class CheckFailed(Exception):
    pass


def run(command: list[str], *, data_dir: Path, timeout: int = 180) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SOCLE_DATA_DIR": str(data_dir)}
    env.pop("DISPLAY", None)
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)


def expect(done: subprocess.CompletedProcess, codes: set[int], what: str) -> subprocess.CompletedProcess:
    if done.returncode not in codes:
        raise CheckFailed(f"{what}: exit {done.returncode}\n--- stdout\n{done.stdout[-2000:]}\n"
                          f"--- stderr\n{done.stderr[-2000:]}")
    if "Traceback" in done.stderr:
        raise CheckFailed(f"{what}: a traceback reached the user\n{done.stderr[-2000:]}")
    return done


def check_version(program: str, work: Path, verifier: str) -> str:
    frozen = expect(run([program, "--version"], data_dir=work / "v"), {0}, "--version").stdout.strip()
    installed = expect(run([verifier, "-m", "socle_desktop", "--version"], data_dir=work / "v"), {0},
                       "installed --version").stdout.strip()
    if frozen != installed:
        raise CheckFailed(f"--version: the frozen program says « {frozen} », the package « {installed} »")
    return frozen


def check_demo(program: str, work: Path, verifier: str) -> str:
    out = work / "demo-out"
    expect(run([program, "demo", "--out", str(out)], data_dir=work / "demo-data"), {0}, "demo --out")
    bundles = sorted(out.glob("*.zip"))
    pdfs = sorted(out.glob("*.pdf"))
    if len(bundles) != 1 or not pdfs:
        raise CheckFailed(f"demo --out wrote {[p.name for p in out.iterdir()]}: one bundle and a PDF expected")
    verified = expect(run([verifier, "-m", "socle_desktop", "verify", str(bundles[0])], data_dir=work / "verify"),
                      VERIFY_INTACT, "installed verify of the frozen demo's bundle")
    return f"bundle {bundles[0].stat().st_size} bytes, installed verify exit {verified.returncode}"


def check_smoke(program: str, work: Path) -> str:
    done = expect(run([program, "--smoke"], data_dir=work / "smoke-data"), {0}, "--smoke")
    return (done.stdout + done.stderr).strip().splitlines()[-1]


def check_compute(program: str, work: Path) -> str:
    done = expect(run([program, "compute", str(DEMO_DOSSIER)], data_dir=work / "compute"), {0}, "compute")
    result = json.loads(done.stdout)
    return f"total subvention {result['total']['subvention_centimes']} centimes"


def check_spreadsheets(program: str, work: Path) -> str:
    """`lignes export` then `lignes import` through XLSX and ODS: the native spreadsheet reader
    (calamine, a compiled extension imported lazily) is in the frozen program."""
    data = work / "sheets"
    expect(run([program, "import", str(DEMO_DOSSIER)], data_dir=data), {0}, "import of the demo")
    dossier_id = json.loads(expect(run([program, "list", "--json"], data_dir=data), {0}, "list").stdout)[0]["id"]
    said = []
    for suffix in (".xlsx", ".ods"):
        table = work / f"budget{suffix}"
        expect(run([program, "lignes", "export", dossier_id, "--out", str(table)], data_dir=data), {0},
               f"lignes export {suffix}")
        # The lines read back are the dossier's own: --doublons adds them anyway.
        done = expect(run([program, "lignes", "import", dossier_id, str(table), "--doublons"], data_dir=data), {0},
                      f"lignes import {suffix}")
        said.append(done.stdout.strip().splitlines()[-1])
    return " / ".join(said)


def check_damaged_library(program: str, work: Path) -> str:
    """A library whose file is not a database: one French line (exit 1 or 2), never a crash, and
    the window still starts (it offers the backups instead of dying)."""
    data = work / "damaged"
    data.mkdir()
    (data / "bibliotheque.sqlite").write_bytes(b"ceci n'est pas une base SQLite" * 200)
    listed = expect(run([program, "list"], data_dir=data), {1, 2}, "list on a damaged library")
    started = expect(run([program, "--smoke"], data_dir=data), {0, 1}, "--smoke on a damaged library")
    if "endommagée" not in listed.stderr or "dialogue :" not in started.stderr:
        raise CheckFailed(f"a damaged library was not reported in French:\n{listed.stderr}\n{started.stderr}")
    return listed.stderr.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program")
    parser.add_argument("--verifier", default=sys.executable,
                        help="the Python where socle-desktop is installed (default: this one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="socle-frozen-") as folder:
        work = Path(folder)
        checks = [
            ("--version", lambda: check_version(args.program, work, args.verifier)),
            ("demo --out + verify", lambda: check_demo(args.program, work, args.verifier)),
            ("--smoke", lambda: check_smoke(args.program, work)),
            ("compute", lambda: check_compute(args.program, work)),
            ("damaged library", lambda: check_damaged_library(args.program, work)),
            ("lignes export + import (xlsx, ods)", lambda: check_spreadsheets(args.program, work)),
        ]
        failed = 0
        for name, check in checks:
            try:
                print(f"[OK] {name}: {check()}")
            except (CheckFailed, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError) as error:
                failed += 1
                print(f"[ÉCHEC] {name}: {error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
