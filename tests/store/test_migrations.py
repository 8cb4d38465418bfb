"""Libraries written by earlier versions open, with their data, after a backup copy."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import sqlite_utils
from store_worded import raises_said

from socle_desktop.domain.dossier_json import dossier_to_dict
from socle_desktop.store import SCHEMA_VERSION, Library, LibraryError, LibraryOutdated
from socle_desktop.store.backups import parse_backup_name
from socle_desktop.store.schema import MIGRATION_NAMES, migrations

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_ID = "d3a0d055-1e00-4000-8000-000000000001"
SECOND_ID = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"


def _install(fixture: str, tmp_path: Path) -> Path:
    folder = tmp_path / "donnees"
    folder.mkdir()
    shutil.copyfile(FIXTURES / fixture, folder / "bibliotheque.sqlite")
    return folder


def _schema(conn: sqlite3.Connection) -> list[tuple]:
    return sorted(conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall())


def test_every_migration_has_a_fixture_of_the_version_before_it():
    assert len(MIGRATION_NAMES) == SCHEMA_VERSION == len(migrations._migrations)
    for version in range(1, SCHEMA_VERSION):
        assert (FIXTURES / f"library-v{version}.sqlite").is_file(), f"library-v{version}.sqlite manque"


def test_version_1_opens_migrated_with_all_its_data(tmp_path):
    folder = _install("library-v1.sqlite", tmp_path)
    with Library.open(folder) as lib:
        conn = lib.db.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [m.name for m in migrations.applied(lib.db)] == list(MIGRATION_NAMES)
        expected = json.loads((FIXTURES / "library-v1.expected.json").read_text(encoding="utf-8"))
        assert set(expected) == {DEMO_ID, SECOND_ID}
        for dossier_id, data in expected.items():
            assert dossier_to_dict(lib.load(dossier_id)) == data
        second = lib.load(SECOND_ID)
        assert second.projet.autres == {"calendrier": "Rentrée 2021", "objectifs": ["équiper", "former"]}
        assert second.extra == {"note_interne": {"auteur": "secrétariat", "version": 3}}
        (piece,) = second.pieces
        assert lib.piece_bytes(piece.sha256).startswith(b"%PDF-1.4")
        summaries = {s.id: s for s in lib.list_dossiers()}  # the stale summaries get computed
        assert summaries[DEMO_ID].subvention_centimes > 0
        # Computed with today's rules: the v1 demo has no délibération, so it is a draft now.
        assert summaries[DEMO_ID].etat == "brouillon"
        assert summaries[SECOND_ID].raison_sociale.startswith("Syndicat")
        assert lib.check() == []


def test_a_backup_of_the_old_version_is_taken_before_migrating(tmp_path):
    folder = _install("library-v1.sqlite", tmp_path)
    with Library.open(folder) as lib:
        before = [path for path in lib.list_backups() if parse_backup_name(path)[1] == "avant-mise-a-jour"]
    assert len(before) == 1
    old = sqlite3.connect(before[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT COUNT(*) FROM lignes").fetchone()[0] > 0
    old.close()
    with Library.open(folder) as lib:  # nothing pending: no second migration backup
        assert len([p for p in lib.list_backups() if parse_backup_name(p)[1] == "avant-mise-a-jour"]) == 1


def test_migrating_gives_the_same_schema_as_a_new_library(tmp_path):
    migrated = _install("library-v1.sqlite", tmp_path)
    with Library.open(migrated) as lib:
        migrated_schema = _schema(lib.db.conn)
    with Library.open(tmp_path / "neuve") as lib:
        new_schema = _schema(lib.db.conn)
    assert migrated_schema == new_schema


def test_a_failing_migration_leaves_the_previous_version_intact(tmp_path, monkeypatch):
    folder = _install("library-v1.sqlite", tmp_path)
    step = next(m for m in migrations._migrations if m.name == "m002_etat_corbeille_resume")
    original = step.fn

    def half_then_crash(db):
        db.table("dossiers").add_column("etat", str, not_null_default="brouillon")
        raise RuntimeError("coupure simulée au milieu de la migration")

    monkeypatch.setattr(step, "fn", half_then_crash)
    with raises_said(LibraryError, r"mise à jour de la bibliothèque a échoué.*intacts"):
        Library.open(folder)
    conn = sqlite3.connect(folder / "bibliotheque.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [row[1] for row in conn.execute("PRAGMA table_info(dossiers)")]
    assert "etat" not in columns
    conn.close()
    monkeypatch.setattr(step, "fn", original)
    with Library.open(folder) as lib:  # the next start migrates for real
        assert lib.load(DEMO_ID).id == DEMO_ID


def test_read_only_open_of_an_old_library_asks_for_an_update_and_writes_nothing(tmp_path):
    folder = _install("library-v1.sqlite", tmp_path)
    before = (folder / "bibliotheque.sqlite").read_bytes()
    with raises_said(LibraryOutdated, "mise à jour"):
        Library.open(folder, read_only=True)
    assert (folder / "bibliotheque.sqlite").read_bytes() == before


def test_the_fixture_itself_is_what_make_fixtures_writes(tmp_path):
    """Guards the fixture against being regenerated with today's schema by mistake."""
    connection = sqlite3.connect((FIXTURES / "library-v1.sqlite").as_uri() + "?mode=ro", uri=True)
    db = sqlite_utils.Database(connection)
    try:
        assert [m.name for m in migrations.applied(db)] == ["m001_schema_initial"]
        assert "etat" not in db["dossiers"].columns_dict
    finally:
        db.close()


def _migrated_with_the_v1_dossiers(lib: Library) -> dict:
    """The library is at today's schema and holds the v1 fixture's dossiers, unchanged (the v2
    and v3 fixtures hold them too); returns them as JSON by id."""
    assert lib.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    expected = json.loads((FIXTURES / "library-v1.expected.json").read_text(encoding="utf-8"))
    for dossier_id, data in expected.items():
        assert dossier_to_dict(lib.load(dossier_id)) == data
    return expected


def test_version_2_opens_migrated_and_recomputes_the_summaries_an_earlier_version_cached(tmp_path):
    """A summary fresh by its revision but computed by another version of the application (which
    may have lacked a finding) is computed again, not shown: before, 1,23 € and « complet »."""
    from socle_desktop.store.dossiers import summary_figures

    folder = _install("library-v2.sqlite", tmp_path)
    with Library.open(folder) as lib:
        expected = _migrated_with_the_v1_dossiers(lib)
        summaries = {s.id: s for s in lib.list_dossiers()}
        for dossier_id in expected:
            subvention, has_errors = summary_figures(lib.load(dossier_id))
            assert summaries[dossier_id].subvention_centimes == subvention != 123
            assert summaries[dossier_id].has_errors is has_errors
        assert summaries[DEMO_ID].etat == "brouillon"  # no délibération: an error today
        assert lib.check() == []
    with Library.open(folder, read_only=True) as lib:  # stored, not computed again at each listing
        (fresh,) = lib.db.conn.execute(
            "SELECT COUNT(*) FROM dossiers WHERE resume_calcul IS NOT NULL AND resume_revision = revision"
        ).fetchone()
        assert fresh == 2


def test_version_3_opens_migrated_and_its_devis_cover_no_declared_school(tmp_path):
    folder = _install("library-v3.sqlite", tmp_path)
    with Library.open(folder) as lib:
        _migrated_with_the_v1_dossiers(lib)
        (piece,) = lib.load(SECOND_ID).pieces
        assert piece.ecoles == ()
        assert lib.check() == []
