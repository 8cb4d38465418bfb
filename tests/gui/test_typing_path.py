"""The typing path (issue 15): an edited line repaints its own row (and the rows whose findings
changed), not the whole table, and what it shows is never the previous figure."""

from __future__ import annotations

from PySide6.QtCore import Qt

from socle_desktop.domain.money import format_euros
from socle_desktop.gui import findings_index as fi


def open_demo(app, qtbot):
    qtbot.mouseClick(app.window.library_page.demo_button, Qt.LeftButton)
    editor = app.window.editor
    editor.show_page("equipement")
    return editor.pages["equipement"]


def watch_rows(model) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last, _roles=None: seen.append((first.row(), last.row())))
    return seen


def test_a_price_typed_repaints_its_row_with_the_new_ttc_and_totals(app, qtbot):
    page = open_demo(app, qtbot)
    model, session = page.model, app.window.session
    assert model.rowCount() > 2
    seen = watch_rows(model)
    row = 1
    model.setData(model.index(row, model.column_of("prix_unitaire_ht_centimes")), 123_456)
    ligne = model.ligne_at(row)
    assert ligne.prix_unitaire_ht_centimes == 123_456
    assert any(first <= row <= last for first, last in seen), seen  # the edited row is repainted
    assert all(last - first < model.rowCount() - 1 for first, last in seen), seen  # not the whole table
    ttc = model.data(model.index(row, model.column_of("ttc")))
    assert ttc == format_euros(session.result.lignes[ligne.id].ttc)
    assert format_euros(session.result.volets["equipement"].depense_ttc) in page.totals.text()


def test_a_finding_raised_by_typing_shows_on_its_row_at_once(app, qtbot):
    page = open_demo(app, qtbot)
    model = page.model
    seen = watch_rows(model)
    row = 0
    quantity = model.index(row, model.column_of("quantite"))
    model.setData(quantity, 0)
    assert any(first <= row <= last for first, last in seen), seen
    assert model.data(quantity, Qt.BackgroundRole) == fi.ERROR_BACKGROUND
    seen.clear()
    model.setData(quantity, 2)
    assert any(first <= row <= last for first, last in seen), seen
    assert model.data(quantity, Qt.BackgroundRole) is None


def test_moving_a_line_to_another_school_still_refreshes_the_whole_table(app, qtbot):
    page = open_demo(app, qtbot)
    model = page.model
    seen = watch_rows(model)
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    ecoles = app.window.session.dossier.ecoles
    row = 0
    other = next(e.id for e in ecoles if e.id != model.ligne_at(row).ecole)
    model.setData(model.index(row, model.column_of("ecole")), other)
    assert resets or (0, model.rowCount() - 1) in seen  # the groups may change: every row
