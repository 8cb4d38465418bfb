"""Spending categories (with their labels) and VAT rates are the rules file's data, checked."""

from __future__ import annotations

import pytest

from socle_desktop.domain.compute import compute
from socle_desktop.domain.model import TAUX_TVA, VOLETS
from socle_desktop.domain.rules import RulesError, parse_rules
from socle_desktop.resources import load_rules, rules_path

SHIPPED = rules_path("snee-2021").read_text(encoding="utf-8")


def test_the_shipped_rules_carry_categories_and_rates():
    rules = load_rules("snee-2021")
    assert set(rules.categories) == set(VOLETS)
    assert rules.categories["equipement"]["videoprojecteur"] == "Vidéoprojecteur fixe"
    assert rules.taux_tva == TAUX_TVA
    assert rules.categories_projection == ("videoprojecteur", "ecran_interactif")
    assert rules.categories_ordinateur_enseignant == ("ordinateur_enseignant",)


@pytest.mark.parametrize(("change", "message"), [
    (('taux = ["20", "10", "5.5", "2.1", "0"]', 'taux = ["19.6"]'), "tva.taux"),
    (('taux = ["20", "10", "5.5", "2.1", "0"]', 'taux = ["20", "20"]'), "tva.taux"),
    (("[categories.ressources]", "[categories.autres]"), "categories.ressources"),
    (('videoprojecteur = "Vidéoprojecteur fixe"', 'Videoprojecteur = "Vidéoprojecteur fixe"'), "categories.equipement"),
    (('categories_projection = ["videoprojecteur", "ecran_interactif"]', 'categories_projection = ["tableau"]'),
     "controles.categories_projection"),
])
def test_a_malformed_table_is_refused_in_french(change, message):
    old, new = change
    assert old in SHIPPED
    with pytest.raises(RulesError, match=message):
        parse_rules(SHIPPED.replace(old, new, 1))


def test_another_edition_changes_the_categories_by_data_alone():
    """A category the edition drops is unknown to the findings: no code change."""
    from socle_desktop.export.demo import demo_dossier

    dossier = demo_dossier()
    index, used = next((i, ligne.categorie) for i, ligne in enumerate(dossier.lignes)
                       if ligne.categorie not in ("videoprojecteur", "ecran_interactif", "ordinateur_enseignant"))
    edited = parse_rules(SHIPPED.replace(f'\n{used} = "', f'\nretire_{used} = "', 1))
    where = f"lignes[{index}].categorie"
    assert [c.code for c in compute(dossier, edited).constats if c.chemin == where] == ["CATEGORIE_INCONNUE"]
    assert [c.code for c in compute(dossier, load_rules()).constats if c.chemin == where] == []
