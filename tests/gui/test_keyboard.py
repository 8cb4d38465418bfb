"""The whole dossier from the keyboard: page shortcuts land on the page's first field, Tab and
Enter walk the form, every field has its own spoken name."""

import itertools

from gui_helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def open_new(app, qtbot):
    qtbot.mouseClick(app.window.library_page.new_button, Qt.LeftButton)
    return app.window.editor


def press(qtbot, key, modifier=Qt.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()  # a cell editor commits through a queued call


def test_page_shortcuts_land_on_the_first_field_wherever_the_focus_was(app, qtbot):
    editor = open_new(app, qtbot)
    ecoles = editor.pages["ecoles"]
    press(qtbot, Qt.Key_2, Qt.ControlModifier)
    assert QApplication.focusWidget() is ecoles.add_button
    press(qtbot, Qt.Key_Space)  # adds a school and opens its name
    type_text(QApplication.focusWidget(), "École du Bourg")
    press(qtbot, Qt.Key_Return)
    assert app.window.session.dossier.ecoles[0].nom == "École du Bourg"
    press(qtbot, Qt.Key_3, Qt.ControlModifier)
    assert QApplication.focusWidget() is editor.pages["equipement"].add_button
    press(qtbot, Qt.Key_1, Qt.ControlModifier)
    assert QApplication.focusWidget() is editor.pages["collectivite"].fields["type"]
    press(qtbot, Qt.Key_0, Qt.ControlModifier)
    assert QApplication.focusWidget() is editor.pages["export"].passphrase


def test_tab_and_enter_walk_the_collectivite_form_field_by_field(app, qtbot):
    editor = open_new(app, qtbot)
    fields = editor.pages["collectivite"].fields
    press(qtbot, Qt.Key_1, Qt.ControlModifier)
    press(qtbot, Qt.Key_Tab)
    assert QApplication.focusWidget() is fields["raison_sociale"]
    type_text(fields["raison_sociale"], "Commune de Clavier")
    press(qtbot, Qt.Key_Return)
    assert QApplication.focusWidget() is fields["siret"]
    order = ["siret", "code_insee", "adresse", "code_postal", "commune", "representant.nom",
             "representant.qualite", "contact.nom", "contact.courriel", "contact.telephone"]
    for current, following in itertools.pairwise(order):
        assert QApplication.focusWidget() is fields[current]
        press(qtbot, Qt.Key_Tab)
        assert QApplication.focusWidget() is fields[following], f"Tab from {current}"
    assert app.window.session.dossier.collectivite.raison_sociale == "Commune de Clavier"


def test_no_two_inputs_of_a_page_share_a_spoken_name(app, qtbot):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

    editor = open_new(app, qtbot)
    for key, page in editor.pages.items():
        names = [w.accessibleName() for kind in (QLineEdit, QPlainTextEdit, QComboBox)
                 for w in page.findChildren(kind) if w.accessibleName()]
        assert len(names) == len(set(names)), f"{key}: {sorted(names)}"


def test_scrolling_the_page_over_the_type_does_not_change_it(app, qtbot):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    editor = open_new(app, qtbot)
    combo = editor.pages["collectivite"].fields["type"]
    editor.pages["collectivite"].fields["raison_sociale"].setFocus()
    centre = QPointF(combo.rect().center())
    wheel = QWheelEvent(centre, QPointF(combo.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
                        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(combo, wheel)
    assert app.window.session.dossier.collectivite.type == "commune"
    assert combo.currentData() == "commune"
