"""French identifiers: SIRET (through python-stdnum), UAI, code INSEE of a commune."""

from __future__ import annotations

import re

UAI_CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q: 23 letters
_UAI_FORMAT = re.compile(r"^\d{7}[A-Z]$")
_INSEE_FORMAT = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


# python-stdnum is imported when a SIRET is first checked: its import (which loads ssl and
# pydoc) stays off the window's start-up (issue 15).


def normalize_siret(value: str) -> str:
    from stdnum.fr import siret as stdnum_siret

    return stdnum_siret.compact(value)


def siret_problem(value: str) -> str | None:
    """None when the SIRET is valid, else a French sentence saying what is wrong.

    python-stdnum checks the 14 digits, the Luhn key over the SIREN and the whole number,
    and the La Poste exception (SIREN 356000000).
    """
    if not value.strip():
        return "Le SIRET n'est pas renseigné."
    from stdnum.exceptions import ValidationError
    from stdnum.fr import siret as stdnum_siret

    try:
        stdnum_siret.validate(value)
    except ValidationError:
        compact = normalize_siret(value)
        if not compact.isdigit():
            return f"Le SIRET « {value} » ne doit contenir que des chiffres."
        if len(compact) != 14:
            return f"Le SIRET « {value} » doit compter 14 chiffres (il en a {len(compact)})."
        return f"Le SIRET « {value} » est invalide (clé de contrôle incorrecte)."
    return None


def uai_check_letter(seven_digits: str) -> str:
    return UAI_CHECK_LETTERS[int(seven_digits) % 23]


def uai_problem(value: str) -> str | None:
    """None when the UAI (school code, e.g. 0750654D) is valid, else a French sentence."""
    code = value.strip().upper()
    if not code:
        return "Le code UAI n'est pas renseigné."
    if not _UAI_FORMAT.match(code):
        return f"Le code UAI « {value} » doit compter 7 chiffres suivis d'une lettre (exemple : 0750654D)."
    expected = uai_check_letter(code[:7])
    if code[7] != expected:
        return f"Le code UAI « {value} » est invalide : la lettre de contrôle devrait être {expected}."
    return None


def insee_problem(value: str) -> str | None:
    """None when the INSEE commune code is well formed (5 digits, or 2A/2B + 3 digits for Corsica;
    overseas 97x/98x are 5 digits too), else a French sentence."""
    code = value.strip().upper()
    if not code:
        return "Le code INSEE n'est pas renseigné."
    if not _INSEE_FORMAT.match(code):
        return (
            f"Le code INSEE « {value} » est invalide : 5 chiffres, ou 2A/2B suivi de 3 chiffres "
            "pour la Corse."
        )
    if code.startswith("00") or code.startswith("20"):
        return f"Le code INSEE « {value} » ne correspond à aucun département."
    return None


def distinct_prefix_length(ids: list[str], minimum: int = 8) -> int:
    """How many first characters tell these identifiers apart (case ignored), `minimum` at least:
    two ids that share their first 8 characters must not be listed as « 5e000000, 5e000000 »."""
    longest = max((len(i) for i in ids), default=0)
    width = minimum
    while width < longest and len({i[:width].lower() for i in ids}) < len(ids):
        width += 1
    return width
