"""Where a collectivité is: its département and académie, for the register and the open data.

Names, régions, départements and académies come from the shipped référentiel
(socle_desktop.referentiel: Etalab's découpage administratif and the académies table with its
source); no list lives here. A code the référentiel does not know gives '' (the row is still
filed and exported, with empty place columns).
"""

from __future__ import annotations

from .. import referentiel


def departement_of_commune(code_insee: str) -> str:
    """`43` for 43157, `2A` for 2A004, `974` for 97411 (from the référentiel, else from the code's
    form); '' for what is not a commune code."""
    code = (code_insee or "").strip().upper()
    try:
        known = referentiel.commune(code)
    except referentiel.ReferentielError:
        known = None
    if known is not None:
        return known.departement
    if len(code) != 5:
        return ""
    if code.startswith(("97", "98")) and code.isdigit():
        return code[:3]
    if code[:2] in ("2A", "2B") and code[2:].isdigit():
        return code[:2]
    return code[:2] if code.isdigit() else ""


def academie_of_departement(code_departement: str) -> str:
    """The académie's code for a département; '' when unknown."""
    try:
        academie = referentiel.academie_of_departement(code_departement) if code_departement else None
    except referentiel.ReferentielError:
        return ""
    return academie.code if academie else ""
