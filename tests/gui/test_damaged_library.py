"""A damaged library at start-up: the window offers the latest backup, restores it, nothing is deleted."""

from __future__ import annotations

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
