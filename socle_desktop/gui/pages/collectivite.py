"""Collectivité: who applies, who signs, whom to call."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import COLLECTIVITE_TYPES
from .. import findings_index as fi
from ..session import COLLECTIVITE
from .base import EditField, EditorPage, QuietComboBox, page_layout, problem_label, set_problems


class CollectivitePage(EditorPage):
    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        layout = page_layout(self, self.tr("Collectivité"),
                             self.tr("La commune ou le groupement qui dépose le dossier et le signe."))
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.problems = {}
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setFocusPolicy(Qt.NoFocus)  # no Tab stop on the frame: Tab goes from field to field
        content = QWidget()
        scroll.setWidget(content)
        column = QVBoxLayout(content)
        column.addWidget(self._group(self.tr("Identité"), [
            ("type", self.tr("Type")),
            ("raison_sociale", self.tr("Raison sociale")),
            ("siret", self.tr("SIRET (14 chiffres)")),
            ("code_insee", self.tr("Code INSEE")),
            ("adresse", self.tr("Adresse")),
            ("code_postal", self.tr("Code postal")),
            ("commune", self.tr("Commune")),
        ]))
        column.addWidget(self._group(self.tr("Représentant légal (signataire)"), [
            ("representant.nom", self.tr("Nom"), self.tr("Nom du représentant légal")),
            ("representant.qualite", self.tr("Qualité (ex. : Maire)")),
        ]))
        column.addWidget(self._group(self.tr("Personne à contacter"), [
            ("contact.nom", self.tr("Nom"), self.tr("Nom de la personne à contacter")),
            ("contact.courriel", self.tr("Courriel")),
            ("contact.telephone", self.tr("Téléphone")),
        ]))
        column.addStretch()
        self._align_labels(content)
        layout.addWidget(scroll)
        self.refresh()
        session.changed.connect(lambda _result: self.refresh())

    def _group(self, title: str, fields: list[tuple]) -> QGroupBox:
        """A titled form; a field's tuple is (path, label) or (path, label, accessible name)."""
        group = QGroupBox(title)
        form = QFormLayout(group)
        for path, label, *spoken in fields:
            widget = self._make_field(path)
            widget.setAccessibleName(spoken[0] if spoken else label)
            widget.setObjectName(f"collectivite.{path}")
            form.addRow(label, widget)
            self.problems[path] = problem_label()
            form.addRow("", self.problems[path])
            self.fields[path] = widget
        return group

    @staticmethod
    def _align_labels(content: QWidget) -> None:
        """The three groups' fields start at the same column."""
        forms = [group.layout() for group in content.findChildren(QGroupBox)]
        labels = [form.labelForField(form.itemAt(row, QFormLayout.FieldRole).widget())
                  for form in forms for row in range(form.rowCount())
                  if form.itemAt(row, QFormLayout.FieldRole) is not None]
        labels = [label for label in labels if label is not None]
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    def _make_field(self, path: str):
        if path == "type":
            combo = QuietComboBox()
            for code, label in COLLECTIVITE_TYPES.items():
                combo.addItem(label, code)
            combo.activated.connect(
                lambda _i: self.session.edit(COLLECTIVITE, None, "type", combo.currentData()))
            return combo
        edit = EditField()
        if path == "siret":
            edit.setMaxLength(20)
            edit.setPlaceholderText("21430000000000")
        edit.textEdited.connect(
            lambda text, path=path: self.session.edit(COLLECTIVITE, None, path, text, typing=True))
        return edit

    def refresh(self) -> None:
        findings = fi.by_chemin(self.session.result.constats)
        for path, widget in self.fields.items():
            value = self.session.get_field(COLLECTIVITE, None, path)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            elif widget.text() != value:
                widget.setText(value)
            set_problems(self.problems[path], findings.get(f"collectivite.{path}", []))

    def show_chemin(self, chemin: str) -> None:
        path = chemin.removeprefix("collectivite.")
        widget = self.fields.get(path) or self.fields["raison_sociale"]
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()
