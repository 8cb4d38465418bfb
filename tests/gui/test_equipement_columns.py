"""Équipement in a 40-school dossier whose names share their start (issue 11): at 1200 px every
row can be told apart, nothing is cut, the table is never wider than the window, and sizing the
columns stays off the typing path (issue 15)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from socle_desktop.gui import findings_index as fi
from socle_desktop.gui.pages.lignes import CELL_PAD, distinctive_names
from socle_desktop.gui.screenshot import forty_schools_dossier


def open_forty(app, qtbot, width=1200, *, longer=False):
    app.window.resize(width, 800)
    dossier = forty_schools_dossier()
    assert all(50 <= len(ecole.nom) <= 65 for ecole in dossier.ecoles)
    if longer:  # official names run longer still: every fourth school's commune has a long name
        for ecole in dossier.ecoles[::4]:
            ecole.nom += "-sur-Loire-et-Allier"  # « … du Haut-Exemple-sur-Loire-et-Allier »
        assert max(len(ecole.nom) for ecole in dossier.ecoles) > 75 and len({e.nom for e in dossier.ecoles}) == 40
    assert app.window.open_dossier(app.library.create(dossier))
    app.window.editor.show_page("equipement")
    page = app.window.editor.pages["equipement"]
    qtbot.waitUntil(lambda: page.view.viewport().width() > 0)
    QApplication.processEvents()
    return page


def whole(page, text: str, field: str) -> bool:
    """Whether `text` shows whole in its column: on one line, or wrapped on the row's lines."""
    section = page.view.horizontalHeader().sectionSize(page.model.column_of(field))
    metrics = page.view.fontMetrics()
    width = section - 12  # the cell's margins
    if not page.view.wordWrap():
        return metrics.horizontalAdvance(text) <= width
    box = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextWordWrap, text)
    return box.width() <= width and box.height() <= page.view.rowHeight(0) - 4


def shown_rows(page) -> list[tuple[str, str]]:
    """What each row shows of its school (named on the first line of its group, as painted) and
    its label."""
    model, delegate = page.model, page.school_delegate
    rows, school = [], ""
    for row in range(model.rowCount()):
        name = model.index(row, model.column_of("ecole")).data()
        if name:
            option_text = delegate.shown.get(name, name)
            assert whole(page, option_text, "ecole"), option_text
            school = option_text
        rows.append((school, model.index(row, model.column_of("libelle")).data()))
    return rows


@pytest.mark.parametrize("longer", [False, True], ids=["50-65-caracteres", "jusqu-a-80"])
def test_at_1200_px_each_row_of_forty_schools_shows_a_distinct_school_and_label(app, qtbot, longer):
    page = open_forty(app, qtbot, longer=longer)
    model, view = page.model, page.view
    header = view.horizontalHeader()
    assert model.rowCount() == 160
    assert header.length() <= view.viewport().width()  # never wider than the window
    rows = shown_rows(page)
    assert len(set(rows)) == len(rows)  # no two rows look alike
    groups = [school for school, _label in dict.fromkeys(rows)]
    assert len(set(groups)) == 40
    for _school, label in rows:
        assert whole(page, label, "libelle"), label
    session = app.window.session
    categories = session.rules.categories["equipement"]
    for ligne in session.dossier.lignes:
        assert whole(page, categories[ligne.categorie], "categorie"), ligne.categorie
    metrics = view.fontMetrics()
    widest_used = max(metrics.horizontalAdvance(categories[ligne.categorie]) for ligne in session.dossier.lignes)
    assert header.sectionSize(model.column_of("categorie")) <= widest_used + CELL_PAD
    # A name is shortened only when it does not show whole, never for the tooltip or screen readers.
    first = model.index(0, model.column_of("ecole"))
    assert first.data(Qt.ToolTipRole) == first.data(Qt.AccessibleTextRole) == session.dossier.ecoles[0].nom


def test_a_narrower_window_takes_three_lines_and_a_wide_one_a_single_line(app, qtbot):
    page = open_forty(app, qtbot, width=1000)
    view = page.view
    assert view.wordWrap() and view.rowHeight(0) >= 3 * view.fontMetrics().lineSpacing()
    assert view.horizontalHeader().length() <= view.viewport().width()
    rows = shown_rows(page)
    assert len(set(rows)) == len(rows)
    for _school, label in rows:
        assert whole(page, label, "libelle"), label
    app.window.resize(2400, 800)
    QApplication.processEvents()
    assert not view.wordWrap() and not page.school_delegate.shown  # room enough: every name whole
    assert len(set(shown_rows(page))) == page.model.rowCount()


def test_typing_a_price_does_not_size_the_columns_again(app, qtbot, monkeypatch):
    page = open_forty(app, qtbot)
    calls = []
    monkeypatch.setattr(page, "_fit_text_columns", lambda: calls.append(True))
    model = page.model
    for price in (100_000, 100_010, 100_011):
        model.setData(model.index(0, model.column_of("prix_unitaire_ht_centimes")), price)
        QApplication.processEvents()
    assert calls == []
    model.setData(model.index(0, model.column_of("libelle")), "Vidéoprojecteur")  # a committed label: yes
    assert calls


def test_the_part_of_a_name_that_tells_it_apart():
    names = ["École élémentaire publique Jean-de-La-Fontaine du Haut-Exemple",
             "École primaire publique Jules-Ferry du Bas-Exemple",
             "ECOLE ELEMENTAIRE PUBLIQUE Victor-Hugo", "Groupe scolaire Marie-Curie",
             "École élémentaire Paul-Bert", "École maternelle Paul-Bert",  # the same once shortened: kept whole
             "Les Tilleuls", "École élémentaire publique"]  # nothing generic, nothing left: kept whole
    short = distinctive_names(names)
    assert short == {
        "École élémentaire publique Jean-de-La-Fontaine du Haut-Exemple": "…\u00a0Jean-de-La-Fontaine du Haut-Exemple",
        "École primaire publique Jules-Ferry du Bas-Exemple": "…\u00a0Jules-Ferry du Bas-Exemple",
        "ECOLE ELEMENTAIRE PUBLIQUE Victor-Hugo": "…\u00a0Victor-Hugo",
        "Groupe scolaire Marie-Curie": "…\u00a0Marie-Curie",
    }


def test_the_lines_of_one_school_share_a_band_the_next_school_the_other(app, qtbot):
    page = open_forty(app, qtbot)
    model = page.model
    assert not page.view.alternatingRowColors()  # not line by line
    column = model.column_of("quantite")
    banded = [model.index(row, column).data(Qt.BackgroundRole) is not None for row in range(model.rowCount())]
    schools = [model.ligne_at(row).ecole for row in range(model.rowCount())]
    assert banded[0] is False and any(banded)
    for row in range(1, model.rowCount()):
        assert banded[row] == (banded[row - 1] if schools[row] == schools[row - 1] else not banded[row - 1]), row
    model.setData(model.index(4, column), 0)  # a finding's colour comes before the band
    assert model.index(4, column).data(Qt.BackgroundRole) == fi.ERROR_BACKGROUND
