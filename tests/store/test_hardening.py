"""Issue 17, the store: recovery that loses nothing (12), committed work that vanished (13),
files other accounts cannot read (14), and a full disk said in French (11, the database part).
Each test failed on the code before these fixes."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from store_worded import said

from socle_desktop.outbox import Outbox
from socle_desktop.store import DiskFullError, Library, LibraryDamagedError, LibraryError

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "socle_desktop"]


def run_cli(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([*CLI, "--data-dir", str(folder), *args], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=120)


# --- 12: salvage before offering a backup ------------------------------------------------------


@pytest.fixture
def fourteen(tmp_path, demo_text):
    """The issue's case: a day's backup holding 1 dossier, then 13 more, then 256 bytes damaged
    in the middle of the file, where every row was still readable (an index page of the lines)."""
    folder = tmp_path / "donnees"
    with Library.open(folder) as lib:
        lib.import_json(demo_text)  # the day's backup is taken at the next open, with this one
    with Library.open(folder) as lib:
        assert len(lib.list_backups()) == 1
        ids = [lib.import_json(demo_text) for _ in range(13)]
        lib.database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        ids += [s.id for s in lib.list_dossiers() if s.id not in ids]
        lines = sum(len(lib.load(i).lignes) for i in ids)
    database = folder / "bibliotheque.sqlite"
    connection = sqlite3.connect(database)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    pages = connection.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_autoindex_lignes_1' "
                               "AND pagetype = 'leaf' ORDER BY pageno").fetchall()
    connection.close()
    middle = pages[len(pages) // 2][0]
    with database.open("r+b") as handle:
        handle.seek((middle - 1) * page_size)
        handle.write(bytes(range(256)))
    with pytest.raises(LibraryDamagedError):
        Library.open(folder).close()
    return folder, sorted(ids), lines


def test_check_salvages_the_damaged_file_and_shows_each_option_side_by_side(fourteen):
    folder, ids, lines = fourteen
    result = run_cli(folder, "check")
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "1. état récupéré du fichier endommagé" in out and f"14 dossiers, {lines} lignes" in out
    assert "2. sauvegarde du" in out and ": 1 dossier," in out
    for dossier_id in ids:  # each dossier with its date in each option
        assert any(line.strip().startswith(dossier_id[:8]) and "| 1: " in line and "| 2: " in line
                   for line in out.splitlines()), dossier_id


def test_restore_brings_back_all_fourteen_dossiers_not_the_backup_of_one(fourteen):
    folder, ids, lines = fourteen
    damaged = (folder / "bibliotheque.sqlite").read_bytes()
    result = run_cli(folder, "check", "--restaurer")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Restauré : l'état récupéré du fichier endommagé" in result.stdout
    assert "en bon état : 14 dossiers" in result.stdout
    with Library.open(folder) as lib:
        assert sorted(s.id for s in lib.list_dossiers()) == ids
        assert sum(len(lib.load(i).lignes) for i in ids) == lines
        assert lib.check() == []
    assert any(path.read_bytes() == damaged for path in (folder / "mises-de-cote").glob("*.sqlite"))


def test_choosing_a_smaller_backup_says_what_is_lost(fourteen):
    folder, _, _ = fourteen
    backup = next(path for path in (folder / "sauvegardes").glob("*quotidienne.sqlite"))
    result = run_cli(folder, "check", "--restaurer", str(backup))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Attention" in result.stderr and "13 dossiers seraient perdus" in result.stderr


# --- 13: a -wal deleted or replaced under the writer ---------------------------------------------

WRITER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from socle_desktop.catalogue.errors import error_text
    from socle_desktop.store import Library, LibraryError
    folder, demo, how = Path(sys.argv[1]), Path(sys.argv[2]).read_text(), sys.argv[3]
    lib = Library.open(folder)
    print("ID", lib.import_json(demo), flush=True)
    wal = Path(f"{lib.path}-wal")
    if how == "deleted":
        wal.unlink()
    else:
        copy = wal.with_name("copie"); copy.write_bytes(wal.read_bytes()); os.replace(copy, wal)
    for _ in range(3):
        try:
            print("ID", lib.import_json(demo), flush=True)
        except LibraryError as error:
            print("REFUS", error_text(error), flush=True)
    os._exit(0)  # a crash: no close, no checkpoint
""")


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_vanished_wal_stops_every_write_and_check_names_what_was_lost(tmp_path, demo_text, how):
    folder = tmp_path / "donnees"
    with Library.open(folder) as lib:
        first = lib.import_json(demo_text)  # in the main file and in the day's backup
        lib.database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    demo = tmp_path / "demo.json"
    demo.write_text(demo_text)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.run([sys.executable, "-c", WRITER, str(folder), str(demo), how],
                           capture_output=True, text=True, env=env, timeout=120)
    assert child.returncode == 0, child.stderr
    lines = child.stdout.splitlines()
    committed = lines[0].split()[1]
    refusals = [line for line in lines[1:] if line.startswith("REFUS")]
    assert len(refusals) == 3, lines  # before: three more dossiers "saved" into a lost file
    assert "bibliotheque.sqlite-wal" in refusals[0] and "plus rien n'est enregistré" in refusals[0]

    result = run_cli(folder, "check")
    if how == "replaced":  # the copy put in place held the commit: nothing lost, nothing more written
        assert result.returncode == 0 and "en bon état : 2 dossiers" in result.stdout, result.stdout
        return
    assert result.returncode == 1, result.stdout  # before: « en bon état : 1 dossier(s) »
    assert f"dossier {committed}" in result.stdout and "manque dans la bibliothèque" in result.stdout
    with Library.open(folder) as lib:
        assert [s.id for s in lib.list_dossiers()] == [first]
        assert any("un dossier enregistré auparavant manque" in said(warning) for warning in lib.warnings)


def test_purges_and_restores_are_not_reported_as_losses(tmp_path, make_dossier):
    folder = tmp_path / "donnees"
    with Library.open(folder) as lib:
        kept, gone = lib.create(make_dossier()), lib.create(make_dossier())
        backup = lib.backup("avant-export")
        lib.trash(gone)
        lib.purge(gone)
        assert lib.check() == []
        third = lib.create(make_dossier())
    Library.restore_backup(folder, backup)  # back to two dossiers, deliberately
    with Library.open(folder) as lib:
        assert sorted(s.id for s in lib.list_dossiers()) == sorted([kept, gone])
        assert lib.check() == [] and lib.warnings == []
    assert third


# --- 14: private files --------------------------------------------------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_the_data_folder_and_its_files_are_private_from_creation(tmp_path, make_dossier, monkeypatch):
    old = os.umask(0o022)
    try:
        folder = tmp_path / "partage" / "donnees"
        (tmp_path / "partage").mkdir(mode=0o755)
        os.chmod(tmp_path / "partage", 0o755)
        with Library.open(folder) as lib:
            lib.create(make_dossier())
            lib.backup("avant-export")
            outbox = Outbox.from_library(lib, verify=lambda path: None)
            outbox.close()
            for suffix in ("", "-wal", "-shm"):
                assert _mode(Path(f"{lib.path}{suffix}")) == 0o600, suffix
        assert _mode(folder) == 0o700
        assert _mode(folder / ".verrou") == 0o600
        assert _mode(folder / "sauvegardes") == 0o700
        assert all(_mode(path) == 0o600 for path in (folder / "sauvegardes").iterdir())
        from socle_desktop.fileio import atomic_write_bytes  # identity files, outbox copies

        atomic_write_bytes(folder / "identites" / "identite-locale.p12", b"cle")
        assert _mode(folder / "identites") == 0o700
        assert _mode(folder / "identites" / "identite-locale.p12") == 0o600
        atomic_write_bytes(tmp_path / "partage" / "export.zip", b"paquet")  # outside: as before
        assert _mode(tmp_path / "partage" / "export.zip") == 0o644
    finally:
        os.umask(old)


@posix_only
def test_a_library_readable_by_others_is_tightened_at_open(tmp_path, make_dossier):
    folder = tmp_path / "donnees"
    with Library.open(folder) as lib:
        lib.create(make_dossier())
    (folder / "journaux").mkdir()
    (folder / "journaux" / "erreurs.log").write_text("trace")
    (folder / "autre-chose.txt").write_text("à l'utilisatrice")
    for path in [folder, folder / "journaux"]:
        os.chmod(path, 0o755)
    for path in [folder / "bibliotheque.sqlite", folder / "journaux" / "erreurs.log",
                 folder / "autre-chose.txt", *(folder / "sauvegardes").iterdir()]:
        os.chmod(path, 0o644)
    with Library.open(folder, read_only=True):
        assert _mode(folder / "bibliotheque.sqlite") == 0o644  # a reader changes nothing
    with Library.open(folder):
        pass
    assert _mode(folder) == 0o700 and _mode(folder / "journaux") == 0o700
    assert _mode(folder / "bibliotheque.sqlite") == 0o600
    assert _mode(folder / "journaux" / "erreurs.log") == 0o600
    assert all(_mode(path) == 0o600 for path in (folder / "sauvegardes").iterdir())
    assert _mode(folder / "autre-chose.txt") == 0o644  # not ours: left as it is


# --- a full disk (SQLITE_FULL) -------------------------------------------------------------------


def _fill_up(connection: sqlite3.Connection) -> None:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages + 1}")


def test_a_full_disk_is_one_french_error_and_nothing_half_written(library, make_dossier):
    kept = library.create(make_dossier())
    _fill_up(library.database.connection)
    with pytest.raises(DiskFullError) as caught:
        library.create(make_dossier(schools=30, lines=3000))
    assert said(caught).startswith("le disque est plein") and isinstance(caught.value, LibraryError)
    assert [s.id for s in library.list_dossiers()] == [kept]
    assert library.check() == []


def test_the_outbox_shares_the_database_layer(library):
    outbox = Outbox.from_library(library, verify=lambda path: None)
    try:
        conn = outbox.database.connection
        mine = library.database.connection
        for pragma in ("busy_timeout", "synchronous", "foreign_keys"):
            assert conn.execute(f"PRAGMA {pragma}").fetchone() == mine.execute(f"PRAGMA {pragma}").fetchone()
        applied = {row[0] for row in mine.execute("SELECT migration_set FROM _sqlite_migrations")}
        assert applied == {"socle_desktop.store", "socle-outbox"}
        outbox.db["outbox_entries"].insert({"id": "e1", "sha256": "0" * 64, "size": 1, "state": "en_attente",
                                            "stored_name": "e1.zip"})
        _fill_up(conn)
        with pytest.raises(DiskFullError):  # before: a raw sqlite3.OperationalError (English)
            outbox.record_try_failed("e1", "x" * 200_000)
        assert outbox.events("e1") == []  # nothing half-written
    finally:
        outbox.close()
