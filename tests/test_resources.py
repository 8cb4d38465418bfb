"""Shipped resources are found through one module, and a dossier cannot make it read elsewhere."""

import pytest

from socle_desktop.domain.rules import RulesError
from socle_desktop.resources import load_rules


def test_the_shipped_edition_loads():
    assert load_rules("snee-2021").edition == "snee-2021"


@pytest.mark.parametrize("edition", ["../../etc/passwd", "/tmp/x", "snee-2021/../snee-2021", "", "SNEE 2021"])
def test_an_edition_named_by_a_dossier_must_be_a_plain_name(edition):
    with pytest.raises(RulesError, match="invalide"):
        load_rules(edition)


def test_an_unknown_edition_is_a_french_error():
    with pytest.raises(RulesError, match="inconnues"):
        load_rules("snee-2099")


def test_a_rules_file_that_is_not_a_file_or_not_toml_is_a_french_error(tmp_path):
    with pytest.raises(RulesError, match="introuvable"):
        load_rules(path=tmp_path)
    broken = tmp_path / "regles.toml"
    broken.write_text("[edition\nid = 1\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"TOML invalide, ligne 1, colonne \d+\)") as caught:
        load_rules(path=broken)
    assert "Expected" not in str(caught.value)
    broken.write_bytes(b"\xff\xfe")
    with pytest.raises(RulesError, match="UTF-8"):
        load_rules(path=broken)
