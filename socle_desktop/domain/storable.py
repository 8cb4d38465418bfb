"""What a dossier must be to be stored, exported or computed: the JSON contract's types (see
dossier_json) plus plain, portable JSON in its free-form parts.

Python's json reads NaN, Infinity and lone surrogates (`\\ud800`), which no other tool accepts
back and SQLite cannot hold as UTF-8; free-form JSON nested ~990 levels deep is read but cannot
be written back. Every way in (import, compute, the library's writes) checks a dossier here.
"""

from __future__ import annotations

import json
import math

from .dossier_json import DossierFormatError, dossier_from_dict, dossier_to_dict, loads_dossier
from .model import Dossier

# Free-form JSON (unknown fields) nested deeper than this is refused: Python's json reads up
# to ~990 levels but then fails to write them back (RecursionError), and no dossier needs it.
MAX_NESTING = 64


def check_storable(dossier: Dossier) -> Dossier:
    """The dossier re-read through the domain's parser, after a walk that refuses what JSON and
    SQLite cannot hold. Raises DossierFormatError naming the field."""
    data = dossier_to_dict(dossier)
    # The free-form parts first: their depth is bounded before anything recursive touches them.
    problem = free_form_problem(dossier)
    if problem:
        raise problem
    try:  # the common case, at C speed; the walk below only runs to name the faulty field
        json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        raise unstorable(data, "") or DossierFormatError("dossier_value_unreadable_short") from None
    return dossier_from_dict(data)


def loads_storable(text: str) -> Dossier:
    """A socle-dossier JSON text read and checked as every way in does (DossierFormatError)."""
    return check_storable(loads_dossier(text))


def free_form_problem(dossier: Dossier) -> DossierFormatError | None:
    """The error (at its path) of the first unstorable value among the unknown fields, else None.

    The typed fields are the parser's job; a lone surrogate in one of them is caught when the
    database refuses it, which spares every save of a 3,000-line dossier a full walk."""
    return unstorable(dossier.extra, "") or unstorable(dossier.projet.autres, "projet")


def is_encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unstorable(value, chemin: str, depth: int = 0) -> DossierFormatError | None:
    """The error (a code at its path) of the first value that is not plain, portable JSON; else None."""
    if depth > MAX_NESTING:
        shown = chemin if len(chemin) <= 40 else chemin[:40] + "…"
        return DossierFormatError("dossier_nesting_too_deep", chemin=shown, limit=MAX_NESTING)
    if isinstance(value, str):
        if is_encodable(value):
            return None
        return DossierFormatError("dossier_lone_surrogate", chemin=chemin)
    if isinstance(value, bool | int) or value is None:
        return None
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        return DossierFormatError("dossier_nan", chemin=chemin)
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return DossierFormatError("dossier_key_invalid", chemin=chemin)
            inner = f"{chemin}.{key}" if chemin else key
            problem = unstorable(key, inner) or unstorable(item, inner, depth + 1)
            if problem:
                return problem
        return None
    if isinstance(value, list):
        for index, item in enumerate(value):
            problem = unstorable(item, f"{chemin}[{index}]", depth + 1)
            if problem:
                return problem
        return None
    return DossierFormatError("dossier_value_unreadable", chemin=chemin)
