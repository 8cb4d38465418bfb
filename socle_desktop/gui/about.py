"""« À propos » : what a helpdesk asks first — the version, the licence, the rules edition and
the référentiel this copy computes with."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from .. import __version__
from ..resources import DEFAULT_EDITION, load_rules

LICENCE = "EUPL-1.2"


def _tr(text: str) -> str:
    return QCoreApplication.translate("about", text)


def about_rows() -> list[tuple[str, str]]:
    """(label, value) pairs, in the order shown."""
    from .. import referentiel

    rules = load_rules(DEFAULT_EDITION)
    source = referentiel.source()
    return [
        (_tr("Version"), __version__),
        (_tr("Licence"), LICENCE),
        (_tr("Règles de calcul"), f"{rules.titre} ({rules.edition})"),
        (_tr("Référentiel des communes"), f"{source.paquet} {source.version} ({source.licence})"),
    ]


def show_about(parent: QWidget) -> None:
    rows = "".join(f"<tr><td>{escape(label)}</td><td><b>{escape(value)}</b></td></tr>"
                   for label, value in about_rows())
    QMessageBox.about(parent, _tr("À propos"), (
        f"<p><b>socle-desktop {escape(__version__)}</b></p><p>"
        + escape(_tr("Préparer hors ligne le dossier de l'appel à projets « socle numérique dans les écoles "
                     "élémentaires »."))
        + f"</p><table cellspacing='6'>{rows}</table>"))
