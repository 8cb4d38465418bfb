"""Control characters and right-to-left overrides in a dossier's texts: an error on each field
(a reviewer's dossier showed « Retournac gnilliw » reversed in the window, the PDF and the
certificate, and compute said nothing)."""

from __future__ import annotations

import pytest
from builders import dossier as complete_dossier
from builders import line

from socle_desktop.domain.compute import Computer, compute
from socle_desktop.domain.findings import ERREUR, has_errors

RLO = "\u202egnilliw\u202c"


def dossier():
    return complete_dossier(lignes=[line("equipement", 50_000, category="videoprojecteur"),
                                    line("ressources", 10_000, ecole=None)])


def _set(path: str):
    def setter(d, value):
        holder = d
        *parents, name = path.split(".")
        for parent in parents:
            holder = holder[int(parent)] if parent.isdigit() else getattr(holder, parent)
        setattr(holder, name, value)
    return setter


FIELDS = [
    ("collectivite.raison_sociale", "collectivite.raison_sociale", "Raison sociale (page Collectivité)"),
    ("collectivite.adresse", "collectivite.adresse", "Adresse (page Collectivité)"),
    ("collectivite.representant.nom", "collectivite.representant.nom",
     "Nom du représentant légal (page Collectivité)"),
    ("collectivite.contact.telephone", "collectivite.contact.telephone", "Téléphone (page Collectivité)"),
    ("ecoles.0.nom", "ecoles[0].nom", "Nom de l'école n° 1 (page Écoles)"),
    ("lignes.1.libelle", "lignes[1].libelle", "Libellé de la ligne n° 2 (page Ressources)"),
    ("projet.intitule", "projet.intitule", "Intitulé (page Projet)"),
    ("projet.description", "projet.description", "Description (page Projet)"),
    ("pieces.0.nom", "pieces", "Nom de la pièce jointe n° 1 (page Pièces jointes)"),
]


def hidden(result):
    return [c for c in result.constats if c.code == "CARACTERES_CACHES"]


def test_the_complete_dossier_has_none(rules):
    assert hidden(compute(dossier(), rules)) == []


@pytest.mark.parametrize(("path", "chemin", "where"), FIELDS)
def test_an_override_in_any_text_is_an_error_on_its_field(rules, path, chemin, where):
    d = dossier()
    _set(path)(d, f"Texte {RLO} \x07\x1b[31m")
    found = hidden(compute(d, rules))
    assert [(c.gravite, c.chemin) for c in found] == [(ERREUR, chemin)]
    assert found[0].message == (f"{where} : caractères de contrôle ou d'inversion du sens d'écriture "
                                "(U+202E, U+202C, U+0007, U+001B) ; retirez-les.")
    assert has_errors(compute(d, rules).constats)  # a draft: the export says BROUILLON


def test_a_nul_in_the_address_is_named(rules):
    d = dossier()
    d.collectivite.adresse = "1 place\x00 de la Mairie"
    assert [c.message for c in hidden(compute(d, rules))] == [
        "Adresse (page Collectivité) : caractères de contrôle ou d'inversion du sens d'écriture (U+0000) ; "
        "retirez-les."]


def test_the_project_s_narratives_keep_their_line_breaks_and_french_spaces(rules):
    d = dossier()
    d.projet.description = "Premier paragraphe.\n\nSecond,\tavec 1\u202f000 €\u00a0!"
    d.projet.autres["objectifs"] = "Un.\r\nDeux."
    d.collectivite.raison_sociale = "Commune d'Œuf-en-Ternois\u00a0(43)"
    assert hidden(compute(d, rules)) == []
    d.collectivite.adresse = "1 place\nde la Mairie"  # one line in the window: a line break is hidden there
    assert [c.chemin for c in hidden(compute(d, rules))] == ["collectivite.adresse"]


def test_a_label_fixed_after_an_edit_loses_its_finding_in_the_remembering_compute(rules):
    d = dossier()
    computer = Computer(rules)
    assert hidden(computer.compute(d)) == []
    label = d.lignes[0].libelle
    d.lignes[0].libelle = label + "\u202e"
    assert [c.chemin for c in hidden(computer.compute(d))] == ["lignes[0].libelle"]
    d.lignes[0].libelle = label
    assert hidden(computer.compute(d)) == []
