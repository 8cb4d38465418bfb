"""« Vérifier un paquet » (the Start-menu shortcut): verify's report and verdict in a window."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from socle_desktop.export import export_dossier
from socle_desktop.export.demo import demo_dossier, demo_piece_bytes
from socle_desktop.export.identity import demo_identity
from socle_desktop.gui.about import about_rows
from socle_desktop.gui.verify_window import VERDICTS, VerifyWindow


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle")
    return export_dossier(demo_dossier(), out_dir=out, identity=demo_identity(), piece_bytes=demo_piece_bytes,
                          example=True).bundle_path


def verify_in_window(qtbot, tmp_path, bundle):
    window = VerifyWindow(tmp_path / "donnees")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.verified, timeout=120_000) as signal:
        window.verify(bundle)
    return window, signal.args[0]


def test_an_intact_demo_bundle_is_reported_with_verify_s_own_verdict(qtbot, tmp_path, demo_bundle):
    window, code = verify_in_window(qtbot, tmp_path, demo_bundle)
    cli = subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(tmp_path / "cli"), "verify",
                          str(demo_bundle)], capture_output=True, text=True, timeout=120)
    assert code == cli.returncode
    assert code in (0, 4)
    assert window.verdict.text() == VERDICTS[code]
    assert window.report.toPlainText().strip() == (cli.stdout + cli.stderr).strip()


def test_a_damaged_zip_is_not_called_intact(qtbot, tmp_path):
    damaged = tmp_path / "abime.zip"
    damaged.write_bytes(b"PK\x03\x04 pas vraiment un zip")
    window, code = verify_in_window(qtbot, tmp_path, damaged)
    assert code in (1, 2)  # a check failed, or not a bundle at all: never « intact »
    assert window.verdict.text() == VERDICTS[code]


def test_a_tampered_member_fails(qtbot, tmp_path, demo_bundle):
    tampered = tmp_path / "modifie.zip"
    with zipfile.ZipFile(demo_bundle) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("dossier.json"):
                data = data.replace(b'"nb_eleves": ', b'"nb_eleves": 1', 1)
            target.writestr(item, data)
    window, code = verify_in_window(qtbot, tmp_path, tampered)
    assert code == 1
    assert window.verdict.text() == VERDICTS[1]


def test_about_names_the_version_licence_rules_and_referentiel():
    from socle_desktop import __version__

    rows = dict(about_rows())
    assert rows["Version"] == __version__
    assert rows["Licence"] == "EUPL-1.2"
    assert "snee-2021" in rows["Règles de calcul"]
    assert "decoupage-administratif" in rows["Référentiel des communes"]


def test_the_about_dialog_shows_them(app, dialogs):
    app.window.show_about()
    (text,) = dialogs.texts("about")
    for _label, value in about_rows():
        assert value.split(" (")[0] in text
