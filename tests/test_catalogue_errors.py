"""catalogue.errors.error_text: one French sentence for any error, by its code and raw values."""

from __future__ import annotations

import errno

import pytest

from socle_desktop.app.errors import JobRefused
from socle_desktop.catalogue import errors
from socle_desktop.domain.coded_error import CodedError


def test_a_code_is_worded_over_its_values_and_what_they_derive():
    error = JobRefused("input_too_big", path="devis.json", limit=32 * 2**20)
    assert errors.error_text(error) == "devis.json est trop volumineux pour un fichier de dossier (32 Mo au plus)."


def test_a_rules_file_is_named_as_such():
    error = JobRefused("input_is_pdf", path="regles.pdf", kind="regles")
    assert errors.error_text(error) == "regles.pdf est un PDF, pas un fichier de règles (TOML)."


def test_a_wording_may_be_a_function_of_the_values():
    table = {"lines": lambda values: f"{values['n']} ligne" + ("s" if values["n"] > 1 else "")}
    assert errors.error_text(CodedError("lines", n=1), table) == "1 ligne"
    assert errors.error_text(CodedError("lines", n=3), table) == "3 lignes"


def test_an_os_error_value_gives_its_french_reason():
    table = {"write_failed": "impossible d'écrire {path} : {reason}"}
    full = OSError(errno.ENOSPC, "No space left on device")
    assert errors.error_text(CodedError("write_failed", path="a.pdf", os_error=full), table) == \
        "impossible d'écrire a.pdf : " + errors.error_text(full)
    assert "space" not in errors.error_text(full)


def test_an_error_without_a_code_is_its_own_text():
    assert errors.error_text(ValueError("déjà une phrase")) == "déjà une phrase"


def test_str_of_a_coded_error_is_for_the_log_not_the_user():
    assert str(CodedError("input_not_found", path="x.json")) == "input_not_found (path='x.json')"
    assert str(CodedError("no_library")) == "no_library"


def test_a_code_worded_twice_is_refused_at_import():
    with pytest.raises(AssertionError, match="twice"):
        errors._merged({"same": "a"}, {"same": "b"})
