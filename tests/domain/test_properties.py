"""Properties that hold for every dossier hypothesis can build."""

from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socle_desktop.domain.compute import compute
from socle_desktop.domain.dossier_json import dossier_to_dict, dumps_dossier, loads_dossier
from socle_desktop.domain.identifiers import uai_check_letter
from socle_desktop.domain.model import (
    TAUX_TVA,
    VOLETS,
    Collectivite,
    Dossier,
    Ecole,
    Ligne,
    Piece,
    Projet,
)
from socle_desktop.resources import dossier_schema, load_rules

RULES = load_rules("snee-2021")
_CATEGORIES = RULES.categories
text = st.text(max_size=30)
money = st.integers(min_value=-10_000, max_value=50_000_000)


@st.composite
def ecoles(draw):
    count = draw(st.integers(min_value=0, max_value=5))
    result = []
    for index in range(count):
        digits = f"{draw(st.integers(0, 9_999_999)):07d}"
        result.append(Ecole(
            id=f"e{index}", nom=draw(text), uai=digits + uai_check_letter(digits),
            code_insee=draw(st.sampled_from(["43001", "2A004", "97411", "bad"])),
            nb_classes=draw(st.integers(-1, 20)), nb_eleves=draw(st.integers(-1, 600)),
            secteur=draw(st.sampled_from(["public", "prive_sous_contrat"])), commune=draw(text),
        ))
    return result


@st.composite
def dossiers(draw):
    schools = draw(ecoles())
    school_ids = [ecole.id for ecole in schools]
    lines = []
    for index in range(draw(st.integers(min_value=0, max_value=12))):
        volet = draw(st.sampled_from(VOLETS))
        lines.append(Ligne(
            id=f"l{index}", volet=volet, categorie=draw(st.sampled_from(sorted(_CATEGORIES[volet]))),
            ecole=draw(st.sampled_from([None, *school_ids])), libelle=draw(text),
            quantite=draw(st.integers(-1, 40)), prix_unitaire_ht_centimes=draw(money),
            taux_tva=draw(st.sampled_from(TAUX_TVA)),
        ))
    pieces = [Piece(id=f"p{i}", nom=draw(text), type="devis", sha256="a" * 64, taille=draw(st.integers(0, 10**9)))
              for i in range(draw(st.integers(0, 2)))]
    return Dossier(
        collectivite=Collectivite(raison_sociale=draw(text),
                                  siret=draw(st.sampled_from(["21439999000016", "123", ""]))),
        ecoles=schools, lignes=lines,
        projet=Projet(intitule=draw(text), description=draw(st.text(max_size=200)),
                      autres=draw(st.dictionaries(st.sampled_from(["objectifs", "calendrier"]), text))),
        pieces=pieces,
    )


common = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(dossiers())
def test_subsidy_never_exceeds_the_rate_times_the_base(dossier):
    result = compute(dossier, RULES)
    eq, res, acc = (result.volets[v] for v in VOLETS)
    assert 0 <= eq.subvention <= eq.assiette * RULES.equipement_taux_bas / Decimal(100)
    assert 0 <= res.subvention <= res.assiette * RULES.ressources_taux / Decimal(100)
    assert acc.subvention == 0
    for figures in result.volets.values():
        assert figures.reste_a_charge == figures.depense_ttc - figures.subvention


@common
@given(dossiers(), st.integers(min_value=0, max_value=5_000_000), st.sampled_from(VOLETS), st.sampled_from(TAUX_TVA))
def test_subsidy_never_decreases_when_spending_grows(dossier, extra_price, volet, vat):
    before = compute(dossier, RULES)
    school = dossier.ecoles[0].id if dossier.ecoles else None
    dossier.lignes.append(Ligne(volet=volet, categorie="autre", ecole=school, libelle="ajout",
                                quantite=1, prix_unitaire_ht_centimes=extra_price, taux_tva=vat))
    after = compute(dossier, RULES)
    assert after.total.subvention >= before.total.subvention
    assert after.total.depense_ttc >= before.total.depense_ttc


@common
@given(dossiers())
def test_per_school_figures_add_up_to_the_totals(dossier):
    result = compute(dossier, RULES)
    buckets = [*result.ecoles.values(), result.hors_ecole]
    for volet in VOLETS:
        for key in ("depense_ht", "depense_ttc", "assiette", "subvention", "reste_a_charge"):
            assert sum(getattr(b.volets[volet], key) for b in buckets) == getattr(result.volets[volet], key)
    assert sum(b.total.subvention for b in buckets) == result.total.subvention


@common
@given(dossiers())
def test_json_round_trip_is_lossless_and_schema_valid(dossier):
    result = compute(dossier, RULES)
    text = dumps_dossier(dossier, calcul=result.to_dict())
    data = json.loads(text)
    jsonschema.Draft202012Validator(dossier_schema()).validate(data)
    again = loads_dossier(text)
    assert dossier_to_dict(again) == dossier_to_dict(dossier)
    assert compute(again, RULES).to_dict() == result.to_dict()


@common
@given(dossiers())
def test_every_amount_in_the_result_is_an_integer(dossier):
    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            assert not isinstance(value, float)

    walk(compute(dossier, RULES).to_dict())
