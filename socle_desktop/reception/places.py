"""Where a collectivité is: its département and académie, for the register and the open data.

The département of a commune follows from its INSEE code (two characters, three overseas);
names, régions and académies come from the référentiel shipped in resources/ (no list here).
"""

from __future__ import annotations


def departement_of_commune(code_insee: str) -> str:
    """`43` for 43157, `2A` for 2A004, `974` for 97411; '' for what is not a commune code."""
    code = (code_insee or "").strip().upper()
    if len(code) != 5:
        return ""
    if code.startswith(("97", "98")) and code.isdigit():
        return code[:3]
    if code[:2] in ("2A", "2B") and code[2:].isdigit():
        return code[:2]
    return code[:2] if code.isdigit() else ""


def academie_of_departement(code_departement: str) -> str:
    """The académie's code for a département, from the référentiel; '' when unknown."""
    return ""
