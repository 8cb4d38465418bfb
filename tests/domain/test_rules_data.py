"""Spending categories (with their labels) and VAT rates are the rules file's data, checked."""

from __future__ import annotations

import pytest

from socle_desktop.catalogue.errors import error_text
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
    with pytest.raises(RulesError) as refused:
        parse_rules(SHIPPED.replace(old, new, 1))
    assert message in error_text(refused.value)


@pytest.mark.parametrize(("change", "said"), [
    (("[assiette]", "[assiette"), "fichier de règles illisible (TOML invalide, ligne "),
    (("[accompagnement]", "[accompagnement_bis]"), "section [accompagnement] manquante dans le fichier de règles."),
    ((("[edition]", "ecoles_privees = 1\n[edition]"), ("[ecoles_privees]", "[ecoles_privees_bis]")),
     "sections [ecoles_privees] et [controles] : des tables sont attendues."),
    (('base = "TTC"', 'base = "TVA"'), "assiette.base : « HT » ou « TTC » attendu (reçu 'TVA')."),
    (('taux = ["20", "10", "5.5", "2.1", "0"]', 'taux = ["19.6"]'),
     "tva.taux : une liste de taux distincts parmi 20, 10, 5.5, 2.1, 0 est attendue."),
    (("[categories.ressources]", "[categories.autres]"),
     "section [categories.ressources] manquante ou vide dans le fichier de règles."),
    (('videoprojecteur = "Vidéoprojecteur fixe"', 'Videoprojecteur = "Vidéoprojecteur fixe"'),
     "categories.equipement.Videoprojecteur : un code en minuscules et un libellé sont attendus."),
    (('categories_projection = ["videoprojecteur", "ecran_interactif"]', 'categories_projection = ["tableau"]'),
     "controles.categories_projection : une liste de catégories d'équipement connues est attendue."),
    (('id = "snee-2021"', 'id = ""'), "edition.id : un texte est attendu."),
    (('taux_jusqu_au_seuil = "', 'taux_jusqu_au_seuil = 1\nancien = "'),
     'equipement.taux_jusqu_au_seuil : un taux en pourcentage écrit entre guillemets est attendu (ex. "70").'),
    (('taux_jusqu_au_seuil = "', 'taux_jusqu_au_seuil = "x'),
     "equipement.taux_jusqu_au_seuil : « x"),
    (('taux_jusqu_au_seuil = "', 'taux_jusqu_au_seuil = "1'),
     "equipement.taux_jusqu_au_seuil : un taux entre 0 et 100 est attendu (reçu 1"),
    (("seuil_centimes = ", "seuil_centimes = -"),
     "equipement.seuil_centimes : un entier positif ou nul est attendu (reçu -"),
])
def test_each_refusal_reads_as_before(change, said):
    """The French the user read when str(error) was the message, now worded by the catalogue."""
    text = SHIPPED
    for old, new in change if isinstance(change[0], tuple) else (change,):
        assert old in text, old
        text = text.replace(old, new, 1)
    with pytest.raises(RulesError) as refused:
        parse_rules(text)
    assert error_text(refused.value).startswith(said)


@pytest.mark.parametrize(("section", "said"), [
    ("completude = 3", "section [completude] : une table est attendue."),
    ("[completude]\nchamps = 3", "completude.champs : des entrées [[completude.champs]] sont attendues."),
    ('[[completude.champs]]\nchemin = "a"\nlibelle = "b"\nsource = "c"\ngravite = "grave"',
     "completude.champs[1].gravite : « erreur » ou « avertissement » est attendu (reçu 'grave')."),
    ('[[completude.pieces]]\ntypes = []\nlibelle = "b"\nsource = "c"\ngravite = "erreur"',
     'completude.pieces[1].types : une liste de types de pièce est attendue (ex. ["devis"]).'),
    ('[[completude.pieces]]\ntypes = ["devis"]\npar_ecole = 1\nlibelle = "b"\nsource = "c"\ngravite = "erreur"',
     "completude.pieces[1].par_ecole : true ou false est attendu."),
])
def test_a_malformed_completeness_is_refused_as_before(section, said):
    start = SHIPPED.find("[[completude")  # the shipped file ends with its completeness entries
    assert start > 0 and "[categories" not in SHIPPED[start:]
    # A table goes where the entries were; a top-level key before every table.
    text = SHIPPED[:start] + section + "\n" if section.startswith("[") else section + "\n" + SHIPPED[:start]
    with pytest.raises(RulesError) as refused:
        parse_rules(text)
    assert error_text(refused.value) == said


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
