"""Start-up (issue 15): until the window's first paint, nothing but Qt and the library's store
is loaded: no network client (the outbox page is built just after), no signature or PDF
library, no schema validator, no SIRET checker. Checked in a real `socle-desktop --smoke`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

AT_FIRST_PAINT = """
import json, sys
import socle_desktop.gui.app as gui_app

class Recorder(gui_app._FirstPaint):
    def __init__(self, on_paint):
        def record():
            print("LOADED " + json.dumps(sorted({name.split(".")[0] for name in sys.modules}
                                                | {name for name in sys.modules if name.startswith("socle_desktop")})),
                  file=sys.stderr)
            on_paint()
        super().__init__(record)

gui_app._FirstPaint = Recorder
from socle_desktop.cli import main
sys.exit(main(["--smoke"]))
"""

NOT_BEFORE_FIRST_PAINT = ("pyhanko", "reportlab", "httpx", "httpcore", "truststore", "stdnum", "jsonschema",
                          "openpyxl", "odf", "bagit", "cryptography", "socle_desktop.outbox",
                          "socle_desktop.export", "socle_desktop.reception", "socle_desktop.gui.outbox_page",
                          "socle_desktop.gui.editor")


def loaded_at_first_paint(tmp_path) -> set[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOCLE_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", AT_FIRST_PAINT], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED "))
    return set(json.loads(line.removeprefix("LOADED ")))


def test_the_first_paint_comes_before_the_network_signature_pdf_and_validators(tmp_path):
    loaded = loaded_at_first_paint(tmp_path)
    assert "PySide6" in loaded and "socle_desktop.gui.library_page" in loaded  # the check sees imports
    assert sorted(loaded & set(NOT_BEFORE_FIRST_PAINT)) == []
