"""Shipped resources are found through one module, and a dossier cannot make it read elsewhere."""

import re

import pytest

from socle_desktop.catalogue.errors import error_text
from socle_desktop.domain.rules import RulesError
from socle_desktop.resources import load_rules


def test_the_shipped_edition_loads():
    assert load_rules("snee-2021").edition == "snee-2021"


@pytest.mark.parametrize("edition", ["../../etc/passwd", "/tmp/x", "snee-2021/../snee-2021", "", "SNEE 2021"])
def test_an_edition_named_by_a_dossier_must_be_a_plain_name(edition):
    with pytest.raises(RulesError) as refused:
        load_rules(edition)
    assert refused.value.code == "edition_invalid" and "invalide" in error_text(refused.value)


def test_an_unknown_edition_is_a_french_error():
    with pytest.raises(RulesError) as refused:
        load_rules("snee-2099")
    assert refused.value.code == "rules_edition_unknown"
    assert error_text(refused.value) == "règles « snee-2099 » inconnues de cette version de l'application."


def test_a_shipped_rules_file_too_big_or_unreadable_is_said_in_french(tmp_path):
    from socle_desktop.resources import MAX_RULES_BYTES, _read_rules

    big = tmp_path / "grosses.toml"
    big.write_bytes(b"#" * (MAX_RULES_BYTES + 1))
    with pytest.raises(RulesError) as refused:
        _read_rules(big, edition="grosses")
    assert error_text(refused.value) == f"fichier de règles trop volumineux : {big}"
    latin = tmp_path / "latin.toml"
    latin.write_bytes("titre = 'règles'".encode("latin-1"))
    with pytest.raises(RulesError) as refused:
        _read_rules(latin, edition="latin")
    assert error_text(refused.value) == f"fichier de règles illisible : {latin} n'est pas un texte UTF-8."
    with pytest.raises(RulesError) as refused:
        _read_rules(tmp_path, edition="dossier")  # a folder: not a file, so unknown
    assert refused.value.code == "rules_edition_unknown"


def test_a_rules_file_that_is_not_toml_is_a_french_error(tmp_path, capsys):
    """`compute --rules FILE`: the one reader of a user's rules file (app/inputs.py, then
    domain/rules.parse_rules); a folder given there: tests/cli/test_hostile_input.py."""
    from socle_desktop.cli import main
    from socle_desktop.resources import resource_path

    demo = str(resource_path("demo", "demo-dossier.json"))
    broken = tmp_path / "regles.toml"
    broken.write_text("[edition\nid = 1\n", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "d"), "compute", demo, "--rules", str(broken)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"TOML invalide, ligne 1, colonne \d+\)", err) and "Expected" not in err
    broken.write_bytes(b"\xff\xfe")
    assert main(["--data-dir", str(tmp_path / "d"), "compute", demo, "--rules", str(broken)]) == 2
    assert "UTF-8" in capsys.readouterr().err
