"""Collectivité: who applies, who signs, whom to call."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ... import referentiel
from ...domain.completeness import of
from ...domain.model import COLLECTIVITE_TYPES
from ...domain.money import format_integer
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
        self.hints: dict[str, QLabel] = {}
        self._autofilled_commune = ""
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
        session.changed.connect(self.when_shown(lambda _result: self.refresh()))
        session.attention_changed.connect(self.when_shown(self.refresh))

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
            if path in ("code_insee", "siret"):
                # What the official référentiel says about the code typed (filled in lazily).
                hint = QLabel()
                hint.setObjectName(f"collectivite.{path}.referentiel")
                hint.setWordWrap(True)
                hint.setStyleSheet("color: #1f4e79;")
                hint.hide()
                self.hints[path] = hint
                form.addRow("", hint)
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

    def _type_chosen(self, kind: str) -> None:
        """A choice is made at once, not typed: its finding (a SIREN that is a commune's while
        the type says « Syndicat ») shows now, not as « à compléter » until another field is left."""
        self.session.edit(COLLECTIVITE, None, "type", kind)
        self.session.touch("collectivite.type")

    def _make_field(self, path: str):
        if path == "type":
            combo = QuietComboBox()
            for code, label in COLLECTIVITE_TYPES.items():
                combo.addItem(label, code)
            combo.activated.connect(lambda _i: self._type_chosen(combo.currentData()))
            return combo
        edit = EditField()
        if path == "siret":
            edit.setMaxLength(20)
            edit.setPlaceholderText("21430000000000")
        edit.textEdited.connect(
            lambda text, path=path: self.session.edit(COLLECTIVITE, None, path, text, typing=True))
        if path == "code_insee":
            edit.textEdited.connect(self._autofill_from_insee)
        edit.left.connect(lambda path=path: self.session.touch(f"collectivite.{path}"))
        return edit

    def refresh(self) -> None:
        findings = fi.by_chemin(self.session.result.constats)
        for path, widget in self.fields.items():
            value = self.session.get_field(COLLECTIVITE, None, path)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            elif widget.text() != value:
                widget.setText(value)
            set_problems(self.problems[path], findings.get(f"collectivite.{path}", []), self.session.is_quiet)
        self._refresh_hints()

    def _autofill_from_insee(self, text: str) -> None:
        """A known code INSEE fills the commune's name (when empty or filled by us before), an
        editable, undoable step. The commune's SIREN is shown in the hint, not written into the
        SIRET: nine digits there would be an error on a field the user has not touched."""
        if len(text.strip()) != 5:
            return
        commune = self._referentiel_commune(text)
        if commune is None:
            return
        current = self.session.dossier.collectivite
        if not current.commune.strip() or current.commune == self._autofilled_commune:
            self.session.edit(COLLECTIVITE, None, "commune", commune.nom)
            self._autofilled_commune = commune.nom

    @staticmethod
    def _referentiel_commune(code: str):
        ref = referentiel.for_checks()
        return ref.commune(code) if ref is not None else None

    def _refresh_hints(self) -> None:
        c = self.session.dossier.collectivite
        ref = referentiel.for_checks() if (c.code_insee.strip() or c.siret.strip()) else None
        texts = {"code_insee": "", "siret": ""}
        if ref is not None:
            commune = ref.commune(c.code_insee) if len(c.code_insee.strip()) == 5 else None
            if commune is not None:
                dep = ref.departement(commune.departement)
                region = ref.region(commune.region)
                academie = ref.academie_of_departement(commune.departement)
                parts = [commune.nom, f"{dep.nom} ({dep.code})" if dep else commune.departement]
                if region:
                    parts.append(region.nom)
                if academie:
                    parts.append(self.tr("académie de %1").replace("%1", academie.nom))
                if commune.siren:
                    parts.append(self.tr("SIREN %1").replace("%1", commune.siren))
                texts["code_insee"] = " — ".join(parts)
            siren = "".join(ch for ch in c.siret if ch.isdigit())[:9]
            if len(siren) == 9:
                holder = ref.collectivite_by_siren(siren)
                if hasattr(holder, "membres"):
                    count = len(holder.membres)
                    members = (self.tr("%n commune membre") if count <= 1 else self.tr("%n communes membres")
                               ).replace("%n", format_integer(count))
                    texts["siret"] = f"{holder.nom} ({holder.type}, {members})"
                elif holder is not None:
                    texts["siret"] = self.tr("SIREN de la commune %1 (%2)").replace(
                        "%1", of(holder.nom)).replace("%2", holder.code_insee)  # « du Puy-en-Velay »
        for path, hint in self.hints.items():
            hint.setText(texts[path])
            hint.setVisible(bool(texts[path]))

    def show_chemin(self, chemin: str) -> None:
        path = chemin.removeprefix("collectivite.")
        widget = self.fields.get(path) or self.fields["raison_sociale"]
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()
