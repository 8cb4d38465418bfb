"""Benchmark of the library of dossiers (issue 3). A plain script, not a test:

    python3 benchmarks/bench_store.py [--edits 300] [--dossiers 500]

Measures, on a generated 60-school, 3,000-line dossier: one persisted edit (put_ligne, in
place and inserted in the middle, committed with WAL + synchronous=FULL), p50 and p95; loading
the whole dossier; then `list_dossiers` over 500 dossiers. Each figure is quoted with a
baseline measured in the same run on the same disk: a bare sqlite3 INSERT + COMMIT of one row
with the same pragmas (the cost of one durable transaction), and a bare SELECT of 500 rows.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from socle_desktop.domain.compute import compute
from socle_desktop.domain.identifiers import uai_check_letter
from socle_desktop.domain.model import (
    Collectivite,
    Dossier,
    Ecole,
    Ligne,
    Projet,
    Representant,
)
from socle_desktop.resources import load_rules
from socle_desktop.store import Library


def generated_dossier(schools: int, lines: int, rng: random.Random) -> Dossier:
    ecoles = []
    for i in range(schools):
        digits = f"{4300000 + i:07d}"
        ecoles.append(Ecole(id=f"e{i}", nom=f"École élémentaire n° {i}", uai=digits + uai_check_letter(digits),
                            code_insee="43001", commune="Exemple", nb_classes=rng.randint(1, 8),
                            nb_eleves=rng.randint(20, 200)))
    volets = ("equipement",) * 6 + ("ressources",) * 3 + ("accompagnement",)
    lignes = []
    for i in range(lines):
        volet = rng.choice(volets)
        lignes.append(Ligne(id=f"l{i}", volet=volet, categorie=rng.choice(list(load_rules().categories[volet])),
                            ecole=f"e{i % schools}" if volet == "equipement" else None,
                            libelle=f"Matériel ou service n° {i}", quantite=rng.randint(1, 30),
                            prix_unitaire_ht_centimes=rng.randint(1_000, 200_000), taux_tva="20"))
    return Dossier(
        collectivite=Collectivite(type="epci", raison_sociale="Communauté de communes du Banc d'Essai",
                                  siret="21439999000016", code_insee="43001",
                                  representant=Representant(nom="Président", qualite="Président")),
        ecoles=ecoles, lignes=lignes, projet=Projet(intitule="Socle numérique de 60 écoles", description="…"),
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(action, repeat: int) -> list[float]:
    """Milliseconds of each run of `action`."""
    durations = []
    for index in range(repeat):
        start = time.perf_counter()
        action(index)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def baseline_commit(folder: Path, repeat: int) -> list[float]:
    connection = sqlite3.connect(folder / "baseline.sqlite", isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, texte TEXT)")

    def insert(index: int) -> None:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t (texte) VALUES (?)", [f"ligne {index}"])
        connection.execute("COMMIT")

    try:
        return timed(insert, repeat)
    finally:
        connection.close()


def report(label: str, values: list[float], baseline: float | None = None) -> None:
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    ratio = f"   ×{p50 / baseline:.1f} la référence" if baseline else ""
    print(f"  {label:<62} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms{ratio}")


def bench_big_dossier(folder: Path, edits: int, rng: random.Random) -> None:
    base = baseline_commit(folder, edits)
    base_p50 = statistics.median(base)
    print("Dossier de 60 écoles et 3 000 lignes (WAL, synchronous=FULL)")
    report("référence : INSERT + COMMIT sqlite3 nu (1 ligne)", base)
    dossier = generated_dossier(60, 3000, rng)
    with Library.open(folder / "grand") as lib:
        start = time.perf_counter()
        dossier_id = lib.create(dossier)
        print(f"  création (import) du dossier : {(time.perf_counter() - start) * 1000:.1f} ms")
        stored = lib.load(dossier_id)

        def edit_in_place(index: int) -> None:
            ligne = stored.lignes[rng.randrange(len(stored.lignes))]
            lib.put_ligne(dossier_id, replace(ligne, quantite=1 + index % 40))

        def insert_in_middle(index: int) -> None:
            lib.put_ligne(dossier_id, Ligne(id=f"n{index}", volet="ressources", categorie="ent",
                                            libelle="ajout", quantite=1, prix_unitaire_ht_centimes=100),
                          position=1500)

        def edit_collectivite(index: int) -> None:
            lib.update_collectivite(dossier_id, replace(stored.collectivite, adresse=f"{index} rue de l'Essai"))

        report("une modification de ligne (put_ligne), persistée", timed(edit_in_place, edits), base_p50)
        report("une ligne insérée au milieu (décale 1 500 positions)", timed(insert_in_middle, edits), base_p50)
        report("une modification de la collectivité", timed(edit_collectivite, edits), base_p50)
        report("chargement complet du dossier (load)", timed(lambda _: lib.load(dossier_id), 30))
        rules = load_rules(dossier.regles)
        report("pour comparaison : domain.compute du dossier", timed(lambda _: compute(stored, rules), 30))
        report("save du dossier entier (calcul du résumé compris)", timed(lambda _: lib.save(stored), 10), base_p50)
        assert lib.check() == []


def bench_list(folder: Path, count: int, rng: random.Random) -> None:
    print(f"Liste de {count} dossiers (1 à 12 écoles, 10 à 300 lignes chacun)")
    with Library.open(folder / "liste") as lib:
        ids = [lib.create(generated_dossier(rng.randint(1, 12), rng.randint(10, 300), rng)) for _ in range(count)]
        connection = sqlite3.connect(folder / "liste" / "bibliotheque.sqlite")
        bare = timed(lambda _: connection.execute(
            "SELECT id, modifie_le, resume_subvention_centimes FROM dossiers").fetchall(), 30)
        connection.close()
        report(f"référence : SELECT nu des {count} lignes de dossiers", bare)
        bare_p50 = statistics.median(bare)
        report("list_dossiers (résumés à jour)", timed(lambda _: lib.list_dossiers(), 30), bare_p50)

        def after_an_edit(index: int) -> None:
            dossier_id = ids[index % len(ids)]
            ligne = lib.load(dossier_id).lignes[0]
            lib.put_ligne(dossier_id, replace(ligne, quantite=2 + index % 7))
            start = time.perf_counter()
            lib.list_dossiers()
            after_an_edit.durations.append((time.perf_counter() - start) * 1000)

        after_an_edit.durations = []
        timed(after_an_edit, 30)
        report("list_dossiers juste après une modification (1 à recalculer)", after_an_edit.durations, bare_p50)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--dossiers", type=int, default=500)
    parser.add_argument("--dir", help="dossier de travail (par défaut un dossier temporaire)")
    args = parser.parse_args()
    rng = random.Random(2021)
    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=args.dir) as temp:
        folder = Path(temp)
        bench_big_dossier(folder, args.edits, rng)
        bench_list(folder, args.dossiers, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
