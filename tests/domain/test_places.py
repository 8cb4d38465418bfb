"""Places named as a person reads them, the check-list, and the unconfirmed parameters used."""

from __future__ import annotations

from builders import dossier, line, school

from socle_desktop.domain.compute import compute, unconfirmed_parameters
from socle_desktop.domain.places import checklist, page_of, place_of


def test_places_name_the_page_the_school_the_line_and_the_field():
    d = dossier(ecoles=[school(1), school(2)], lignes=[line("equipement", 1000, ecole="e2"),
                                                       line("ressources", 1000, ecole=None)])
    d.lignes[0].libelle = "Vidéoprojecteur"
    d.lignes[1].libelle = ""
    assert place_of(d, "collectivite.contact.courriel") == "Collectivité › courriel"
    assert place_of(d, "ecoles[1].uai") == "Écoles › « École 2 » › UAI"
    assert place_of(d, "ecoles[1].equipement") == "Équipement › « École 2 »"
    assert place_of(d, "lignes[0].quantite") == "Équipement › « École 2 » › ligne « Vidéoprojecteur » › quantité"
    assert place_of(d, "lignes[1].libelle") == "Ressources › ligne sans libellé (ressources numériques) › libellé"
    assert place_of(d, "pieces") == "Pièces jointes"
    assert page_of(d, "ecoles[1].equipement") == "equipement" and page_of(d, "ecoles[1].uai") == "ecoles"


def test_the_checklist_ticks_what_is_done(rules):
    d = dossier(lignes=[line("equipement", 400_000, category="videoprojecteur")])
    d.projet.description = ""
    d.pieces = [p for p in d.pieces if p.type != "deliberation"]
    items = {label: done for _chemin, label, done, _page in checklist(d, compute(d, rules).constats, rules)}
    assert items["Description du projet"] is False and items["Intitulé du projet"] is True
    assert items["Délibération ou engagement de la collectivité"] is False
    assert items["Devis de l'équipement"] is True
    assert items["Collectivité"] is True and items["Projet : 1 point à corriger ou compléter"] is False
    empty = dossier()
    labels = [label for _c, label, _d, _p in checklist(empty, compute(empty, rules).constats, rules)]
    assert "Équipement : aucune ligne" in labels and not any(label.startswith("Ressources") for label in labels)


def test_unconfirmed_parameters_are_those_the_figures_rest_on(rules):
    small = dossier(lignes=[line("equipement", 400_000)])
    keys = [p.code for p in unconfirmed_parameters(small, compute(small, rules), rules)]
    # the rates are confirmed; no minimum, ceiling or private school at play
    assert keys == ["assiette", "equipement_seuil"]
    below = dossier(ecoles=[school(1), school(2)],
                    lignes=[line("equipement", 400_000, ecole="e1"), line("equipement", 1000, ecole="e2"),
                            line("equipement", 90_000_000, ecole="e1")])
    keys = [p.code for p in unconfirmed_parameters(below, compute(below, rules), rules)]
    assert {"equipement_minimum_par_ecole", "equipement_plafond_depense"} <= set(keys)
    nothing = dossier(ecoles=[])
    assert unconfirmed_parameters(nothing, compute(nothing, rules), rules) == []
