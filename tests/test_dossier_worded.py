# ruff: noqa: E501 (the French as it was said, one line each)
"""Every DossierFormatError (issue 9): a code at its path, worded by the catalogue and by verify's
report with exactly the French that str(error) said before the codes (EXPECTED: captured by
running the former dossier_json.py and storable.py over these broken dossiers, one or more per
raise site)."""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import pytest

from socle_desktop.catalogue.domain_errors import DOSSIER, DOSSIER_REASONS
from socle_desktop.catalogue.errors import MESSAGES, error_text
from socle_desktop.domain import dossier_json as DJ
from socle_desktop.domain import storable as ST
from socle_desktop.export.verify import dossier_finding
from socle_desktop.resources import resource_path
from socle_desktop.store.errors import InvalidDossierError, LibraryError

DEMO = json.loads(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))

def demo():
    return copy.deepcopy(DEMO)


def text_case(text):
    return lambda: DJ.loads_dossier(text)

def dict_case(fn):
    def run():
        d = demo()
        fn(d)
        return DJ.dossier_from_dict(d)
    return run

def storable_dict(fn):
    def run():
        d = demo()
        fn(d)
        return ST.check_storable(DJ.dossier_from_dict(d))
    return run

def setpath(path, value):
    def fn(d):
        *head, last = path
        for k in head:
            d = d[k]
        d[last] = value
    return fn

def delpath(path):
    def fn(d):
        *head, last = path
        for k in head:
            d = d[k]
        del d[last]
    return fn

def deep(n):
    v = 1
    for _ in range(n):
        v = [v]
    return v

CASES = {
    "empty": text_case("   "),
    "not_json": text_case('{"a": 1,\n  oops}'),
    "too_deep": text_case("[" * 100000 + "]" * 100000),
    "huge_number": text_case('{"a": ' + "9" * 5000 + "}"),
    "nan": text_case('{"a": NaN}'),
    "infinity": text_case('{"a": -Infinity}'),
    "key_twice": text_case('{"quantite": 4, "quantite": 400}'),
    "key_twice_long": text_case('{"' + "k" * 100 + '": 4, "' + "k" * 100 + '": 400}'),
    "top_not_object": text_case("[1, 2, 3]"),
    "top_long_value": text_case(json.dumps(["x" * 100])),
    "format": dict_case(setpath(["format"], "autre")),
    "format_missing": dict_case(delpath(["format"])),
    "version": dict_case(setpath(["version_format"], 2)),
    "id_missing": dict_case(delpath(["id"])),
    "id_empty": dict_case(setpath(["id"], "  ")),
    "id_not_text": dict_case(setpath(["id"], 12)),
    "ecoles_missing": dict_case(delpath(["ecoles"])),
    "ecoles_not_array": dict_case(setpath(["ecoles"], {"a": 1})),
    "ecoles_too_many": dict_case(setpath(["ecoles"], [{}] * 301)),
    "lignes_too_many": dict_case(setpath(["lignes"], [{}] * 3001)),
    "pieces_too_many": dict_case(setpath(["pieces"], [{}] * 1001)),
    "pieces_not_array": dict_case(setpath(["pieces"], "x")),
    "ecole_not_object": dict_case(setpath(["ecoles", 0], 5)),
    "ecole_nom_too_long": dict_case(setpath(["ecoles", 0, "nom"], "é" * 1234)),
    "ecole_nom_surrogate": dict_case(setpath(["ecoles", 0, "nom"], "a\ud800")),
    "ecole_classes": dict_case(setpath(["ecoles", 0, "nb_classes"], "3")),
    "ecole_eleves_bool": dict_case(setpath(["ecoles", 0, "nb_eleves"], True)),
    "ecole_eleves_float": dict_case(setpath(["ecoles", 0, "nb_eleves"], 1.5)),
    "ecole_out_of_range": dict_case(setpath(["ecoles", 0, "nb_eleves"], 10**7)),
    "ecole_secteur": dict_case(setpath(["ecoles", 0, "secteur"], "mixte")),
    "ecole_id_twice": dict_case(lambda d: d["ecoles"].append(copy.deepcopy(d["ecoles"][0]))),
    "ligne_id_twice": dict_case(lambda d: d["lignes"].append(copy.deepcopy(d["lignes"][0]))),
    "ligne_ecole": dict_case(setpath(["lignes", 0, "ecole"], 3)),
    "ligne_volet": dict_case(setpath(["lignes", 0, "volet"], "x")),
    "ligne_tva": dict_case(setpath(["lignes", 0, "taux_tva"], "7")),
    "ligne_quantite": dict_case(setpath(["lignes", 0, "quantite"], None)),
    "ligne_quantite_missing": dict_case(delpath(["lignes", 0, "quantite"])),
    "ligne_prix": dict_case(setpath(["lignes", 0, "prix_unitaire_ht_centimes"], "12")),
    "ligne_prix_range": dict_case(setpath(["lignes", 0, "prix_unitaire_ht_centimes"], 10**12)),
    "ligne_libelle_long": dict_case(setpath(["lignes", 0, "libelle"], "x" * 301)),
    "ligne_libelle_missing": dict_case(delpath(["lignes", 0, "libelle"])),
    "total": dict_case(lambda d: d["lignes"].__setitem__(slice(None), [
        dict(d["lignes"][0], id=f"l{i}", quantite=10**6, prix_unitaire_ht_centimes=10**11) for i in range(2)])),
    "edition": dict_case(setpath(["regles"], "../../etc/passwd" + "x" * 80)),
    "collectivite_missing": dict_case(delpath(["collectivite"])),
    "collectivite_type": dict_case(setpath(["collectivite", "type"], "region")),
    "representant": dict_case(setpath(["collectivite", "representant"], [1])),
    "contact_mail": dict_case(setpath(["collectivite", "contact", "courriel"], ["a"])),
    "raison_sociale_missing": dict_case(delpath(["collectivite", "raison_sociale"])),
    "projet_not_object": dict_case(setpath(["projet"], "p")),
    "projet_autres": dict_case(setpath(["projet", "annexe"], "x" * 50001)),
    "projet_description": dict_case(setpath(["projet", "description"], "x" * 50001)),
    "piece_sha": dict_case(lambda d: d["pieces"].__setitem__(0, dict(d["pieces"][0], sha256="abc"))),
    "piece_size_negative": dict_case(setpath(["pieces"], [{"id": "p", "nom": "n", "sha256": "a" * 64, "taille": -1}])),
    "piece_size_type": dict_case(setpath(["pieces"], [{"id": "p", "nom": "n", "sha256": "a" * 64, "taille": "1"}])),
    "piece_type": dict_case(setpath(["pieces"], [{"id": "p", "nom": "n", "sha256": "a" * 64, "taille": 1, "type": "x"}])),
    "piece_schools_many": dict_case(setpath(["pieces"], [{"id": "p", "nom": "n", "sha256": "a" * 64, "taille": 1, "ecoles": ["e"] * 1000}])),
    "piece_schools_item": dict_case(setpath(["pieces"], [{"id": "p", "nom": "n", "sha256": "a" * 64, "taille": 1, "ecoles": [3]}])),
    "piece_schools_not_array": dict_case(setpath(["pieces"], [{"id": "p", "nom": "n", "sha256": "a" * 64, "taille": 1, "ecoles": "e"}])),
    "count_lignes": lambda: (_ for _ in ()).throw(DJ.count_problem("lignes", 3001)),
    "count_ecoles": lambda: (_ for _ in ()).throw(DJ.count_problem("ecoles", 12345)),
    "count_pieces": lambda: (_ for _ in ()).throw(DJ.count_problem("pieces", 1001)),
    "st_nan_extra": storable_dict(setpath(["extra_x"], [1, {"b": float("nan")}])),
    "st_surrogate_extra": storable_dict(setpath(["extra_x"], {"k": "a\udc00"})),
    "st_surrogate_key": storable_dict(setpath(["extra_x"], {"a\udc00": 1})),
    "st_projet_nan": storable_dict(setpath(["projet", "note"], float("inf"))),
    "st_deep": storable_dict(setpath(["extra_x"], deep(80))),
    "st_deep_longpath": storable_dict(setpath(["x" * 50], {"y" * 30: deep(80)})),
}

def dossier_case(extra=None, **changes):
    def run():
        d = DJ.dossier_from_dict(demo())
        if extra is not None:
            d = replace(d, extra=extra)
        if changes:
            d = replace(d, **changes)
        return ST.check_storable(d)
    return run

CASES.update({
    "st_key_invalid": dossier_case(extra={"x": {1: "a"}}),
    "st_unreadable": dossier_case(extra={"x": [object()]}),
    "st_typed_unreadable": dossier_case(id=object()),
    "st_typed_surrogate": dossier_case(id="a\udc00"),
    "st_fallback": lambda: (_ for _ in ()).throw(DJ.DossierFormatError("dossier_value_unreadable_short")),
})


EXPECTED = {
    'empty': ('', 'le fichier est vide : un dossier socle-dossier (JSON) est attendu.'),
    'not_json': ('', "ce n'est pas du JSON valide (ligne 2, colonne 3)."),
    'too_deep': ('', 'le JSON est imbriqué trop profondément.'),
    'huge_number': ('', 'le JSON contient un nombre démesuré.'),
    'nan': ('', "« NaN » n'est pas une valeur JSON : un nombre entier est attendu."),
    'infinity': ('', "« -Infinity » n'est pas une valeur JSON : un nombre entier est attendu."),
    'key_twice': ('', 'le champ « quantite » apparaît deux fois dans le même objet.'),
    'key_twice_long': ('', 'le champ « kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk » apparaît deux fois dans le même objet.'),
    'top_not_object': ('', 'un objet JSON est attendu (reçu [1, 2, 3]).'),
    'top_long_value': ('', 'un objet JSON est attendu (reçu ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…).'),
    'format': ('format', 'format : ce fichier n\'est pas un dossier « socle-dossier » (reçu "autre").'),
    'format_missing': ('format', "format : ce fichier n'est pas un dossier « socle-dossier » (reçu null)."),
    'version': ('version_format', 'version_format : version 2 non prise en charge ; cette application lit la version 1.'),
    'id_missing': ('id', 'id : champ obligatoire manquant.'),
    'id_empty': ('id', "id : l'identifiant du dossier est vide."),
    'id_not_text': ('id', 'id : un texte est attendu (reçu 12).'),
    'ecoles_missing': ('ecoles', 'ecoles : champ obligatoire manquant.'),
    'ecoles_not_array': ('ecoles', 'ecoles : une liste JSON est attendue (reçu {"a": 1}).'),
    'ecoles_too_many': ('ecoles', 'ecoles : 301 écoles : au plus 300 par dossier.'),
    'lignes_too_many': ('lignes', 'lignes : 3\u202f001 lignes : au plus 3\u202f000 par dossier.'),
    'pieces_too_many': ('pieces', 'pieces : 1\u202f001 pièces jointes : au plus 1\u202f000 par dossier.'),
    'pieces_not_array': ('pieces', 'pieces : une liste JSON est attendue (reçu "x").'),
    'ecole_not_object': ('ecoles[0]', 'ecoles[0] : un objet JSON est attendu (reçu 5).'),
    'ecole_nom_too_long': ('ecoles[0].nom', 'ecoles[0].nom : texte trop long (1\u202f234 caractères, 250 au plus).'),
    'ecole_nom_surrogate': ('ecoles[0].nom', 'ecoles[0].nom : le texte contient un caractère invalide.'),
    'ecole_classes': ('ecoles[0].nb_classes', 'ecoles[0].nb_classes : nombre entier attendu pour un nombre de classes (reçu "3").'),
    'ecole_eleves_bool': ('ecoles[0].nb_eleves', "ecoles[0].nb_eleves : nombre entier attendu pour un nombre d'élèves (reçu true)."),
    'ecole_eleves_float': ('ecoles[0].nb_eleves', "ecoles[0].nb_eleves : nombre entier attendu pour un nombre d'élèves (reçu 1.5)."),
    'ecole_out_of_range': ('ecoles[0].nb_eleves', 'ecoles[0].nb_eleves : valeur hors limites (au plus 1\u202f000\u202f000 en valeur absolue).'),
    'ecole_secteur': ('ecoles[0].secteur', 'ecoles[0].secteur : valeur "mixte" inconnue ; attendu : « public », « prive_sous_contrat ».'),
    'ecole_id_twice': ('ecoles[2].id', 'ecoles[2].id : identifiant « 3f0c1b6e-0d1a-4f43-9a6f-1a2b3c4d5e01 » en double.'),
    'ligne_id_twice': ('lignes[13].id', 'lignes[13].id : identifiant « 7c9e6679-7425-40de-944b-e07fc1f90a01 » en double.'),
    'ligne_ecole': ('lignes[0].ecole', "lignes[0].ecole : l'identifiant d'une école ou null est attendu (reçu 3)."),
    'ligne_volet': ('lignes[0].volet', 'lignes[0].volet : valeur "x" inconnue ; attendu : « equipement », « ressources », « accompagnement ».'),
    'ligne_tva': ('lignes[0].taux_tva', 'lignes[0].taux_tva : valeur "7" inconnue ; attendu : « 20 », « 10 », « 5.5 », « 2.1 », « 0 ».'),
    'ligne_quantite': ('lignes[0].quantite', 'lignes[0].quantite : nombre entier attendu pour une quantité (reçu null).'),
    'ligne_quantite_missing': ('lignes[0].quantite', 'lignes[0].quantite : champ obligatoire manquant.'),
    'ligne_prix': ('lignes[0].prix_unitaire_ht_centimes', 'lignes[0].prix_unitaire_ht_centimes : nombre entier attendu pour un prix unitaire HT en centimes (reçu "12").'),
    'ligne_prix_range': ('lignes[0].prix_unitaire_ht_centimes', 'lignes[0].prix_unitaire_ht_centimes : valeur hors limites (au plus 100\u202f000\u202f000\u202f000 en valeur absolue).'),
    'ligne_libelle_long': ('lignes[0].libelle', 'lignes[0].libelle : texte trop long (301 caractères, 300 au plus).'),
    'ligne_libelle_missing': ('lignes[0].libelle', 'lignes[0].libelle : champ obligatoire manquant.'),
    'total': ('lignes', "lignes : le total des lignes dépasse cent milliards d'euros : vérifiez les quantités et les prix."),
    'edition': ('regles', 'regles : édition de règles « ../../etc/passwdxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx » invalide : un nom comme snee-2021 est attendu.'),
    'collectivite_missing': ('collectivite', 'collectivite : champ obligatoire manquant.'),
    'collectivite_type': ('collectivite.type', 'collectivite.type : valeur "region" inconnue ; attendu : « commune », « epci », « syndicat », « autre ».'),
    'representant': ('collectivite.representant', 'collectivite.representant : un objet JSON est attendu (reçu [1]).'),
    'contact_mail': ('collectivite.contact.courriel', 'collectivite.contact.courriel : un texte est attendu (reçu ["a"]).'),
    'raison_sociale_missing': ('collectivite.raison_sociale', 'collectivite.raison_sociale : champ obligatoire manquant.'),
    'projet_not_object': ('projet', 'projet : un objet JSON est attendu (reçu "p").'),
    'projet_autres': ('projet', "projet : les champs du projet autres que l'intitulé et la description dépassent 50\u202f000 caractères."),
    'projet_description': ('projet.description', 'projet.description : texte trop long (50\u202f001 caractères, 50\u202f000 au plus).'),
    'piece_sha': ('pieces[0].sha256', 'pieces[0].sha256 : une empreinte SHA-256 (64 caractères hexadécimaux) est attendue.'),
    'piece_size_negative': ('pieces[0].taille', 'pieces[0].taille : une taille ne peut pas être négative.'),
    'piece_size_type': ('pieces[0].taille', 'pieces[0].taille : nombre entier attendu pour une taille en octets (reçu "1").'),
    'piece_type': ('pieces[0].type', 'pieces[0].type : valeur "x" inconnue ; attendu : « devis », « deliberation », « engagement », « autre ».'),
    'piece_schools_many': ('pieces[0].ecoles', 'pieces[0].ecoles : 1000 écoles, 300 au plus.'),
    'piece_schools_item': ('pieces[0].ecoles', "pieces[0].ecoles : une liste d'identifiants d'écoles est attendue (reçu 3)."),
    'piece_schools_not_array': ('pieces[0].ecoles', 'pieces[0].ecoles : une liste JSON est attendue (reçu "e").'),
    'count_lignes': ('lignes', 'lignes : 3\u202f001 lignes : au plus 3\u202f000 par dossier.'),
    'count_ecoles': ('ecoles', 'ecoles : 12\u202f345 écoles : au plus 300 par dossier.'),
    'count_pieces': ('pieces', 'pieces : 1\u202f001 pièces jointes : au plus 1\u202f000 par dossier.'),
    'st_nan_extra': ('extra_x[1].b', 'extra_x[1].b : NaN et Infinity ne sont pas des nombres JSON valides.'),
    'st_surrogate_extra': ('extra_x.k', 'extra_x.k : texte invalide (caractère Unicode isolé, non représentable en UTF-8).'),
    'st_surrogate_key': ('extra_x.a\udc00', 'extra_x.a\udc00 : texte invalide (caractère Unicode isolé, non représentable en UTF-8).'),
    'st_projet_nan': ('projet.note', 'projet.note : NaN et Infinity ne sont pas des nombres JSON valides.'),
    'st_deep': ('extra_x[0][0][0][0][0][0][0][0][0][0][0]…', 'extra_x[0][0][0][0][0][0][0][0][0][0][0]… : imbrication trop profonde (64 niveaux au plus).'),
    'st_deep_longpath': ('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… : imbrication trop profonde (64 niveaux au plus).'),
    'st_key_invalid': ('x', "x : clé d'objet invalide."),
    'st_unreadable': ('x[0]', 'x[0] : valeur illisible (ni texte, ni nombre, ni liste, ni objet).'),
    'st_typed_unreadable': ('id', 'id : valeur illisible (ni texte, ni nombre, ni liste, ni objet).'),
    'st_typed_surrogate': ('id', 'id : texte invalide (caractère Unicode isolé, non représentable en UTF-8).'),
    # check_storable's last resort when the walk names no field (the old code's ("", "valeur illisible.")):
    'st_fallback': ('', 'valeur illisible.'),
}


def _raised(name: str) -> DJ.DossierFormatError:
    with pytest.raises(DJ.DossierFormatError) as caught:
        CASES[name]()
    return caught.value


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_error_reads_as_before_in_the_window_the_command_line_and_the_report(name):
    error = _raised(name)
    chemin, before = EXPECTED[name]
    assert error.code in MESSAGES and error.values["chemin"] == error.chemin == chemin
    assert isinstance(error, ValueError)
    assert error_text(error) == before
    assert dossier_finding(error) == before
    assert str(error).startswith(error.code)  # for a log: the code and values, not the sentence


def test_every_code_is_raised_by_a_case_and_worded():
    raised = {_raised(name).code for name in EXPECTED}
    assert raised == set(DOSSIER) == set(DOSSIER_REASONS)


def test_the_store_error_keeps_the_code_the_path_and_the_words():
    error = InvalidDossierError(_raised("ligne_volet"))
    assert isinstance(error, LibraryError) and isinstance(error, DJ.DossierFormatError)
    assert error.chemin == "lignes[0].volet" and error.code == "dossier_unknown_value"
    assert error_text(error) == EXPECTED["ligne_volet"][1]
