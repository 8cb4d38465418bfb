"""socle-dossier v1 JSON: reading with French errors naming the field, writing what the schema says."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from socle_desktop.catalogue.errors import error_text
from socle_desktop.domain.compute import compute
from socle_desktop.domain.dossier_json import (
    DossierFormatError,
    dossier_from_dict,
    dossier_to_dict,
    dumps_dossier,
    loads_dossier,
)
from socle_desktop.resources import dossier_schema, resource_path


@pytest.fixture
def demo_data() -> dict:
    return json.loads(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(dossier_schema())


def test_demo_round_trips_losslessly_and_validates(demo_data, rules):
    dossier = loads_dossier(json.dumps(demo_data))
    written = json.loads(dumps_dossier(dossier, calcul=compute(dossier, rules).to_dict()))
    jsonschema.Draft202012Validator(dossier_schema()).validate(written)
    written.pop("calcul")
    assert written == demo_data


def test_unknown_fields_are_carried_through(demo_data):
    demo_data["extension_departementale"] = {"cle": [1, 2]}
    demo_data["projet"]["partenaires"] = "Médiathèque"
    again = dossier_to_dict(loads_dossier(json.dumps(demo_data)))
    assert again["extension_departementale"] == {"cle": [1, 2]}
    assert again["projet"]["partenaires"] == "Médiathèque"


def test_pieces_and_projet_may_be_absent(demo_data):
    del demo_data["pieces"]
    del demo_data["projet"]
    dossier = loads_dossier(json.dumps(demo_data))
    assert dossier.pieces == []
    assert dossier.projet.intitule == ""


def _error_for(data) -> DossierFormatError:
    with pytest.raises(DossierFormatError) as caught:
        loads_dossier(data if isinstance(data, str) else json.dumps(data))
    return caught.value


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "vide"),
    ("   \n", "vide"),
    ("{not json", "pas du JSON valide"),
    ("[1, 2]", "objet JSON"),
    ('{"format": "autre"}', "socle-dossier"),
    ('{"format": "socle-dossier", "version_format": 2}', "version 2 non prise en charge"),
])
def test_malformed_documents(text, fragment):
    assert fragment in error_text(_error_for(text))


@pytest.mark.parametrize(("mutate", "chemin", "fragment"), [
    (lambda d: d["lignes"][3].update(prix_unitaire_ht_centimes="12,50"),
     "lignes[3].prix_unitaire_ht_centimes", '"12,50"'),
    (lambda d: d["lignes"][0].update(prix_unitaire_ht_centimes=12.5),
     "lignes[0].prix_unitaire_ht_centimes", "nombre entier"),
    (lambda d: d["lignes"][0].update(quantite=True), "lignes[0].quantite", "nombre entier"),
    (lambda d: d["lignes"][1].pop("libelle"), "lignes[1].libelle", "champ obligatoire manquant"),
    (lambda d: d["lignes"][1].update(taux_tva=20), "lignes[1].taux_tva", "inconnue"),
    (lambda d: d["lignes"][1].update(volet="materiel"), "lignes[1].volet", "inconnue"),
    (lambda d: d["ecoles"][1].update(nb_classes="3"), "ecoles[1].nb_classes", "nombre de classes"),
    (lambda d: d["collectivite"].pop("siret"), "collectivite.siret", "champ obligatoire manquant"),
    (lambda d: d["collectivite"].update(siret=21439999000016), "collectivite.siret",
     "un texte est attendu"),
    (lambda d: d.pop("ecoles"), "ecoles", "champ obligatoire manquant"),
    (lambda d: d.update(lignes={}), "lignes", "liste JSON"),
    (lambda d: d["ecoles"].append(copy.deepcopy(d["ecoles"][0])), "ecoles[2].id",
     "en double"),
    (lambda d: d.update(pieces=[{"id": "p", "nom": "devis.pdf", "sha256": "xyz", "taille": 1}]),
     "pieces[0].sha256", "SHA-256"),
])
def test_type_errors_name_the_field_in_french(demo_data, mutate, chemin, fragment):
    mutate(demo_data)
    error = _error_for(demo_data)
    assert error.chemin == chemin
    assert fragment in error_text(error)
    assert "\n" not in error_text(error)


def test_semantic_problems_are_findings_not_parse_errors(demo_data, rules):
    demo_data["lignes"][0]["quantite"] = 0
    demo_data["collectivite"]["siret"] = "123"
    dossier = loads_dossier(json.dumps(demo_data))
    codes = {c.code for c in compute(dossier, rules).constats}
    assert {"QUANTITE_INVALIDE", "SIRET_INVALIDE"} <= codes
    # ... and such a draft still writes a schema-valid document.
    jsonschema.Draft202012Validator(dossier_schema()).validate(dossier_to_dict(dossier))


def test_the_schema_rejects_what_the_reader_rejects(demo_data):
    validator = jsonschema.Draft202012Validator(dossier_schema())
    for mutate in (lambda d: d["lignes"][0].update(prix_unitaire_ht_centimes="12,50"),
                   lambda d: d["lignes"][0].update(taux_tva="19.6"),
                   lambda d: d.pop("collectivite"),
                   lambda d: d["ecoles"][0].update(nb_eleves=1.5)):
        data = copy.deepcopy(demo_data)
        mutate(data)
        assert not validator.is_valid(data)
        with pytest.raises(DossierFormatError):
            loads_dossier(json.dumps(data))


def test_deeply_nested_json_is_an_error_not_a_crash():
    with pytest.raises(DossierFormatError):
        loads_dossier("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize(("mutate", "chemin"), [
    (lambda d: d["lignes"][0].update(prix_unitaire_ht_centimes=10**11 + 1), "lignes[0].prix_unitaire_ht_centimes"),
    (lambda d: d["lignes"][0].update(prix_unitaire_ht_centimes=-(10**30)), "lignes[0].prix_unitaire_ht_centimes"),
    (lambda d: d["lignes"][0].update(quantite=10**6 + 1), "lignes[0].quantite"),
    (lambda d: d["ecoles"][0].update(nb_eleves=10**400), "ecoles[0].nb_eleves"),
])
def test_absurd_figures_are_refused_naming_the_field(demo_data, mutate, chemin):
    mutate(demo_data)
    error = _error_for(demo_data)
    assert error.chemin == chemin
    assert "hors limites" in error_text(error)


def test_the_largest_accepted_figures_still_compute(demo_data, rules):
    demo_data["lignes"][0].update(prix_unitaire_ht_centimes=10**11, quantite=99)
    result = compute(loads_dossier(json.dumps(demo_data)), rules)
    assert result.volets["equipement"].depense_ht > 99 * 10**11


def test_the_dossier_total_is_bounded(demo_data):
    demo_data["lignes"][0].update(prix_unitaire_ht_centimes=10**11, quantite=10**3)
    error = _error_for(demo_data)
    assert error.chemin == "lignes" and "cent milliards" in error_text(error)


def test_duplicate_keys_are_refused(demo_data):
    text = json.dumps(demo_data).replace('"quantite": 4,', '"quantite": 4, "quantite": 400,', 1)
    assert "400" in text
    assert "deux fois" in error_text(_error_for(text))


def test_a_lone_surrogate_is_refused_naming_the_field(demo_data):
    demo_data["ecoles"][0]["nom"] = "ECOLE-A-CASSER"
    text = json.dumps(demo_data).replace("ECOLE-A-CASSER", r"\ud800")  # a JSON escape no text can hold
    error = _error_for(text)
    assert error.chemin == "ecoles[0].nom"


@pytest.mark.parametrize("edition", ["../../tmp/x", "/tmp/x", "SNEE"])
def test_the_rules_edition_is_a_plain_name(demo_data, edition):
    demo_data["regles"] = edition
    assert _error_for(demo_data).chemin == "regles"


def test_an_integer_of_thousands_of_digits_is_a_format_error():
    with pytest.raises(DossierFormatError) as caught:
        loads_dossier('{"format": ' + "9" * 5000 + "}")
    assert error_text(caught.value) == "le JSON contient un nombre démesuré."


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_amounts(demo_data, literal):
    price = '"prix_unitaire_ht_centimes": '
    text = json.dumps(demo_data).replace(price + "125000", price + literal, 1)
    assert literal in text
    assert literal in error_text(_error_for(text))


def test_the_schema_carries_the_same_limits(demo_data):
    validator = jsonschema.Draft202012Validator(dossier_schema())
    demo_data["lignes"][0]["prix_unitaire_ht_centimes"] = 10**11
    assert validator.is_valid(demo_data)
    demo_data["lignes"][0]["prix_unitaire_ht_centimes"] = 10**11 + 1
    assert not validator.is_valid(demo_data)


# --- issue 17 item 15: what a dossier may hold, so that every accepted dossier exports in seconds ----


@pytest.mark.parametrize(("mutate", "chemin"), [
    (lambda d: d["projet"].update(description="x" * 1_000_000), "projet.description"),
    (lambda d: d["lignes"][0].update(libelle="x" * 10_000_000), "lignes[0].libelle"),
    (lambda d: d["ecoles"][1].update(nom="École " * 100), "ecoles[1].nom"),
    (lambda d: d["collectivite"].update(raison_sociale="x" * 251), "collectivite.raison_sociale"),
    (lambda d: d.update(lignes=[dict(d["lignes"][0], id=f"l{i}") for i in range(20_000)]), "lignes"),
    (lambda d: d.update(ecoles=[dict(d["ecoles"][0], id=f"e{i}") for i in range(301)]), "ecoles"),
    (lambda d: d["projet"].update(annexe=["x" * 1000] * 60), "projet"),
])
def test_texts_and_lists_beyond_what_exports_in_seconds_are_refused_naming_the_field(demo_data, mutate, chemin):
    mutate(demo_data)
    error = _error_for(demo_data)
    assert error.chemin == chemin, error_text(error)
    assert "au plus" in error_text(error) or "dépassent" in error_text(error)


def test_a_dossier_may_hold_the_schools_of_an_intercommunalite_not_a_thousand(demo_data):
    """Issue 17 item 15: the bound is generous for real dossiers (60 schools for the largest
    intercommunalité) and keeps the largest accepted dossier's export to seconds."""
    from socle_desktop.domain.dossier_json import MAX_ECOLES, count_problem

    assert 60 * 4 <= MAX_ECOLES < 1000
    demo_data["ecoles"] = [dict(demo_data["ecoles"][0], id=f"e{i}") for i in range(MAX_ECOLES)]
    assert len(dossier_from_dict(demo_data).ecoles) == MAX_ECOLES
    demo_data["ecoles"].append(dict(demo_data["ecoles"][0], id="one-more"))
    error = _error_for(demo_data)
    assert error_text(error) == f"ecoles : {MAX_ECOLES + 1} écoles : au plus {MAX_ECOLES} par dossier."
    assert error_text(count_problem("lignes", 3001)) == "lignes : 3\u202f001 lignes : au plus 3\u202f000 par dossier."
    assert count_problem("lignes", 3000) is None


def test_the_schema_carries_the_text_and_list_limits(demo_data):
    from socle_desktop.domain.dossier_json import MAX_ECOLES, MAX_LIBELLE, MAX_LIGNES

    validator = jsonschema.Draft202012Validator(dossier_schema())
    demo_data["lignes"][0]["libelle"] = "x" * MAX_LIBELLE
    assert validator.is_valid(demo_data)
    demo_data["lignes"][0]["libelle"] = "x" * (MAX_LIBELLE + 1)
    assert not validator.is_valid(demo_data)
    demo_data["lignes"][0]["libelle"] = "x"
    demo_data["lignes"] = [dict(demo_data["lignes"][0], id=f"l{i}") for i in range(MAX_LIGNES + 1)]
    assert not validator.is_valid(demo_data)
    demo_data["lignes"] = demo_data["lignes"][:1]
    demo_data["ecoles"] = [dict(demo_data["ecoles"][0], id=f"e{i}") for i in range(MAX_ECOLES)]
    assert validator.is_valid(demo_data)
    demo_data["ecoles"].append(dict(demo_data["ecoles"][0], id="one-more"))
    assert not validator.is_valid(demo_data)


def test_a_piece_says_which_schools_it_covers_and_older_files_read_as_unsaid(demo_data):
    data = copy.deepcopy(demo_data)
    devis = next(p for p in data["pieces"] if p["type"] == "devis")
    devis.pop("ecoles", None)
    assert loads_dossier(json.dumps(data)).pieces[0].ecoles == ()
    assert "ecoles" not in dossier_to_dict(loads_dossier(json.dumps(data)))["pieces"][0]  # old readers unchanged
    ids = [e["id"] for e in data["ecoles"]]
    devis["ecoles"] = ids
    dossier = loads_dossier(json.dumps(data))
    assert next(p for p in dossier.pieces if p.type == "devis").ecoles == tuple(ids)
    assert dossier_to_dict(dossier)["pieces"][0]["ecoles"] == ids
    jsonschema.validate(dossier_to_dict(dossier), dossier_schema())
    devis["ecoles"] = "toutes"
    with pytest.raises(DossierFormatError) as caught:
        loads_dossier(json.dumps(data))
    assert error_text(caught.value).startswith("pieces[0].ecoles : ")
    devis["ecoles"] = [1]
    with pytest.raises(DossierFormatError) as caught:
        loads_dossier(json.dumps(data))
    assert error_text(caught.value).startswith("pieces[0].ecoles : ")
