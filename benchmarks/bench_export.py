"""Export and verification performance.

    python3 benchmarks/bench_export.py [--runs 3]

- export time (render, sign, bag, zip) of the demo dossier, and of a generated 60-school,
  3,000-line dossier with 20 attachments of 1 MB, against the time to compute that dossier
  (`domain.compute`, the part no export can avoid) measured in the same run;
- verify throughput on the big bundle against plain hashlib.sha256 over the same bytes
  (verify hashes every file at least twice: the bag's manifests and the signatures).
Medians of --runs runs; everything in temporary folders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socle_desktop.domain.compute import compute  # noqa: E402
from socle_desktop.domain.model import Ecole, Ligne, Piece  # noqa: E402
from socle_desktop.export import export_dossier  # noqa: E402
from socle_desktop.export.demo import demo_dossier, demo_piece_bytes  # noqa: E402
from socle_desktop.export.identity import demo_identity  # noqa: E402
from socle_desktop.export.verify import verify_bundle  # noqa: E402
from socle_desktop.resources import load_rules  # noqa: E402

SIGNING_TIME = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def big_dossier(schools: int = 60, lines: int = 3000, attachments: int = 20, size: int = 1024 * 1024):
    dossier = demo_dossier()
    dossier.ecoles = [
        Ecole(id=f"ecole-{i}", nom=f"École {i} du regroupement intercommunal", uai=f"{430000 + i:07d}"
              + UAI_LETTERS[(430000 + i) % 23], code_insee="43999", nb_classes=4, nb_eleves=90,
              commune="Saint-Exemple-sur-Loire")
        for i in range(schools)
    ]
    volets = ("equipement", "ressources", "accompagnement")
    categories = ("videoprojecteur", "ent", "formation")
    dossier.lignes = [
        Ligne(id=f"ligne-{n}", volet=volets[(n // schools) % 3], categorie=categories[(n // schools) % 3],
              ecole=f"ecole-{n % schools}", libelle=f"Article {n} : matériel ou service", quantite=1 + n % 4,
              prix_unitaire_ht_centimes=20_000 + n)
        for n in range(lines)
    ]
    generator = random.Random(42)
    blobs = {}
    dossier.pieces = []
    for index in range(attachments):
        data = generator.randbytes(size)
        sha256 = hashlib.sha256(data).hexdigest()
        blobs[sha256] = data
        dossier.pieces.append(Piece(nom=f"devis-{index:02d}.pdf", type="devis", sha256=sha256, taille=size,
                                    id=f"piece-{index}"))
    return dossier, blobs


def median_seconds(job, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    identity = demo_identity(now=SIGNING_TIME)
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp)

        def export_demo():
            return export_dossier(demo_dossier(), out_dir=out / "demo", identity=identity,
                                  piece_bytes=demo_piece_bytes, signing_time=SIGNING_TIME, example=True)

        demo_time = median_seconds(export_demo, runs)
        print(f"export of the demo dossier: median {demo_time * 1000:.0f} ms over {runs} runs")

        dossier, blobs = big_dossier()
        rules = load_rules(dossier.regles)
        compute_time = median_seconds(lambda: compute(dossier, rules), runs)
        results = []

        def export_big():
            results.append(export_dossier(dossier, out_dir=out / "big", identity=identity,
                                          piece_bytes=blobs.__getitem__, signing_time=SIGNING_TIME))

        big_time = median_seconds(export_big, runs)
        bundle = results[-1].bundle_path
        size = bundle.stat().st_size
        print(f"export of 60 schools, 3,000 lines, 20 × 1 MB: median {big_time:.2f} s "
              f"(compute alone {compute_time * 1000:.0f} ms, ratio {big_time / compute_time:.0f}×); "
              f"bundle {size / 1e6:.1f} MB")

        reports = []
        verify_time = median_seconds(lambda: reports.append(verify_bundle(bundle)), runs)
        assert reports[-1].ok, reports[-1].text()
        data = bundle.read_bytes()
        hash_time = median_seconds(lambda: hashlib.sha256(Path(bundle).read_bytes()).digest(), runs)
        print(f"verify of that bundle: median {verify_time:.2f} s = {len(data) / verify_time / 1e6:.0f} MB/s; "
              f"plain sha256 over the same bytes (read included): {hash_time * 1000:.0f} ms = "
              f"{len(data) / hash_time / 1e6:.0f} MB/s; ratio {verify_time / hash_time:.1f}×")

        demo_bundle = export_demo().bundle_path
        demo_verify = median_seconds(lambda: verify_bundle(demo_bundle), runs)
        for name, path in (("demo", demo_bundle), ("60-school", bundle)):
            parse_time = median_seconds(_pdf_text_check(path, compare=False), runs)
            text_time = median_seconds(_pdf_text_check(path), runs) - parse_time
            print(f"  of verify ({name} bundle): reading the PDF's text and comparing it with dossier.json "
                  f"(issue 17, item 3): median {text_time * 1000:.1f} ms (beyond the {parse_time * 1000:.1f} ms "
                  "of parsing the PDF, shared with its signature check)")
        print(f"verify of the demo bundle: median {demo_verify * 1000:.0f} ms (the PDF-text check above included)")


def _pdf_text_check(bundle: Path, compare: bool = True):
    """The check verify adds for what the PDF shows, on its own (the PDF already parsed, as in verify)."""
    import json
    import zipfile
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    from socle_desktop.domain.dossier_json import dossier_from_dict
    from socle_desktop.export.pdf_text import first_missing_in_pages, iter_page_texts, shown_facts

    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        pdf = archive.read(next(name for name in names if name.endswith("data/dossier.pdf")))
        data = json.loads(archive.read(next(name for name in names if name.endswith("data/dossier.json"))))
    dossier = dossier_from_dict(data)
    result = compute(dossier, load_rules(dossier.regles))

    def check():
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        reader.embedded_signatures  # noqa: B018 - parsed by the signature check before, as in verify
        if compare:
            assert first_missing_in_pages(iter_page_texts(reader), shown_facts(dossier, result)) is None

    return check


if __name__ == "__main__":
    main()
