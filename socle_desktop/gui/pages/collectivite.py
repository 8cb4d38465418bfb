"""Collectivité: who applies, who signs, whom to call."""

from __future__ import annotations

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
from .base import EditField, EditorPage, page_layout, problem_label, set_problems


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
            ("representant.nom", self.tr("Nom")),
            ("representant.qualite", self.tr("Qualité (ex. : Maire)")),
        ]))
        column.addWidget(self._group(self.tr("Personne à contacter"), [
            ("contact.nom", self.tr("Nom")),
            ("contact.courriel", self.tr("Courriel")),
            ("contact.telephone", self.tr("Téléphone")),
        ]))
        column.addStretch()
        layout.addWidget(scroll)
        self.refresh()
        session.changed.connect(lambda _result: self.refresh())

    def _group(self, title: str, fields: list[tuple[str, str]]) -> QGroupBox:
        group = QGroupBox(title)
        form = QFormLayout(group)
        for path, label in fields:
            widget = self._make_field(path)
            widget.setAccessibleName(label)
            widget.setObjectName(f"collectivite.{path}")
            form.addRow(label, widget)
            self.problems[path] = problem_label()
            form.addRow("", self.problems[path])
            self.fields[path] = widget
        return group

    def _make_field(self, path: str):
        if path == "type":
            combo = QComboBox()
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
