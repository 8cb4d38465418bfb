"""The benchmark's campaign generator makes dossiers a town hall could have sent: real places, no errors."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from stdnum.fr import siret

from socle_desktop import referentiel
from socle_desktop.domain.compute import compute
from socle_desktop.export.demo import demo_dossier
from socle_desktop.resources import load_rules

GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "reception_campaign.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("reception_campaign", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_dossiers_are_real_places_and_free_of_errors():
    generator = load_generator()
    communes, epcis = generator._places()
    piece = demo_dossier().pieces  # the devis and the délibération
    rules = load_rules("snee-2021")
    kinds, schools = set(), 0
    for index in range(300):
        dossier = generator.make_dossier(index, 2021, communes, epcis, piece)
        result = compute(dossier, rules)
        assert not result.has_errors, (index, [c.code for c in result.constats if c.gravite == "erreur"])
        # Its devis covers its own schools: no warning a town hall would have fixed before sending.
        assert not {c.code for c in result.constats} & {"PIECE_ECOLE_INCONNUE", "DEVIS_A_VERIFIER"}, index
        collectivite = dossier.collectivite
        assert siret.is_valid(collectivite.siret)
        assert referentiel.collectivite_by_siren(collectivite.siret[:9]) is not None
        assert referentiel.commune(collectivite.code_insee) is not None
        assert len({ecole.uai for ecole in dossier.ecoles}) == len(dossier.ecoles)
        kinds.add(collectivite.type)
        schools += len(dossier.ecoles)
    assert kinds == {"commune", "epci"}
    assert 1.5 < schools / 300 < 2.2  # national data: 12 670 schools for 6 870 conventions (1.8)


def test_the_plan_has_the_campaigns_shares():
    generator = load_generator()
    jobs = generator.plan(1000, 2021)
    assert len(jobs) == 1000
    second = [job for job in jobs if job[2] == 2]
    assert len(second) == 30 and {index for index, _, _ in second} <= {index for index, _, v in jobs if v == 1}
