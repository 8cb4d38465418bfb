"""Every string of the window is in the French catalogue, and Qt's own French is loaded."""

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from socle_desktop.resources import resource_path

GUI = Path(__file__).resolve().parents[2] / "socle_desktop" / "gui"
CATALOGUE = resource_path("translations", "socle_desktop_fr.ts")


def messages(ts_path: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts_path).getroot()
    return {(context.findtext("name") or "", message.findtext("source") or "")
            for context in root.iter("context") for message in context.iter("message")}


def test_the_catalogue_holds_every_string_of_the_window(tmp_path):
    import PySide6

    bundled = Path(PySide6.__file__).parent / "lupdate"  # shipped in PySide6-Essentials
    lupdate = str(bundled) if bundled.exists() else shutil.which("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("lupdate not installed")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in GUI.rglob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True, timeout=120)
    missing = messages(fresh) - messages(CATALOGUE)
    assert not missing, f"run pyside6-lupdate (see packaging/socle-desktop.spec): {sorted(missing)[:5]}"


def test_every_french_entry_is_translated():
    root = ET.parse(CATALOGUE).getroot()
    unfinished = [m.findtext("source") for m in root.iter("message")
                  if m.find("translation").get("type") == "unfinished"]
    assert unfinished == []


def test_texts_chosen_at_run_time_are_in_the_catalogue():
    from socle_desktop.gui.pages.lignes import INTROS

    catalogue = messages(CATALOGUE)
    missing = [text for text in INTROS.values() if ("LignesPage", text) not in catalogue]
    assert missing == []


def test_every_state_of_the_life_cycle_has_its_words_in_the_front_ends_catalogue():
    from socle_desktop import catalogue
    from socle_desktop.domain import lifecycle

    assert set(catalogue.STATE_LABELS) == set(lifecycle.DISPLAYED_STATES)
    assert catalogue.state_label("modifie_apres_signature") == "Modifié après signature"
    assert catalogue.state_label("brouillon", has_errors=True) == "Brouillon (à corriger)"


@pytest.mark.parametrize("mode", ["ouvrir", "dossier", "enregistrer"])
def test_qt_own_file_dialog_is_all_french(qtbot, tmp_path, mode):
    """Qt's non-native file dialog (Linux without a desktop's own) showed « Look in: » and
    « Files of type: »: Qt 6 changed those source strings and qtbase_fr lacks them (issue 16)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

    (tmp_path / "sous-dossier").mkdir()
    (tmp_path / "dossier.json").write_text("{}", encoding="utf-8")
    dialog = QFileDialog(None, "Importer un dossier", str(tmp_path), "Dossiers socle (*.json)")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if mode == "dossier":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    if mode == "enregistrer":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.show()  # never exec(): nothing waits for a click
    qtbot.waitExposed(dialog)
    shown = [w.text().replace("&", "") for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    english = {"Look in:", "Files of type:", "File name:", "Open", "Save", "Cancel", "Choose", "Directory:"}
    assert not english & {text.strip() for text in shown}, shown
    assert any(text.startswith("Voir dans") for text in shown)
    folder_type = QCoreApplication.translate("QAbstractFileIconProvider", "Folder", "All other platforms")
    assert folder_type == "Dossier"
    # the complement answers only for its few strings: every other text keeps its catalogue's
    assert QCoreApplication.translate("MainWindow", "Dossiers « socle numérique »") == "Dossiers « socle numérique »"
    assert QCoreApplication.translate("QFileDialog", "File &name:").startswith("&Nom de fichier")


def test_counted_texts_agree_with_their_count(qapp):
    """No French .qm is shipped: the sources are shown, and « 1 ligne(s) » must read « 1 ligne »."""
    from PySide6.QtCore import QCoreApplication

    def tr(text: str, n: int) -> str:
        return QCoreApplication.translate("LineImportDialog", text, "", n)

    assert tr("&Importer %n ligne(s) valide(s)", 1) == "&Importer 1 ligne valide"
    assert tr("&Importer %n ligne(s) valide(s)", 3) == "&Importer 3 lignes valides"
    assert tr("%n ligne(s) refusée(s)", 0) == "0 ligne refusée"
    assert tr("Dossiers « socle numérique »", 2) == "Dossiers « socle numérique »"  # nothing to agree


def test_counted_texts_write_their_count_the_french_way(qapp):
    """Qt's %n prints « 1200 »: every message of the window writes « 1 200 » (issue 16)."""
    from PySide6.QtCore import QCoreApplication

    from socle_desktop.gui.pages.controles import counted

    assert QCoreApplication.translate("LineImportDialog", "%n ligne(s) refusée(s)", "", 1200) == \
        "1\u202f200 lignes refusées"
    assert QCoreApplication.translate("DossierSession", "la suppression de %n ligne(s)", "", 20000) == \
        "la suppression de 20\u202f000 lignes"
    assert QCoreApplication.translate("ReceptionPage", "%n déjà au registre.", "", 6870) == \
        "6\u202f870 déjà au registre."
    assert counted(1500, "%n erreur", "%n erreurs") == "1\u202f500 erreurs"



def test_qt_file_dialog_sizes_and_dates_are_french_on_an_english_system(tmp_path):
    """The dialog's « Taille » and « Dernière modification » follow Qt's system locale: on a
    machine set to C or English they read « 2 bytes » and « 4 12 2026 » (screenshot 16)."""
    import os
    import subprocess
    import sys

    script = (
        "from PySide6.QtCore import QDateTime, QLocale\n"
        "from socle_desktop.gui.app import create_application\n"
        "app = create_application()\n"
        "system = QLocale.system()\n"
        "print(system.formattedDataSize(2))\n"
        "moment = QDateTime.fromString('2026-12-04T05:27:00', 'yyyy-MM-ddTHH:mm:ss')\n"
        "print(system.toString(moment, QLocale.FormatType.ShortFormat))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE")}
    env.update(LANG="en_US.UTF-8", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    size, date = done.stdout.splitlines()
    assert size == "2 octets" and date.startswith("04/12/2026"), done.stdout


def test_the_system_locale_is_left_alone_when_french_or_fixed_by_lc_all():
    from socle_desktop.gui.app import system_locale_for

    assert system_locale_for("fr", {"LANG": "fr_CA.UTF-8"}) == {}
    assert system_locale_for("fr", {"LANG": "en_GB.UTF-8", "LC_ALL": "C"}) == {}
    assert system_locale_for("en", {"LANG": "C"}) == {}
    assert system_locale_for("fr", {"LANG": "C", "LC_TIME": "fr_BE.UTF-8"}) == {
        "LC_MESSAGES": "fr_FR.UTF-8", "LC_NUMERIC": "fr_FR.UTF-8"}


def test_qt_own_print_dialog_is_all_french(qtbot):
    """« Imprimer » opens Qt's print dialog: « Page Set: », « Page order: », « Pages per sheet: »
    were English there, like the file dialog's renamed strings (issue 16's sibling)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QLabel

    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()  # never exec()
    qtbot.waitExposed(dialog)
    shown = {label.text().replace("&", "").strip() for label in dialog.findChildren(QLabel)}
    assert not {"Page Set:", "Copies:", "Name:", "Type:"} & shown, shown
    for context, source in (("QPrintSettingsOutput", "Page &Set:"), ("QPageSetupWidget", "Page &order:"),
                            ("QPageSetupWidget", "Pages &per sheet:")):
        assert QCoreApplication.translate(context, source) != source, source


def test_plurals_are_agreed_for_the_application_s_classes_even_those_starting_with_q():
    """Qt's own classes (QFileDialog…) are left to Qt's catalogue; an application class whose name
    starts with « Q » (QuietComboBox) is the application's, and its « %n ligne(s) » agrees."""
    from socle_desktop.gui.qt_french import QtFrenchComplements

    complements = QtFrenchComplements()
    assert complements.translate("QuietComboBox", "%n ligne(s)", None, 2) == "2 lignes"
    assert complements.translate("ExportPage", "%n ligne(s)", None, 1) == "1 ligne"
    assert complements.translate("QFileDialog", "%n ligne(s)", None, 2) is None
