"""Hand-computed dossiers around every threshold of DESIGN.md §2 (edition snee-2021).

Each expected figure is worked out by hand in the comment beside it, not by the engine.
"""

from __future__ import annotations

import pytest
from builders import dossier, line, school

from socle_desktop.domain.compute import compute
from socle_desktop.domain.rules import parse_rules
from socle_desktop.resources import rules_path

EUR = 100  # centimes per euro


def codes(result) -> list[str]:
    return [constat.code for constat in result.constats]


def equipment(result):
    return result.volets["equipement"]


@pytest.mark.parametrize(("base", "subsidy"), [
    (200_000 * EUR, 140_000 * EUR),          # exactly the threshold: 70 % of 200 000 €
    (200_000 * EUR + 1, 140_000 * EUR),      # + 0,01 €: 140 000 € + 0,005 € → rounded down
    (200_000 * EUR + 2, 140_000 * EUR + 1),  # + 0,02 €: + 0,01 €
    (200_000 * EUR - 1, 13_999_999),        # 0,7 × 19 999 999 = 13 999 999,3 → 13 999 999
    (300_000 * EUR, 190_000 * EUR),          # 140 000 + 50 % × 100 000
    (3_500 * EUR, 2_450 * EUR),              # the per-school minimum, exactly
])
def test_equipment_rate_around_the_200000_threshold(rules, base, subsidy):
    result = compute(dossier(lignes=[line("equipement", base, vat="0")]), rules)
    assert equipment(result).assiette == base
    assert equipment(result).subvention == subsidy
    assert equipment(result).reste_a_charge == base - subsidy


def test_threshold_info_only_above_it(rules):
    at = compute(dossier(lignes=[line("equipement", 200_000 * EUR, vat="0")]), rules)
    above = compute(dossier(lignes=[line("equipement", 200_000 * EUR + 1, vat="0")]), rules)
    assert "SEUIL_EQUIPEMENT_DEPASSE" not in codes(at)
    assert "SEUIL_EQUIPEMENT_DEPASSE" in codes(above)


def test_school_exactly_at_the_minimum_is_subsidised(rules):
    # HT 2 916,67 € × 1,2 = 3 500,004 € → 3 500,00 € TTC: the minimum is reached.
    result = compute(dossier(lignes=[line("equipement", 291_667)]), rules)
    assert equipment(result).depense_ttc == 350_000
    assert equipment(result).subvention == 245_000  # 70 %
    assert "EQUIPEMENT_MINIMUM_ECOLE" not in codes(result)
    assert result.ecoles["e1"].equipement_minimum_atteint


def test_school_one_centime_under_the_minimum_is_not(rules):
    # HT 2 916,66 € × 1,2 = 3 499,992 € → 3 499,99 € TTC: one centime short.
    result = compute(dossier(lignes=[line("equipement", 291_666)]), rules)
    assert equipment(result).depense_ttc == 349_999
    assert equipment(result).assiette == 0
    assert equipment(result).subvention == 0
    assert equipment(result).reste_a_charge == 349_999
    finding = next(c for c in result.constats if c.code == "EQUIPEMENT_MINIMUM_ECOLE")
    assert finding.gravite == "erreur"
    assert finding.chemin == "ecoles[0].equipement"  # fixed on the Équipement page
    assert "3\u202f500,00" in finding.message


def test_minimum_is_per_school(rules):
    # School 1: 5 000 €, school 2: 1 000 € (under the minimum): only school 1 counts.
    result = compute(dossier(
        ecoles=[school(1), school(2)],
        lignes=[line("equipement", 500_000, vat="0", ecole="e1"),
                line("equipement", 100_000, vat="0", ecole="e2")],
    ), rules)
    assert equipment(result).depense_ttc == 600_000
    assert equipment(result).assiette == 500_000
    assert equipment(result).subvention == 350_000
    assert result.ecoles["e2"].volets["equipement"].subvention == 0
    assert [c.chemin for c in result.constats if c.code == "EQUIPEMENT_MINIMUM_ECOLE"] == ["ecoles[1].equipement"]


@pytest.mark.parametrize(("resources_base", "pupils", "subsidy", "capped"), [
    (80_000, 20, 40_000, False),   # 50 % = 400 € = 20 × 20 €: reaches the ceiling, not over it
    (80_001, 20, 40_000, False),   # 400,005 € → 400,00 € (rounded down): still not over
    (80_002, 20, 40_000, True),    # 400,01 € > 400 €: capped
    (1_000_000, 20, 40_000, True),  # far above: 400 €
    (1_000_000, 1_000, 500_000, False),  # 1 000 pupils: ceiling 20 000 €, 50 % = 5 000 €
    (3, 20, 1, False),             # 0,015 € → 0,01 €
])
def test_resources_rate_and_pupil_ceiling(rules, resources_base, pupils, subsidy, capped):
    result = compute(dossier(
        ecoles=[school(1, classes=1 if pupils <= 35 else 40, pupils=pupils)],
        lignes=[line("equipement", 350_000, vat="0"), line("ressources", resources_base, vat="0", ecole=None)],
    ), rules)
    assert result.volets["ressources"].subvention == subsidy
    assert ("PLAFOND_RESSOURCES_ATTEINT" in codes(result)) is capped


def test_pupil_ceiling_counts_every_school_of_the_dossier(rules):
    # 2 schools × 10 pupils: ceiling 400 €; 50 % of 1 000 € = 500 € → 400 €.
    result = compute(dossier(
        ecoles=[school(1, pupils=10), school(2, pupils=10)],
        lignes=[line("equipement", 350_000, vat="0", ecole="e1"),
                line("equipement", 350_000, vat="0", ecole="e2"),
                line("ressources", 100_000, vat="0", ecole=None)],
    ), rules)
    assert result.volets["ressources"].subvention == 40_000


@pytest.mark.parametrize(("vat", "ttc"), [
    ("20", 420_000),    # 3 500 € × 1,20
    ("10", 385_000),
    ("5.5", 369_250),
    ("2.1", 357_350),
    ("0", 350_000),
])
def test_each_vat_rate(rules, vat, ttc):
    result = compute(dossier(lignes=[line("equipement", 350_000, vat=vat)]), rules)
    assert equipment(result).depense_ht == 350_000
    assert equipment(result).depense_ttc == ttc
    assert equipment(result).subvention == ttc * 70 // 100


def test_vat_rounding_is_per_line_not_on_the_sum(rules):
    # Three lines of 0,03 € HT at 20 %: each 0,036 € → 0,04 €, so 0,12 € (the sum would give 0,11 €).
    lines = [line("ressources", 3, ecole=None, line_id=f"r{i}") for i in range(3)]
    result = compute(dossier(lignes=[line("equipement", 350_000, vat="0"), *lines]), rules)
    assert result.volets["ressources"].depense_ht == 9
    assert result.volets["ressources"].depense_ttc == 12


def test_quantity_multiplies_the_unit_price(rules):
    result = compute(dossier(lignes=[line("equipement", 125_000, quantity=4, vat="20")]), rules)
    assert equipment(result).depense_ht == 500_000
    assert equipment(result).depense_ttc == 600_000


def test_accompagnement_is_budgeted_not_subsidised(rules):
    result = compute(dossier(lignes=[line("equipement", 350_000, vat="0"),
                                     line("accompagnement", 90_000, ecole=None)]), rules)
    acc = result.volets["accompagnement"]
    assert (acc.depense_ttc, acc.subvention, acc.reste_a_charge) == (108_000, 0, 108_000)


def test_totals_add_the_three_volets(rules):
    result = compute(dossier(lignes=[
        line("equipement", 400_000, vat="20"),    # TTC 4 800 €, subsidy 3 360 €
        line("ressources", 10_000, ecole=None),   # TTC 120 €, subsidy 60 €
        line("accompagnement", 5_000, ecole=None),  # TTC 60 €
    ]), rules)
    total = result.total
    assert total.depense_ht == 415_000
    assert total.depense_ttc == 498_000
    assert total.subvention == 336_000 + 6_000
    assert total.reste_a_charge == 498_000 - 342_000


# --- other rules files change the results without a code change ----------------------------


def variant(**replacements) -> object:
    text = rules_path("snee-2021").read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return parse_rules(text)


def test_ht_base(rules):
    ht_rules = variant(**{'base = "TTC"': 'base = "HT"'})
    result = compute(dossier(lignes=[line("equipement", 500_000, vat="20")]), ht_rules)
    assert equipment(result).assiette == 500_000
    assert equipment(result).subvention == 350_000          # 70 % of HT
    assert equipment(result).reste_a_charge == 600_000 - 350_000  # TTC spending − subsidy


def test_per_class_ceiling_mechanism():
    capped_rules = variant(**{"plafond_par_classe_centimes = 0": "plafond_par_classe_centimes = 100000"})
    # 2 classes × 1 000 € = 2 000 € ceiling on a 5 000 € base (which is above the 3 500 € minimum).
    result = compute(dossier(ecoles=[school(1, classes=2, pupils=40)],
                             lignes=[line("equipement", 500_000, vat="0")]), capped_rules)
    assert equipment(result).assiette == 200_000
    assert equipment(result).subvention == 140_000
    ceiling = next(c for c in result.constats if c.code == "PLAFOND_CLASSE_ATTEINT")
    assert (ceiling.gravite, ceiling.chemin) == ("info", "ecoles[0].equipement")


def test_other_threshold_and_rates():
    other = variant(**{"seuil_centimes = 20000000": "seuil_centimes = 1000000",
                       'taux_au_dela_du_seuil = "50"': 'taux_au_dela_du_seuil = "40"'})
    # 10 000 € at 70 % + 5 000 € at 40 % = 7 000 + 2 000.
    result = compute(dossier(lignes=[line("equipement", 1_500_000, vat="0")]), other)
    assert equipment(result).subvention == 900_000


def test_the_result_names_the_edition_it_used(rules):
    assert compute(dossier(), rules).to_dict()["regles"] == "snee-2021"
