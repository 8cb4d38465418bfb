from decimal import Decimal

import pytest

from socle_desktop.catalogue.errors import error_text
from socle_desktop.domain.money import MoneyFormatError, format_euros, parse_euros, ttc_from_ht


@pytest.mark.parametrize(("centimes", "text"), [
    (0, "0,00\u00a0€"),
    (5, "0,05\u00a0€"),
    (123456, "1\u202f234,56\u00a0€"),
    (20000000, "200\u202f000,00\u00a0€"),
    (-150, "-1,50\u00a0€"),
    (123456789012, "1\u202f234\u202f567\u202f890,12\u00a0€"),
])
def test_french_display(centimes, text):
    assert format_euros(centimes) == text


@pytest.mark.parametrize(("text", "centimes"), [
    ("1 234,56", 123456),
    ("1234.56", 123456),
    ("1\u202f234,56 €", 123456),
    ("1\u00a0234,5", 123450),
    ("12", 1200),
    ("0,05", 5),
    ("  7,1  ", 710),
    ("1234,56€", 123456),
])
def test_parse_what_people_type(text, centimes):
    assert parse_euros(text) == centimes


@pytest.mark.parametrize("text", ["", "abc", "12,345", "1.234,56", "1,2,3", "12,5x", "--3"])
def test_parse_refuses_with_a_french_reason(text):
    with pytest.raises(MoneyFormatError) as error:
        parse_euros(text)
    assert error.value.code.startswith("money_") and "montant" in error_text(error.value)


@pytest.mark.parametrize(("text", "said"), [
    ("", "Montant vide : saisissez un montant en euros, par exemple 1 234,56."),
    ("1,2,3", "« 1,2,3 » n'est pas un montant : utilisez une seule virgule pour les centimes, par exemple 1 234,56."),
    ("12,345", "« 12,345 » a plus de deux décimales : un montant s'arrête au centime."),
    ("abc", "« abc » n'est pas un montant en euros (exemple : 1 234,56)."),
])
def test_each_refusal_reads_as_before(text, said):
    with pytest.raises(MoneyFormatError) as error:
        parse_euros(text)
    assert error_text(error.value) == said


def test_format_then_parse_is_identity():
    for centimes in (0, 1, 99, 100, 123456, 987654321):
        assert parse_euros(format_euros(centimes)) == centimes


@pytest.mark.parametrize(("ht", "vat", "ttc"), [
    (1000, "20", 1200),
    (1, "20", 1),        # 1.2 → 1
    (3, "20", 4),        # 3.6 → 4
    (5, "10", 6),        # 5.5 → 6: exactly half rounds up
    (10, "5.5", 11),     # 10.55 → 11
    (1, "5.5", 1),       # 1.055 → 1
    (100, "2.1", 102),   # 102.1 → 102
    (50, "2.1", 51),     # 51.05 → 51
    (999, "0", 999),
    (25, "2.1", 26),     # 25.525 → 26
    (10, "5", 11),       # 10.5 → 11 (half up, not banker's)
    (30, "5", 32),       # 31.5 → 32
])
def test_ttc_rounds_half_up_per_line(ht, vat, ttc):
    assert ttc_from_ht(ht, Decimal(vat)) == ttc
