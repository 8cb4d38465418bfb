import pytest

from socle_desktop.domain.identifiers import insee_problem, siret_problem, uai_check_letter, uai_problem


@pytest.mark.parametrize("siret", [
    "21439999000016",       # the demo commune
    "214 399 990 00016",    # spaces as people type them
    "35600000000048",       # La Poste: SIREN 356000000, digit sum multiple of 5, Luhn fails
    "73282932000074",       # a real company's SIRET (stdnum's own example)
])
def test_valid_sirets(siret):
    assert siret_problem(siret) is None


@pytest.mark.parametrize(("siret", "fragment"), [
    ("", "pas renseigné"),
    ("2143999900001", "14 chiffres"),
    ("214399990000167", "14 chiffres"),
    ("21439999000017", "clé de contrôle"),
    ("2143999900001A", "que des chiffres"),
    ("35600000000049", "clé de contrôle"),  # La Poste with a digit sum not a multiple of 5
])
def test_invalid_sirets_say_why_in_french(siret, fragment):
    assert fragment in siret_problem(siret)


def test_uai_check_letter_of_the_design_example():
    assert uai_check_letter("0750654") == "D"
    assert uai_problem("0750654D") is None
    assert uai_problem("0750654d") is None  # typed in lower case


@pytest.mark.parametrize("number", [0, 1, 22, 23, 4390001, 9999999])
def test_uai_letter_is_the_remainder_modulo_23(number):
    digits = f"{number:07d}"
    letter = "ABCDEFGHJKLMNPRSTUVWXYZ"[number % 23]
    assert uai_problem(digits + letter) is None
    wrong = next(c for c in "ABC" if c != letter)
    assert "lettre de contrôle devrait être " + letter in uai_problem(digits + wrong)


@pytest.mark.parametrize("value", ["", "075065D", "07506540", "0750654DD", "O750654D"])
def test_malformed_uai(value):
    assert uai_problem(value) is not None


@pytest.mark.parametrize("code", ["43001", "75056", "2A004", "2B033", "97411", "98735", "2a004"])
def test_valid_insee_codes(code):
    assert insee_problem(code) is None


@pytest.mark.parametrize("code", ["", "4300", "430011", "2C004", "20004", "00123", "ABCDE", "2A04"])
def test_invalid_insee_codes(code):
    assert insee_problem(code) is not None
