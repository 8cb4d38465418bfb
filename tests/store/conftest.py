"""Fixtures of the store tests: a fresh library per test, the demo dossier, bigger dossiers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from socle_desktop.domain.identifiers import uai_check_letter
from socle_desktop.domain.model import Collectivite, Dossier, Ecole, Ligne, Projet, Representant
from socle_desktop.resources import load_rules, resource_path
from socle_desktop.store import Library

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_text() -> str:
    return resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8")


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "donnees") as lib:
        yield lib


@pytest.fixture
def child_env() -> dict:
    """Environment for a child Python process that must import this checkout's package."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


@pytest.fixture
def python() -> str:
    return sys.executable


@pytest.fixture
def make_dossier():
    """`make_dossier(schools, lines)`: a valid dossier of that size (see build_dossier)."""
    return build_dossier


def build_dossier(schools: int = 3, lines: int = 12) -> Dossier:
    """A valid dossier of `schools` schools and `lines` lines spread over them and the volets."""
    ecoles = [
        Ecole(id=f"e{i}", nom=f"École {i}", uai=f"{4390000 + i:07d}" + uai_check_letter(f"{4390000 + i:07d}"),
              code_insee="43001", commune="Exemple", nb_classes=3, nb_eleves=70)
        for i in range(schools)
    ]
    CATEGORIES = load_rules().categories
    categories = list(CATEGORIES["equipement"])
    lignes = []
    for i in range(lines):
        volet = ("equipement", "equipement", "ressources", "accompagnement")[i % 4]
        categorie = categories[i % len(categories)] if volet == "equipement" else next(iter(CATEGORIES[volet]))
        lignes.append(Ligne(id=f"l{i}", volet=volet, categorie=categorie,
                            ecole=f"e{i % schools}" if schools else None, libelle=f"ligne {i}",
                            quantite=1 + i % 5, prix_unitaire_ht_centimes=150_000 + 137 * i, taux_tva="20"))
    return Dossier(
        collectivite=Collectivite(raison_sociale="Commune test", siret="21439999000016", code_insee="43001",
                                  representant=Representant(nom="Marie Test", qualite="Maire")),
        ecoles=ecoles, lignes=lignes, projet=Projet(intitule="Projet test", description="Décrit."),
    )
