"""A damaged file ends in a clear French message naming the latest backup, and a restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from store_worded import raises_said, said

from socle_desktop.store import Library, LibraryDamagedError, LibraryError, LibraryLockedError
from socle_desktop.store.backups import KEEP_PER_REASON, list_backups, parse_backup_name


def backups_of(folder: Path) -> list[Path]:
    return list_backups(folder)


@pytest.fixture
def filled(tmp_path, make_dossier):
    """A library with two dossiers and a backup holding both; returns (folder, ids)."""
    folder = tmp_path / "donnees"
    with Library.open(folder) as lib:
        ids = [lib.create(make_dossier(schools=3, lines=200)), lib.create(make_dossier(schools=2, lines=150))]
        lib.backup("avant-export")
    return folder, ids


def _damage(path: Path, how: str) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        if how == "truncated":
            handle.truncate(size // 2)
        elif how == "overwritten":
            page = 4096
            for start in range(2 * page, size - page, 7 * page):  # b-tree pages in the middle
                handle.seek(start)
                handle.write(os.urandom(page))
        elif how == "header":
            handle.write(b"\0" * 100)


@pytest.mark.parametrize("how", ["truncated", "overwritten", "header"])
def test_a_damaged_file_is_reported_with_the_latest_backup_then_restored(filled, how):
    folder, ids = filled
    database = folder / "bibliotheque.sqlite"
    _damage(database, how)
    damaged_bytes = database.read_bytes()
    with pytest.raises(LibraryDamagedError) as caught:
        Library.open(folder)
    error = caught.value
    message = said(error)
    assert "est endommagée" in message and "la dernière sauvegarde automatique est la sauvegarde du" in message
    assert str(error.latest_backup) in message and "jamais effacé" in message
    assert "\n" not in message and "Traceback" not in message
    with pytest.raises(LibraryDamagedError):
        Library.open(folder, read_only=True)

    aside = Library.restore_backup(folder, error.latest_backup)
    assert aside.read_bytes() == damaged_bytes  # set aside, never deleted
    assert aside.parent.name == "mises-de-cote"
    with Library.open(folder) as lib:
        assert sorted(s.id for s in lib.list_dossiers()) == sorted(ids)
        assert len(lib.load(ids[0]).lignes) == 200
        assert lib.check() == []


def test_without_any_backup_the_message_says_not_to_delete_the_file(tmp_path, make_dossier):
    folder = tmp_path / "donnees"
    with Library.open(folder) as lib:
        lib.create(make_dossier(lines=300))
    for path in (folder / "sauvegardes").glob("*"):
        path.unlink()
    _damage(folder / "bibliotheque.sqlite", "truncated")
    with raises_said(LibraryDamagedError, "aucune sauvegarde automatique n'existe encore") as caught:
        Library.open(folder)
    assert caught.value.latest_backup is None


def test_restore_refuses_a_file_that_is_not_an_intact_library(filled, tmp_path):
    folder, _ = filled
    bogus = tmp_path / "faux.sqlite"
    bogus.write_bytes(b"pas une base")
    with raises_said(LibraryError, "illisible"):
        Library.restore_backup(folder, bogus)
    other = tmp_path / "autre.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    with raises_said(LibraryError, "pas une sauvegarde intacte"):
        Library.restore_backup(folder, other)
    with raises_said(LibraryError, "introuvable"):
        Library.restore_backup(folder, tmp_path / "absente.sqlite")
    with Library.open(folder) as lib:  # the library was not touched
        assert len(lib.list_dossiers()) == 2


def test_restore_while_the_library_is_open_is_refused(filled):
    folder, _ = filled
    with Library.open(folder) as lib:
        with pytest.raises(LibraryLockedError):
            Library.restore_backup(folder, lib.list_backups()[0])
        assert lib.check() == []


def test_restoring_a_healthy_library_keeps_the_current_file_aside(filled, make_dossier):
    folder, _ = filled
    with Library.open(folder) as lib:
        later = lib.create(make_dossier())
        backup = next(p for p in lib.list_backups() if parse_backup_name(p)[1] == "avant-export")
    aside = Library.restore_backup(folder, backup)
    with Library.open(folder) as lib:
        assert later not in {s.id for s in lib.list_dossiers()}
    Library.restore_backup(folder, aside)  # and back: nothing was lost
    with Library.open(folder) as lib:
        assert later in {s.id for s in lib.list_dossiers()}


def test_a_backup_is_a_consistent_standalone_copy(library, make_dossier):
    dossier_id = library.create(make_dossier(lines=50))
    path = library.backup("Avant l'export !")
    assert path.parent == library.data_dir / "sauvegardes"
    assert parse_backup_name(path)[1] == "avant-l-export"
    assert not Path(f"{path}-wal").exists()
    copy = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    assert copy.execute("SELECT COUNT(*) FROM lignes WHERE dossier_id = ?", [dossier_id]).fetchone()[0] == 50
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()


def test_backups_rotate_per_reason(library, make_dossier):
    library.create(make_dossier())
    for _ in range(KEEP_PER_REASON + 3):
        library.backup("avant-export")
    library.backup("manuelle")
    reasons = [parse_backup_name(path)[1] for path in library.list_backups()]
    assert reasons.count("avant-export") == KEEP_PER_REASON
    assert reasons.count("manuelle") == 1
    moments = [parse_backup_name(path)[0] for path in library.list_backups()]
    assert moments == sorted(moments, reverse=True)  # newest first


def test_one_daily_backup_once_there_is_something_to_protect(tmp_path, make_dossier):
    folder = tmp_path / "donnees"
    with Library.open(folder) as lib:
        assert lib.list_backups() == []  # an empty library has nothing to save
        lib.create(make_dossier())
    (first,) = backups_of(folder)  # made when closing the session that added the first dossier
    copy = sqlite3.connect(first.as_uri() + "?mode=ro", uri=True)
    assert copy.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0] == 1
    copy.close()
    for _ in range(3):
        with Library.open(folder) as lib:
            daily = [p for p in lib.list_backups() if parse_backup_name(p)[1] == "quotidienne"]
    assert len(daily) == 1


def test_a_daily_backup_that_cannot_be_written_does_not_prevent_opening(tmp_path, make_dossier):
    folder = tmp_path / "donnees"
    with Library.open(folder) as lib:
        lib.create(make_dossier())
    shutil.rmtree(folder / "sauvegardes")
    (folder / "sauvegardes").write_text("un fichier à la place du dossier")  # backups impossible
    with Library.open(folder) as lib:
        assert len(lib.list_dossiers()) == 1
        assert lib.warnings and "la sauvegarde n'a pas pu être écrite" in said(lib.warnings[0])
        with raises_said(LibraryError, "dossiers, eux, sont intacts"):
            lib.backup("avant-export")


@pytest.mark.parametrize(("error", "expected"), [
    (OSError(28, "No space left on device"), LibraryError),
    (KeyboardInterrupt(), KeyboardInterrupt),  # Ctrl+C during the copy of a big library
])
@pytest.mark.parametrize("step", ["copy", "swap"])
def test_a_restore_failing_half_way_puts_the_current_file_back(filled, monkeypatch, error, expected, step):
    from socle_desktop.store import backups as backups_module

    folder, ids = filled
    with Library.open(folder) as lib:
        backup = lib.list_backups()[0]
    real_stage_copy = backups_module.stage_copy

    def failing_copy(source, database):
        if step == "copy":
            raise error
        return real_stage_copy(source, database)

    real_replace = os.replace

    def failing_replace(source, target):
        if str(source).endswith(".restauration.partiel"):  # the copy going into place
            raise error
        real_replace(source, target)

    monkeypatch.setattr(backups_module, "stage_copy", failing_copy)
    if step == "swap":
        monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(expected) as raised:
        Library.restore_backup(folder, backup)
    monkeypatch.undo()
    if expected is LibraryError:
        assert "rien n'a été effacé" in said(raised)
    with Library.open(folder) as lib:
        assert sorted(s.id for s in lib.list_dossiers()) == sorted(ids)
    assert not list(folder.glob(".*.partiel"))


def test_the_before_export_backup_works_from_a_read_only_view(filled):
    folder, ids = filled
    with Library.open(folder) as window, Library.open(folder, read_only=True) as command:
        window.put_ligne(ids[0], window.load(ids[0]).lignes[0])
        path = command.backup("avant-export")
        copy = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
        assert copy.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0] == 2
        copy.close()


def test_half_written_copies_left_by_a_killed_process_are_cleaned_at_open(filled):
    folder, _ = filled
    stale = folder / "sauvegardes" / ".sauvegarde-abc123.partiel"
    stale.write_bytes(b"moitie")
    restore_leftover = folder / ".bibliotheque.sqlite.xyz.partiel"
    restore_leftover.write_bytes(b"moitie")
    keep = folder / "sauvegardes" / "note-de-l-utilisatrice.txt"
    keep.write_text("à garder")
    with Library.open(folder, read_only=True):
        assert stale.exists()  # a reader never deletes anything
    with Library.open(folder) as lib:
        assert not stale.exists() and not restore_leftover.exists() and keep.exists()
        assert len(lib.list_backups()) >= 1


def test_a_read_only_shm_left_behind_is_named_in_the_error(tmp_path, monkeypatch):
    """A -shm created while the database was read-only (copied from a CD) stays read-only and
    blocks every write once the database is writable again: the message must say which file."""
    folder = tmp_path / "donnees"
    with Library.open(folder) as lib:
        shm = Path(f"{lib.path}-shm")
        assert shm.exists()
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != shm and real_access(path, mode))
        error = lib.database.translate(sqlite3.OperationalError("attempt to write a readonly database"))
    assert "bibliotheque.sqlite-shm est en lecture seule" in said(error)
