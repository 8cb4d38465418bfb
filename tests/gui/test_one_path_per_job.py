"""The window and the command line run the same jobs (socle_desktop/app): after the same job,
the same dossier is in the same state, whichever front-end ran it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from socle_desktop.resources import resource_path
from socle_desktop.store import Library

DEMO_JSON = resource_path("demo", "demo-dossier.json")
PASSPHRASE = "une phrase de passe"


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "socle_desktop", "--data-dir", str(data_dir), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
                          env={**os.environ, "SOCLE_PW": PASSPHRASE})


def states(data_dir: Path) -> dict[str, tuple[str, int]]:
    """{dossier id: (state, whether the library holds the bytes of all its attachments)}."""
    with Library.open(data_dir, read_only=True) as library:
        missing = {dossier_id for dossier_id, _piece in library.missing_piece_files()}
        return {s.id: (s.etat, s.id not in missing) for s in library.list_dossiers()}


def test_the_window_and_the_command_line_leave_a_dossier_in_the_same_state(app, qtbot, tmp_path, dialogs):
    # The window: the demo, then « Signer et exporter » with a new local identity.
    qtbot.mouseClick(app.window.library_page.demo_button, Qt.LeftButton)
    window_id = app.window.session.dossier_id
    window_before = {s.id: s.etat for s in app.library.list_dossiers()}[window_id]
    editor = app.window.editor
    editor.show_page("export")
    page = editor.pages["export"]
    page.passphrase.setText(PASSPHRASE)
    page.passphrase_again.setText(PASSPHRASE)
    page.out_dir.setText(str(tmp_path / "fenetre"))
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    assert dialogs.shown == [] and page.last_export is not None and not page.last_export.draft
    app.stop()
    window_after = states(app.data_dir)[window_id]

    # The command line: the same dossier imported, then `export ID`.
    data_dir = tmp_path / "ligne-de-commande"
    imported = cli("import", str(DEMO_JSON), data_dir=data_dir)
    assert imported.returncode == 0, imported.stderr
    cli_id = imported.stdout.strip()
    cli_before = states(data_dir)[cli_id]
    exported = cli("export", cli_id, "--out", str(tmp_path / "commande"), "--password-env", "SOCLE_PW",
                   data_dir=data_dir)
    assert exported.returncode == 0, exported.stderr
    cli_after = states(data_dir)[cli_id]

    assert (window_before, window_after) == (cli_before[0], cli_after)
    assert cli_before == ("complet", True)  # the demo's attachment came along with both imports
    assert cli_after == ("signe", True)
    assert "État du dossier : Signé." in exported.stdout


def test_an_export_from_the_command_line_while_the_window_holds_the_library_says_the_state_was_not_kept(
        app, qtbot, tmp_path):
    qtbot.mouseClick(app.window.library_page.demo_button, Qt.LeftButton)
    dossier_id = app.window.session.dossier_id
    exported = cli("export", dossier_id, "--out", str(tmp_path / "commande"), "--password-env", "SOCLE_PW",
                   data_dir=app.data_dir)
    assert exported.returncode == 0, exported.stderr
    assert "PDF signé :" in exported.stdout
    assert "l'état du dossier n'a pas été enregistré" in exported.stderr
    assert {s.id: s.etat for s in app.library.list_dossiers()}[dossier_id] == "complet"


def test_the_same_file_imported_by_the_window_and_the_command_line_gives_the_same_dossier(app, tmp_path):
    """One import job (app/imports.py): the same dossier, the same state, the same attachments
    found beside the file (here in a `pieces/` folder, under other names than the JSON gives)."""
    import shutil

    from socle_desktop.domain.dossier_json import dumps_dossier

    folder = tmp_path / "envoi-de-la-mairie"
    (folder / "pieces").mkdir(parents=True)
    source = folder / "dossier.json"
    shutil.copy(DEMO_JSON, source)
    for number, piece in enumerate(sorted(p for p in DEMO_JSON.parent.iterdir() if p.suffix != ".json")):
        shutil.copy(piece, folder / "pieces" / f"piece-{number}{piece.suffix}")

    window_id = app.window.library_page.import_path(source)
    window_dossier = dumps_dossier(app.library.load(window_id))
    app.stop()
    window_state = states(app.data_dir)[window_id]

    data_dir = tmp_path / "ligne-de-commande"
    imported = cli("import", str(source), data_dir=data_dir)
    assert imported.returncode == 0, imported.stderr
    cli_id = imported.stdout.strip()
    with Library.open(data_dir, read_only=True) as library:
        cli_dossier = dumps_dossier(library.load(cli_id))

    assert cli_id == window_id and cli_dossier == window_dossier
    assert states(data_dir)[cli_id] == window_state == ("complet", True)
