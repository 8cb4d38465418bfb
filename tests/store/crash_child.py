"""Child process of test_crash.py: works on a library until it is killed with SIGKILL.

Prints `BEGIN <json>` before each operation and `OK` once it has returned (committed), so the
parent knows what must be in the library (confirmed) and what may or may not be (pending).
Every dossier carries `extra.attendu` = its number of lines, updated in the same transaction
as the lines: a dossier whose line count differs from it would be a partial write.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace

from socle_desktop.domain.model import Ligne
from socle_desktop.store import Library

MAX_DOSSIERS = 25


def say(**op) -> None:
    print("BEGIN " + json.dumps(op), flush=True)


def ok() -> None:
    print("OK", flush=True)


def new_lines(rng: random.Random, count: int, start: int) -> list[dict]:
    return [{"id": f"l{start + i}", "volet": "ressources", "categorie": "ent", "ecole": None,
             "libelle": f"ligne {start + i}", "quantite": rng.randint(1, 9),
             "prix_unitaire_ht_centimes": rng.randint(0, 500_000), "taux_tva": "20"} for i in range(count)]


def main() -> None:
    folder, seed, demo_path, pieces_dir = sys.argv[1:5]
    rng = random.Random(int(seed))
    demo = json.loads(open(demo_path, encoding="utf-8").read())
    # Quantities written by edits are unique per run (each run has its own seed) and stay
    # within the parser's limit of 10^6 units.
    counter = int(seed) * 20_000 + 1
    with Library.open(folder) as lib:
        while True:
            ids = [row[0] for row in lib.db.conn.execute("SELECT id FROM dossiers ORDER BY id")]
            trashed = [row[0] for row in lib.db.conn.execute("SELECT id FROM dossiers WHERE corbeille_le IS NOT NULL")]
            roll = rng.random()
            if not ids or (roll < 0.15 and len(ids) < MAX_DOSSIERS):
                data = dict(demo)
                count = rng.randint(0, 150)
                data["lignes"] = demo["lignes"] + new_lines(rng, count, 1000)
                data["attendu"] = len(data["lignes"])
                say(op="import", attendu=data["attendu"])
                new_id = lib.import_json(json.dumps(data))
                print(f"ID {new_id}", flush=True)
                ok()
            elif roll < 0.35:
                dossier_id = rng.choice(ids)
                dossier = lib.load(dossier_id)
                if dossier.lignes and rng.random() < 0.4:
                    del dossier.lignes[rng.randrange(len(dossier.lignes)):]
                else:
                    extra = [Ligne(**line) for line in new_lines(rng, rng.randint(1, 40), 10**6 + counter)]
                    counter += len(extra)
                    dossier.lignes += extra
                dossier.extra["attendu"] = len(dossier.lignes)
                say(op="save", id=dossier_id, attendu=len(dossier.lignes))
                lib.save(dossier)
                ok()
            elif roll < 0.85:
                dossier_id = rng.choice(ids)
                lignes = lib.load(dossier_id).lignes
                if not lignes:
                    continue
                ligne = rng.choice(lignes)
                counter += 1
                say(op="edit", id=dossier_id, ligne=ligne.id, quantite=counter)
                lib.put_ligne(dossier_id, replace(ligne, quantite=counter))
                ok()
            elif roll < 0.9:
                dossier_id = rng.choice(ids)
                say(op="trash", id=dossier_id)
                lib.trash(dossier_id)
                ok()
            elif roll < 0.93 and trashed:
                dossier_id = rng.choice(trashed)
                say(op="purge", id=dossier_id)
                lib.purge(dossier_id)
                ok()
            elif roll < 0.98:
                dossier_id = rng.choice(ids)
                source = f"{pieces_dir}/piece-{rng.randint(0, 2)}.pdf"
                say(op="piece", id=dossier_id)
                lib.add_piece(dossier_id, source, type="devis")
                ok()
            else:
                say(op="backup")
                lib.backup("essai")
                ok()


if __name__ == "__main__":
    main()
