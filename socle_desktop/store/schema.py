"""The library's schema, built by sqlite-utils `Migrations`, one migration per schema version.

Each migration runs in one transaction together with its record in `_sqlite_migrations` and
its `PRAGMA user_version` bump (user_version lives in the database header, which is part of
the transaction): a crash leaves the previous version or the next one, never half of one.
A backup copy is taken before any migration runs (see library.py).

Never edit a migration once released: add a new one, and a fixture database of the previous
version under tests/store/fixtures/ (tests/store/make_fixtures.py writes them).
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

# PRAGMA application_id: "SOCL" in ASCII. Lets `file(1)` and this code tell our database from
# any other SQLite file a user might point us at.
APPLICATION_ID = 0x534F434C

MIGRATION_SET = "socle_desktop.store"
migrations = Migrations(MIGRATION_SET)


def _set_version(db: Database, version: int) -> None:
    db.execute(f"PRAGMA user_version = {int(version)}")


@migrations()
def m001_schema_initial(db: Database) -> None:
    """Version 1: the dossier split into small tables, so one edit touches one small row."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.executescript(
        """
        CREATE TABLE dossiers (
            id TEXT PRIMARY KEY,
            regles TEXT NOT NULL,
            extra TEXT NOT NULL DEFAULT '{}',          -- top-level JSON fields we do not know
            cree_le TEXT NOT NULL,                     -- ISO 8601, UTC
            modifie_le TEXT NOT NULL
        );
        CREATE TABLE collectivites (
            dossier_id TEXT PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            raison_sociale TEXT NOT NULL,
            siret TEXT NOT NULL,
            code_insee TEXT NOT NULL,
            adresse TEXT NOT NULL,
            code_postal TEXT NOT NULL,
            commune TEXT NOT NULL,
            representant_nom TEXT NOT NULL,
            representant_qualite TEXT NOT NULL,
            contact_nom TEXT NOT NULL,
            contact_courriel TEXT NOT NULL,
            contact_telephone TEXT NOT NULL
        );
        CREATE TABLE projets (
            dossier_id TEXT PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
            intitule TEXT NOT NULL,
            description TEXT NOT NULL,
            autres TEXT NOT NULL DEFAULT '{}'          -- further narrative fields, JSON, in order
        );
        CREATE TABLE ecoles (
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            nom TEXT NOT NULL,
            uai TEXT NOT NULL,
            code_insee TEXT NOT NULL,
            commune TEXT NOT NULL,
            nb_classes INTEGER NOT NULL,
            nb_eleves INTEGER NOT NULL,
            secteur TEXT NOT NULL,
            PRIMARY KEY (dossier_id, id)
        );
        CREATE INDEX ecoles_ordre ON ecoles(dossier_id, position);
        CREATE TABLE lignes (
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            volet TEXT NOT NULL,
            categorie TEXT NOT NULL,
            ecole TEXT,                                -- an ecole id of the dossier, or NULL
            libelle TEXT NOT NULL,
            quantite INTEGER NOT NULL,
            prix_unitaire_ht_centimes INTEGER NOT NULL,
            taux_tva TEXT NOT NULL,
            PRIMARY KEY (dossier_id, id)
        );
        CREATE INDEX lignes_ordre ON lignes(dossier_id, position);
        -- Attachment bytes, once per content whatever the number of dossiers using them.
        CREATE TABLE fichiers (
            sha256 TEXT PRIMARY KEY,
            taille INTEGER NOT NULL,
            contenu BLOB NOT NULL,
            ajoute_le TEXT NOT NULL
        );
        -- A piece may name bytes the library does not hold (a dossier imported from JSON):
        -- no foreign key to fichiers, `check` and `piece_bytes` say so.
        CREATE TABLE pieces (
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            nom TEXT NOT NULL,
            type TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            taille INTEGER NOT NULL,
            PRIMARY KEY (dossier_id, id)
        );
        CREATE INDEX pieces_ordre ON pieces(dossier_id, position);
        CREATE INDEX pieces_fichier ON pieces(sha256);
        """
    )
    _set_version(db, 1)


@migrations()
def m002_etat_corbeille_resume(db: Database) -> None:
    """Version 2: the dossier's state, the trash, and the cached summary shown by `list`.

    The summary (subsidy, errors) is computed by the domain, never by SQL; it is valid while
    `resume_revision = revision`. Every edit bumps `revision` in its own transaction, so a
    stale summary is never shown as fresh. Existing dossiers start stale (-1): the next
    listing computes them.
    """
    dossiers = db.table("dossiers")
    dossiers.add_column("etat", str, not_null_default="brouillon")
    dossiers.add_column("corbeille_le", str)  # NULL unless in the trash
    dossiers.add_column("revision", int, not_null_default=0)
    dossiers.add_column("resume_revision", int, not_null_default=-1)
    dossiers.add_column("resume_subvention_centimes", int)
    dossiers.add_column("resume_erreurs", int)
    db.execute("CREATE INDEX dossiers_corbeille ON dossiers(corbeille_le, modifie_le)")
    _set_version(db, 2)


@migrations()
def m003_resume_calcul(db: Database) -> None:
    """Version 3: which version of the application computed the cached summary.

    A newer version may find what an older one did not (a new finding, new rules data), and a
    summary that stayed fresh by its revision alone showed a dossier « complet » until it was
    next edited. NULL for every existing row: the next listing computes them again.
    """
    db.table("dossiers").add_column("resume_calcul", str)
    _set_version(db, 3)


@migrations()
def m004_pieces_ecoles(db: Database) -> None:
    """Version 4: the schools a piece (a devis) covers, as a JSON list of school ids. '[]' for
    every existing piece: not said, as in a file written before the field existed."""
    db.table("pieces").add_column("ecoles", str, not_null_default="[]")
    _set_version(db, 4)


SCHEMA_VERSION = 4
MIGRATION_NAMES = ("m001_schema_initial", "m002_etat_corbeille_resume", "m003_resume_calcul",
                   "m004_pieces_ecoles")
