"""The window survives PySide6 6.12.0's lost references to None (an abort after a few thousand edits)."""

import os
import subprocess
import sys
import textwrap

from socle_desktop.gui.binding_guard import binding_leaks_none, protect_none

MANY_EDITS = textwrap.dedent("""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QTreeWidgetItem
    from socle_desktop.gui.app import create_application

    app = create_application()
    item, combo = QTreeWidgetItem(["constat"]), QComboBox()
    combo.addItem("Toutes les écoles", None)
    for _ in range(100_000):  # what a long day of edits does to the findings and the filters
        item.setData(0, Qt.UserRole, "ecoles[3].uai")
        combo.currentData()
    print("vivant")
""")


def test_a_long_day_of_edits_does_not_abort_the_window(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOCLE_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", MANY_EDITS], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "vivant"


def test_after_protection_none_can_no_longer_run_out_of_references(qapp):
    protect_none()
    if binding_leaks_none() and sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 39
