"""Projet: the title and the narratives, with a character count where a limit applies.

The call's form limited the length of its text fields; the limits below are those we apply as
guidance (the count turns red beyond them, nothing is cut): they are not confirmed by a primary
source and live here, in one place.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .. import findings_index as fi
from ..session import PROJET
from .base import EditField, EditorPage, EditText, page_layout, problem_label, set_problems

# (key, label, limit in characters or None, multi-line)
NARRATIVES = (
    ("intitule", QT_TRANSLATE_NOOP("ProjetPage", "Intitulé du projet"), 200, False),
    ("description", QT_TRANSLATE_NOOP("ProjetPage", "Description du projet"), 4000, True),
    ("objectifs", QT_TRANSLATE_NOOP("ProjetPage", "Objectifs pédagogiques"), 2000, True),
    ("calendrier", QT_TRANSLATE_NOOP("ProjetPage", "Calendrier de réalisation"), 1000, True),
)


class ProjetPage(EditorPage):
    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        layout = page_layout(self, self.tr("Projet"), self.tr(
            "Présentez le projet en quelques phrases : ce que les élèves et les enseignants "
            "pourront faire, et quand."))
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.counters: dict[str, QLabel] = {}
        self.problems: dict[str, QLabel] = {}
        self.limits: dict[str, int | None] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        known = [key for key, *_ in NARRATIVES]
        # Other narratives the dossier brings (text only; other values are carried untouched).
        extra = [(k, k.replace("_", " ").capitalize(), None, True)
                 for k, v in session.dossier.projet.autres.items() if k not in known and isinstance(v, str)]
        for key, label, limit, multiline in (*NARRATIVES, *extra):
            label = QCoreApplication.translate("ProjetPage", label)
            form.addRow(label, self._field(key, label, limit, multiline))
        content = QWidget()
        content.setLayout(form)
        self.scroll = scroll = QScrollArea()  # narratives a dossier brings must not push the window off the screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setFocusPolicy(Qt.NoFocus)
        scroll.setWidget(content)
        layout.addWidget(scroll)
        self.refresh()
        session.changed.connect(self.when_shown(lambda _result: self.refresh()))
        session.attention_changed.connect(self.when_shown(self.refresh))

    def _field(self, key: str, label: str, limit: int | None, multiline: bool) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        if multiline:
            editor = EditText()
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(90)
            editor.textChanged.connect(lambda key=key, editor=editor: self._typed(key, editor.toPlainText()))
        else:
            editor = EditField()
            editor.textEdited.connect(lambda text, key=key: self._typed(key, text))
        editor.setAccessibleName(label)
        editor.setObjectName(f"projet.{key}")
        editor.left.connect(lambda key=key: self.session.touch(f"projet.{key}"))
        self.editors[key], self.limits[key] = editor, limit
        self.counters[key] = QLabel()
        self.counters[key].setAlignment(Qt.AlignRight)
        self.problems[key] = problem_label()
        column.addWidget(editor)
        column.addWidget(self.problems[key])
        column.addWidget(self.counters[key])
        return box

    def _typed(self, key: str, text: str) -> None:
        if self._refreshing:
            return
        self.session.edit(PROJET, None, key, text, typing=True)

    _refreshing = False

    def refresh(self) -> None:
        self._refreshing = True
        findings = fi.by_chemin(self.session.result.constats)
        try:
            for key, editor in self.editors.items():
                value = str(self.session.get_field(PROJET, None, key) or "")
                current = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
                if current != value:
                    if isinstance(editor, QPlainTextEdit):
                        editor.setPlainText(value)
                    else:
                        editor.setText(value)
                self._count(key, len(value))
                set_problems(self.problems[key], findings.get(f"projet.{key}", []), self.session.is_quiet)
        finally:
            self._refreshing = False

    def _count(self, key: str, length: int) -> None:
        limit = self.limits[key]
        counter = self.counters[key]
        if limit is None:
            counter.setText(self.tr("%n caractère(s)", "", length))
            return
        counter.setText(self.tr("%1 / %2 caractères").replace("%1", str(length)).replace("%2", str(limit)))
        counter.setStyleSheet("color: #a4161a; font-weight: bold;" if length > limit else "color: palette(mid);")

    def show_chemin(self, chemin: str) -> None:
        key = chemin.removeprefix("projet.")
        editor = self.editors.get(key, self.editors["intitule"])
        self.scroll.ensureWidgetVisible(editor)
        editor.setFocus()
        editor.selectAll()
