"""Spreadsheet import performance (issue 12: 3 000 lines in under a second).

    python3 benchmarks/bench_spreadsheet.py [--runs 5]

For a 60-school, 3 000-line budget written as CSV, XLSX and ODS by the app's own writer (all
3 000 lines in the first sheet), the time to turn the file into validated lines (read_table +
read_lines: the window's and `lignes import`'s work before the report), against reading the
same file with the library alone in the same run: Python's csv module, calamine (the XLSX and
ODS reader), and for comparison openpyxl's read-only rows and odfpy's document load (the
readers used before calamine). Medians of --runs runs; files in a temporary folder.
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


def csv_alone(path: Path):
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))


def calamine_alone(path: Path):
    import python_calamine

    return python_calamine.load_workbook(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)


def openpyxl_alone(path: Path):
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def odfpy_alone(path: Path):
    from odf import opendocument

    return opendocument.load(str(path))


ALONE = {".csv": (("csv", csv_alone),), ".xlsx": (("calamine", calamine_alone), ("openpyxl", openpyxl_alone)),
         ".ods": (("calamine", calamine_alone), ("odfpy", odfpy_alone))}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    dossier, _blobs = big_dossier(attachments=0)
    calcul = compute(dossier, load_rules()).to_dict()
    rules = load_rules()  # the categories and VAT rates are the rules file's
    sheets = budget_rows(dossier, calcul, rules.categories, VOLET_LABELS)
    print(f"{len(dossier.lignes)} lignes, {len(dossier.ecoles)} écoles ; médianes de {runs} essais\n")
    print(f"{'format':<6} {'lignes':>6} {'import (s)':>11}   bibliothèque seule (s), rapport import / bibliothèque")
    # Every line in the first sheet: the workbook a colleague would send.
    first_sheet = {**sheets, "equipement": [row for volet in ("equipement", "ressources", "accompagnement")
                                            for row in sheets[volet]], "ressources": [], "accompagnement": []}
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".csv", ".xlsx", ".ods"):
            path = Path(folder) / f"budget{suffix}"
            write_table(path, first_sheet, VOLET_LABELS)
            expected = len(dossier.lignes)

            def import_lines(path=path, expected=expected):
                table = read_lines(read_table(path), ecoles=dossier.ecoles, taux_tva=rules.taux_tva,
                                   categories=rules.categories)
                assert len(table.lines) == expected and not table.refused

            ours = median_seconds(import_lines, runs)
            alone = "   ".join(f"{name} {seconds:.3f} ({ours / seconds:.2f}×)"
                               for name, work in ALONE[suffix]
                               for seconds in [median_seconds(lambda work=work, path=path: work(path), runs)])
            print(f"{suffix[1:]:<6} {expected:>6} {ours:>11.3f}   {alone}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
