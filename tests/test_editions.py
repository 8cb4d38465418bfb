"""One rule for an edition name (issue 9), one cached loader, and the storable-dossier check
in the domain so that `compute` never imports the store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from socle_desktop.catalogue.domain_errors import dossier_reason
from socle_desktop.catalogue.errors import error_text
from socle_desktop.domain.dossier_json import DossierFormatError, loads_dossier
from socle_desktop.domain.editions import edition_problem, is_edition_name
from socle_desktop.domain.rules import RulesError
from socle_desktop.resources import has_rules, load_rules

REPO = Path(__file__).resolve().parents[1]
DEMO = (REPO / "resources" / "demo" / "demo-dossier.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["snee-2021", "a", "dept_43-2022", "x" * 64])
def test_plain_names_are_editions(name):
    assert is_edition_name(name) and edition_problem(name) is None


@pytest.mark.parametrize("name", [
    "", "snee.2021", "../snee-2021", "/tmp/x", "snee-2021.toml", "Snee-2021", "-snee", "x" * 65,
    "snee 2021", "snee\n2021", None, 2021,
])
def test_anything_else_is_refused_by_every_part(name):
    assert not is_edition_name(name)
    assert edition_problem(name) == "edition_invalid"
    with pytest.raises(RulesError) as refused:
        load_rules(name)
    said = error_text(refused.value)
    assert said == f"édition de règles « {str(name)[:60]} » invalide : un nom comme snee-2021 est attendu."
    assert not has_rules(name)
    if isinstance(name, str):
        text = DEMO.replace('"regles": "snee-2021"', f'"regles": {name!r}'.replace("'", '"'))
        if '"regles": "snee-2021"' not in text:
            with pytest.raises(DossierFormatError) as raised:
                loads_dossier(text)
            assert raised.value.chemin == "regles" and dossier_reason(raised.value) == said
            assert error_text(raised.value) == f"regles : {said}"


def test_the_store_refuses_a_dotted_edition_as_the_others_do(tmp_path):
    """The store's copy of the pattern accepted `.`: a dossier named `snee.2021` was stored."""
    from socle_desktop.store import Library
    from socle_desktop.store.library import summary_figures

    dossier = loads_dossier(DEMO)
    with Library.open(tmp_path) as library:
        dotted = dossier.__class__(**{**dossier.__dict__, "regles": "snee.2021"})
        with pytest.raises(DossierFormatError):
            library.create(dotted)
    assert summary_figures(dotted) == (None, None)


def test_shipped_rules_are_read_once():
    assert load_rules("snee-2021") is load_rules("snee-2021")
    assert has_rules("snee-2021") and not has_rules("snee-2099")
    with pytest.raises(RulesError) as unknown:
        load_rules("snee-2099")
    assert "inconnues" in error_text(unknown.value)


def test_compute_command_does_not_import_the_store():
    code = ("import sys, socle_desktop.cli.compute; "
            "print(sorted(m for m in sys.modules if m.startswith('socle_desktop.store')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}).stdout
    assert out.strip() == "[]"
