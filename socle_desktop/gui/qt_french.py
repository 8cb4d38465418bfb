"""The words of Qt's own dialogs that Qt's French catalogue (qtbase_fr.qm) does not have.

Qt 6 renamed a few source strings (« &Look in: », « Files of &type: » gained their shortcut
letters) and its French catalogue was not updated: the non-native file dialog, the one Linux
shows without a desktop's own, was half English. This translator, installed after qtbase_fr,
answers only for those strings (a null answer lets Qt ask the other catalogues).
tests/gui/test_translations.py opens the dialogs and fails on any English word left.

It also makes the window's own counted texts agree with their count: the sources are French
and no compiled catalogue is shipped for French, so « %n ligne(s) » would show « 1 ligne(s) ».
A source counted through Qt (`tr(text, "", n)`) drops « (s) » for 0 and 1 and spells the plural
above, as French does (« 1 ligne valide », « 3 lignes valides »), and writes the count the
French way (« 1 200 lignes »: Qt's own %n would print « 1200 »). Qt's own counted texts (their
contexts begin with Q) are English sources: they are left to Qt's catalogues.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QTranslator

from ..domain.money import format_integer

NBSP = "\u00a0"

# (context, source) -> French; the disambiguation Qt passes is ignored.
COMPLEMENTS = {
    ("QFileDialog", "&Look in:"): f"&Voir dans{NBSP}:",
    ("QFileDialog", "Files of &type:"): f"Fichiers de &type{NBSP}:",
    ("QAbstractFileIconProvider", "Folder"): "Dossier",
    ("QAbstractFileIconProvider", "File"): "Fichier",
    ("QAbstractFileIconProvider", "Drive"): "Lecteur",
    ("QAbstractFileIconProvider", "File Folder"): "Dossier",
    ("QMimeType", "TOML document"): "document TOML",
    # Qt's own print dialog (« Imprimer » in the PDF preview) and its Propriétés page: the same
    # renamed strings, English in the French dialog.
    ("QPrintSettingsOutput", "Page &Set:"): f"&Jeu de pages{NBSP}:",
    ("QPageSetupWidget", "Page &order:"): f"&Ordre des pages{NBSP}:",
    ("QPageSetupWidget", "Pages &per sheet:"): f"&Pages par feuille{NBSP}:",
}


_OPTIONAL_PLURAL = re.compile(r"\((s|x)\)")


def agree(text: str, count: int) -> str:
    """« ligne(s) refusée(s) » for `count`: singular for 0 and 1, plural above."""
    return _OPTIONAL_PLURAL.sub("" if abs(count) <= 1 else r"\1", text)


class QtFrenchComplements(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):
        # None is Qt's null string: « not here, ask the next catalogue » (an empty string would
        # be taken as the translation and blank every other text of the window).
        if n is not None and n >= 0 and source_text and not _is_qt_context(context or ""):
            if "%n" in source_text or _OPTIONAL_PLURAL.search(source_text):
                return agree(source_text, n).replace("%n", format_integer(n))
        return COMPLEMENTS.get((context, source_text))

    def isEmpty(self) -> bool:
        return False


def _is_qt_context(context: str) -> bool:
    """Qt's own classes (QFileDialog, QPrintDialog…), whose plurals Qt's catalogue words; the
    application's classes may start with « Q » too (QuietComboBox)."""
    return context[:1] == "Q" and context[1:2].isupper()
