"""Money is integer centimes end to end; rates are Decimal. No float anywhere here."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, localcontext

from .coded_error import CodedError

NARROW_NBSP = "\u202f"  # French thousands separator
NBSP = "\u00a0"  # before the euro sign

# Enough digits for any amount a dossier may hold (10^30 centimes) times a percentage.
_EXACT = Context(prec=60)


def percent_of(centimes: int, rate_percent: Decimal) -> Decimal:
    """centimes × rate / 100, exactly (the caller chooses the rounding)."""
    with localcontext(_EXACT):
        return Decimal(centimes) * rate_percent / Decimal(100)


def round_down(amount: Decimal) -> int:
    """Towards zero; amounts here are never negative, so this is the floor."""
    with localcontext(_EXACT):
        return int(amount.quantize(Decimal(1), rounding=ROUND_DOWN))


def ttc_from_ht(ht_centimes: int, vat_percent: Decimal) -> int:
    """TTC of one line: HT × (1 + VAT/100), rounded half up to the centime."""
    with localcontext(_EXACT):
        exact = Decimal(ht_centimes) * (Decimal(100) + vat_percent) / Decimal(100)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_integer(value: int) -> str:
    """A count as French readers write it: 134 785 (narrow no-break space between thousands).

    The one integer format of every message, window and PDF (amounts and sizes build on it)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", NARROW_NBSP)


def format_euros(centimes: int, *, with_symbol: bool = True) -> str:
    """French display: 1 234,56 € (narrow no-break space between thousands, no-break space before €)."""
    sign = "-" if centimes < 0 else ""
    euros, cents = divmod(abs(centimes), 100)
    grouped = format_integer(euros)
    text = f"{sign}{grouped},{cents:02d}"
    return f"{text}{NBSP}€" if with_symbol else text


class MoneyFormatError(CodedError, ValueError):
    """The text is not an amount in euros: `code` says why, `text` is what was typed (the
    catalogue words it, catalogue/domain_errors.py)."""


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_AMOUNT = re.compile(r"^(?P<sign>-?)(?P<euros>\d+)(?:[.,](?P<cents>\d{1,2}))?$")


def parse_euros(text: str) -> int:
    """Read an amount typed by a person: "1 234,56", "1234.56", "12 €", "0,5" → centimes.

    More than two decimals is refused rather than rounded: a price is never silently changed.
    """
    cleaned = _SPACES.sub("", text.strip()).removesuffix("€").removesuffix("EUR")
    if not cleaned:
        raise MoneyFormatError("money_empty", text=text)
    if cleaned.count(",") + cleaned.count(".") > 1:
        raise MoneyFormatError("money_two_separators", text=text)
    match = _AMOUNT.match(cleaned)
    if not match:
        if re.match(r"^-?\d+[.,]\d{3,}$", cleaned):
            raise MoneyFormatError("money_too_many_decimals", text=text)
        raise MoneyFormatError("money_not_an_amount", text=text)
    cents_text = (match["cents"] or "0").ljust(2, "0")
    value = int(match["euros"]) * 100 + int(cents_text)
    return -value if match["sign"] else value
