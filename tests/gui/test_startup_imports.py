"""Start-up (issue 15): until the window's first paint, nothing but Qt and the window's own light
modules is loaded: not the library's store (sqlite-utils, sqlite3, the migrations), not the
rules, no network client, no signature or PDF library, no schema validator, no SIRET checker.
The library opens just after that paint, and the list shows it. Checked in a real
`socle-desktop --smoke`, which quits once the library is open and listed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from socle_desktop.domain.model import Dossier
from socle_desktop.store import Library

AT_FIRST_PAINT = """
import json, sys
import socle_desktop.gui.app as gui_app
import socle_desktop.gui.main_window as main_window

def loaded():
    return sorted({name.split(".")[0] for name in sys.modules}
                  | {name for name in sys.modules if name.startswith("socle_desktop")})

class Recorder(gui_app._FirstPaint):
    def __init__(self, on_paint):
        def record():
            print("LOADED " + json.dumps(loaded()), file=sys.stderr)
            on_paint()
        super().__init__(record)

gui_app._FirstPaint = Recorder
attach = getattr(main_window.MainWindow, "attach_library", None)

def attached(self, library):
    attach(self, library)
    page = self.library_page
    print("LISTED " + json.dumps({
        "rows": page.table.rowCount(), "loading_shown": page.loading_label.isVisibleTo(page),
        "new_enabled": page.new_button.isEnabled(), "modules": loaded()}), file=sys.stderr)

if attach is not None:
    main_window.MainWindow.attach_library = attached
from socle_desktop.cli import main
sys.exit(main(["--smoke"]))
"""

NOT_BEFORE_FIRST_PAINT = (
    # the library's store and what it brings
    "socle_desktop.store", "sqlite_utils", "sqlite3", "_sqlite3", "dateutil", "click", "pluggy",
    # the dossier itself and its rules
    "socle_desktop.domain.model", "socle_desktop.domain.dossier_json", "socle_desktop.domain.compute",
    "socle_desktop.domain.rules", "tomllib", "socle_desktop.app.imports", "socle_desktop.app.campaign",
    # the network, signatures, PDF, spreadsheets, validators
    "pyhanko", "reportlab", "httpx", "httpcore", "truststore", "ssl", "stdnum", "jsonschema", "openpyxl", "odf",
    "bagit", "cryptography", "socle_desktop.outbox", "socle_desktop.export", "socle_desktop.reception",
    # the pages of the window that are not on screen
    "socle_desktop.gui.outbox_page", "socle_desktop.gui.editor", "socle_desktop.gui.session",
    # the log file's handler (set up just after the paint) and the CLI's (for commands only)
    "logging.handlers", "socle_desktop.errorlog", "socle_desktop.logfile",
)


def _run(tmp_path) -> tuple[set[str], dict | None]:
    """The modules loaded at the first paint, and what the list showed once the library was open."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOCLE_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", AT_FIRST_PAINT], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    painted = next(n for n, line in enumerate(lines) if line.startswith("LOADED "))
    listed = next((n for n, line in enumerate(lines) if line.startswith("LISTED ")), None)
    assert listed is None or painted < listed  # painted first, then the library
    return (set(json.loads(lines[painted].removeprefix("LOADED "))),
            None if listed is None else json.loads(lines[listed].removeprefix("LISTED ")))


def test_the_first_paint_comes_before_the_library_the_network_signature_pdf_and_validators(tmp_path):
    with Library.open(tmp_path) as library:  # a library that exists, with a dossier in it
        library.create(Dossier())
    loaded, listed = _run(tmp_path)
    assert "PySide6" in loaded and "socle_desktop.gui.library_page" in loaded  # the check sees imports
    assert sorted(loaded & set(NOT_BEFORE_FIRST_PAINT)) == []
    # Then the library opened, the list shows its dossier and its actions are allowed.
    assert listed is not None, "the library was never attached to the window"
    assert "socle_desktop.store" in listed["modules"] and "sqlite_utils" in listed["modules"]
    assert listed["rows"] == 1 and listed["new_enabled"] and not listed["loading_shown"]
