"""Spreadsheet import performance (issue: 3 000 lines in under a second).

    python3 benchmarks/bench_spreadsheet.py [--runs 5]

For a 60-school, 3 000-line budget written as CSV, XLSX and ODS by the app's own export, the
time to turn the file into validated lines (read_table + read_lines), against reading the same
file with the library alone in the same run: Python's csv module, openpyxl's read-only rows,
odfpy's document load. Medians of --runs runs; files in a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_export import big_dossier  # noqa: E402

from socle_desktop.domain.compute import compute  # noqa: E402
from socle_desktop.domain.line_table import read_lines  # noqa: E402
from socle_desktop.domain.model import VOLET_LABELS  # noqa: E402
from socle_desktop.export.spreadsheet import budget_rows, read_table, write_table  # noqa: E402
from socle_desktop.resources import load_rules  # noqa: E402


def median_seconds(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def library_alone(path: Path):
    suffix = path.suffix
    if suffix == ".csv":
        return lambda: list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    if suffix == ".xlsx":
        def xlsx():
            from openpyxl import load_workbook
            workbook = load_workbook(path, read_only=True, data_only=True)
            rows = list(workbook.worksheets[0].iter_rows(values_only=True))
            workbook.close()
            return rows
        return xlsx
    def ods():
        from odf import opendocument
        return opendocument.load(str(path))
    return ods


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    dossier, _blobs = big_dossier(attachments=0)
    calcul = compute(dossier, load_rules()).to_dict()
    sheets = budget_rows(dossier, calcul, load_rules().categories, VOLET_LABELS)
    print(f"{len(dossier.lignes)} lignes, {len(dossier.ecoles)} écoles ; médianes de {runs} essais\n")
    print(f"{'format':<6} {'lignes':>6} {'import (s)':>11} {'bibliothèque seule (s)':>23} {'rapport':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".csv", ".xlsx", ".ods"):
            path = Path(folder) / f"budget{suffix}"
            write_table(path, sheets, VOLET_LABELS)

            # The CSV holds every line; a workbook's first sheet, the equipment lines.
            expected = len(dossier.lignes) if suffix == ".csv" else len(sheets["equipement"])

            def import_lines(path=path, expected=expected):
                table = read_lines(read_table(path), ecoles=dossier.ecoles, taux_tva=load_rules().taux_tva,
                                   categories=load_rules().categories)
                assert len(table.lines) == expected and not table.refused

            ours = median_seconds(import_lines, runs)
            alone = median_seconds(library_alone(path), runs)
            print(f"{suffix[1:]:<6} {expected:>6} {ours:>11.3f} {alone:>23.3f} {ours / alone:>7.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
