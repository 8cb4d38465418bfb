"""The words of Qt's own dialogs that Qt's French catalogue (qtbase_fr.qm) does not have.

Qt 6 renamed a few source strings (« &Look in: », « Files of &type: » gained their shortcut
letters) and its French catalogue was not updated: the non-native file dialog, the one Linux
shows without a desktop's own, was half English. This translator, installed after qtbase_fr,
answers only for those strings (a null answer lets Qt ask the other catalogues).
tests/gui/test_translations.py opens the dialogs and fails on any English word left.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

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
}


class QtFrenchComplements(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):
        # None is Qt's null string: « not here, ask the next catalogue » (an empty string would
        # be taken as the translation and blank every other text of the window).
        return COMPLEMENTS.get((context, source_text))

    def isEmpty(self) -> bool:
        return False
