"""A damaged library at start-up: the window salvages what it still holds, shows what each way
back would restore, restores the chosen one, nothing is deleted."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QMessageBox

from socle_desktop.gui.app import open_library
from socle_desktop.resources import resource_path
from socle_desktop.store import Library


def _library_with_a_backup(folder):
    with Library.open(folder) as library:
        dossier_id = library.import_json(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))
        library.backup("avant-export")
    database = folder / "bibliotheque.sqlite"
    with database.open("r+b") as handle:
        handle.write(b"\0" * 100)  # the header is gone
    return dossier_id, database


def test_the_user_accepts_the_backup_and_finds_the_dossier(qapp, tmp_path, dialogs):
    dossier_id, _ = _library_with_a_backup(tmp_path)
    dialogs.answer = QMessageBox.Yes
    library = open_library(tmp_path)
    assert library is not None
    try:
        assert [s.id for s in library.list_dossiers()] == [dossier_id]
    finally:
        library.close()
    (question,) = dialogs.texts("question")
    assert "endommagée" in question and "sauvegarde" in question
    assert any("remise en place" in text for text in dialogs.texts("information"))
    kept_aside = list((tmp_path / "mises-de-cote").iterdir())
    assert kept_aside, "the damaged file must be kept"


def test_the_user_declines_and_nothing_is_touched(qapp, tmp_path, dialogs):
    _, database = _library_with_a_backup(tmp_path)
    damaged = database.read_bytes()
    dialogs.answer = QMessageBox.No
    assert open_library(tmp_path) is None
    assert database.read_bytes() == damaged
    assert dialogs.texts("critical") == []


def test_the_window_offers_what_the_damaged_file_still_holds_before_an_older_backup(qapp, tmp_path, dialogs):
    """Issue 17: the window offered the day's backup (1 dossier) while the damaged file still held
    them all; it now shows both, dossier by dossier, and restores the salvaged state."""
    demo = resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8")
    with Library.open(tmp_path) as library:
        ids = [library.import_json(demo)]
        library.backup("avant-export")
        ids += [library.import_json(demo) for _ in range(3)]
        library.database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database = tmp_path / "bibliotheque.sqlite"
    connection = sqlite3.connect(database)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    (page,) = connection.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_autoindex_lignes_1' "
                                 "AND pagetype = 'leaf' LIMIT 1").fetchone()
    connection.close()
    with database.open("r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(bytes(range(256)))
    dialogs.answer = QMessageBox.Yes
    library = open_library(tmp_path)
    assert library is not None
    try:
        assert sorted(s.id for s in library.list_dossiers()) == sorted(ids)
    finally:
        library.close()
    (question,) = dialogs.texts("question")
    assert "1. état récupéré du fichier endommagé" in question and ": 4 dossiers" in question
    assert "sauvegarde du" in question and ": 1 dossier," in question
    assert all(dossier_id[:8] in question for dossier_id in ids)
