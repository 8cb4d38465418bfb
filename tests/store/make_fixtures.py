"""Write the small databases of earlier schema versions that test_migrations.py upgrades.

Run once when a migration is added (`python3 tests/store/make_fixtures.py`), then commit the
new file: a fixture stays frozen afterwards, it is what users' disks hold. Each database is
built by the real migrations stopped before the next version, and filled with plain SQL of
that version (not with today's code, which knows only today's schema).

    library-v1.sqlite   schema 1 (before état, corbeille and the cached summary):
                        the demo dossier, and a second dossier with an attachment,
                        projet fields beyond intitulé/description, unknown top-level fields.
    library-v2.sqlite   schema 2 (before `resume_calcul`): the same two dossiers, the second
                        signed, both with a summary an earlier version cached (a subsidy of
                        1,23 € and no error), which today's computation contradicts.
    library-v3.sqlite   schema 3 (before pieces said which schools they cover): the same two
                        dossiers, the second with its devis.

`python3 tests/store/make_fixtures.py 3` writes only version 3's (the default: the newest).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import sqlite_utils  # noqa: E402

from socle_desktop.resources import resource_path  # noqa: E402
from socle_desktop.store.schema import migrations  # noqa: E402

FIXTURES = HERE / "fixtures"
PIECE_BYTES = b"%PDF-1.4\n% devis fictif pour les tests de migration\n%%EOF\n"
SECOND_ID = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"


def _v1_insert(db: sqlite_utils.Database, data: dict, moment: str, *, fichier: bytes | None = None) -> None:
    import hashlib

    conn = db.conn
    dossier_id = data["id"]
    known = {"format", "version_format", "id", "regles", "collectivite", "ecoles", "lignes", "projet", "pieces"}
    extra = {key: value for key, value in data.items() if key not in known}
    conn.execute("INSERT INTO dossiers (id, regles, extra, cree_le, modifie_le) VALUES (?, ?, ?, ?, ?)",
                 [dossier_id, data["regles"], json.dumps(extra, ensure_ascii=False), moment, moment])
    c = data["collectivite"]
    conn.execute(
        "INSERT INTO collectivites VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [dossier_id, c["type"], c["raison_sociale"], c["siret"], c["code_insee"], c["adresse"],
         c["code_postal"], c["commune"], c["representant"]["nom"], c["representant"]["qualite"],
         c["contact"]["nom"], c["contact"]["courriel"], c["contact"]["telephone"]])
    projet = dict(data["projet"])
    intitule, description = projet.pop("intitule"), projet.pop("description")
    conn.execute("INSERT INTO projets VALUES (?, ?, ?, ?)",
                 [dossier_id, intitule, description, json.dumps(projet, ensure_ascii=False)])
    for position, e in enumerate(data["ecoles"]):
        conn.execute("INSERT INTO ecoles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [dossier_id, e["id"], position, e["nom"], e["uai"], e["code_insee"], e["commune"],
                      e["nb_classes"], e["nb_eleves"], e["secteur"]])
    for position, line in enumerate(data["lignes"]):
        conn.execute("INSERT INTO lignes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [dossier_id, line["id"], position, line["volet"], line["categorie"], line["ecole"],
                      line["libelle"], line["quantite"], line["prix_unitaire_ht_centimes"], line["taux_tva"]])
    for position, piece in enumerate(data.get("pieces", [])):
        conn.execute("INSERT INTO pieces VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [dossier_id, piece["id"], position, piece["nom"], piece["type"], piece["sha256"],
                      piece["taille"]])
    if fichier is not None:
        conn.execute("INSERT OR IGNORE INTO fichiers VALUES (?, ?, ?, ?)",
                     [hashlib.sha256(fichier).hexdigest(), len(fichier), fichier, moment])


def second_dossier() -> dict:
    """The demo dossier bent: another id, an attachment, extra projet and top-level fields."""
    import hashlib

    data = json.loads(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))
    data["id"] = SECOND_ID
    data["collectivite"]["raison_sociale"] = "Syndicat scolaire du Haut-Exemple (FICTIF)"
    data["collectivite"]["type"] = "syndicat"
    data["projet"]["calendrier"] = "Rentrée 2021"
    data["projet"]["objectifs"] = ["équiper", "former"]
    data["note_interne"] = {"auteur": "secrétariat", "version": 3}
    data["pieces"] = [{"id": "p1", "nom": "devis-fictif.pdf", "type": "devis",
                       "sha256": hashlib.sha256(PIECE_BYTES).hexdigest(), "taille": len(PIECE_BYTES)}]
    data["lignes"] = data["lignes"][:3]
    return data


def demo_dossier() -> dict:
    data = json.loads(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))
    data.pop("pieces", None)  # the v1 fixture was made before the demo had attachments
    return data


def _database_of_v1_dossiers(path: Path, stop_before: str, then=None) -> list[dict]:
    """A database built by the real migrations stopped before `stop_before`, holding the demo
    and the second dossier written with plain SQL; `then(db)` alters it in the same
    transaction. Returns the dossiers written."""
    path.unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before=stop_before)
    dossiers = [demo_dossier(), second_dossier()]
    with db.atomic():
        _v1_insert(db, dossiers[0], "2021-03-01T09:00:00.000000+00:00")
        _v1_insert(db, dossiers[1], "2021-03-02T10:30:00.000000+00:00", fichier=PIECE_BYTES)
        if then is not None:
            then(db)
    db.execute("VACUUM")
    db.close()
    return dossiers


def build_v1(path: Path) -> None:
    """The database, and beside it the dossiers it holds as JSON (what a migration must give back)."""
    dossiers = _database_of_v1_dossiers(path, "m002_etat_corbeille_resume")
    expected = {data["id"]: {**data, "pieces": data.get("pieces", [])} for data in dossiers}
    path.with_suffix(".expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def build_v2(path: Path) -> None:
    """Version 2's database: the v1 dossiers, each with a cached summary that is stale only
    because another version of the application computed it (library-v1.expected.json says
    what the dossiers hold)."""
    def summaries_of_an_earlier_version(db) -> None:
        db.conn.execute("UPDATE dossiers SET revision = 4, resume_revision = 4, "
                        "resume_subvention_centimes = 123, resume_erreurs = 0")
        db.conn.execute("UPDATE dossiers SET etat = 'signe' WHERE id = ?", [SECOND_ID])

    _database_of_v1_dossiers(path, "m003_resume_calcul", summaries_of_an_earlier_version)


def build_v3(path: Path) -> None:
    """Version 3's database, before pieces said which schools they cover: the v1 dossiers
    (the second one's devis among them; library-v1.expected.json says what they hold)."""
    _database_of_v1_dossiers(path, "m004_pieces_ecoles")


BUILDERS = {1: build_v1, 2: build_v2, 3: build_v3}

if __name__ == "__main__":
    FIXTURES.mkdir(exist_ok=True)
    version = int(sys.argv[1]) if len(sys.argv) > 1 else max(BUILDERS)
    target = FIXTURES / f"library-v{version}.sqlite"
    BUILDERS[version](target)
    print("écrit :", target)
