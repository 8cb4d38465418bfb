"""Findings by `chemin`, so a cell or a field can show its own problems."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtGui import QColor

from ..domain.findings import AVERTISSEMENT, ERREUR, Constat

ERROR_BACKGROUND = QColor("#f8d7da")
WARNING_BACKGROUND = QColor("#fff3cd")

_INDEXED = re.compile(r"^(?P<list>ecoles|lignes)\[(?P<index>\d+)\](?:\.(?P<field>[\w.]+))?$")


def by_chemin(constats: list[Constat]) -> dict[str, list[Constat]]:
    index: dict[str, list[Constat]] = defaultdict(list)
    for constat in constats:
        index[constat.chemin].append(constat)
    return index


def parse_chemin(chemin: str) -> tuple[str, int | None, str | None]:
    """"ecoles[2].uai" -> ("ecoles", 2, "uai"); "collectivite.siret" -> ("collectivite", None, "siret")."""
    match = _INDEXED.match(chemin)
    if match:
        return match["list"], int(match["index"]), match["field"]
    head, _, rest = chemin.partition(".")
    return head, None, rest or None


def background_for(constats: list[Constat]) -> QColor | None:
    if any(c.gravite == ERREUR for c in constats):
        return ERROR_BACKGROUND
    if any(c.gravite == AVERTISSEMENT for c in constats):
        return WARNING_BACKGROUND
    return None


def tooltip_for(constats: list[Constat]) -> str | None:
    return "\n".join(c.message for c in constats) or None
