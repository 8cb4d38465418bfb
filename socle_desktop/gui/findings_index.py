"""Findings by `chemin`, so a cell or a field can show its own problems."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QColor

from ..domain.findings import AVERTISSEMENT, ERREUR, Constat
from ..domain.places import parse_chemin  # noqa: F401  (the window's callers import it from here)

ERROR_BACKGROUND = QColor("#f8d7da")
WARNING_BACKGROUND = QColor("#fff3cd")



def by_chemin(constats: list[Constat]) -> dict[str, list[Constat]]:
    index: dict[str, list[Constat]] = defaultdict(list)
    for constat in constats:
        index[constat.chemin].append(constat)
    return index




def background_for(constats: list[Constat]) -> QColor | None:
    if any(c.gravite == ERREUR for c in constats):
        return ERROR_BACKGROUND
    if any(c.gravite == AVERTISSEMENT for c in constats):
        return WARNING_BACKGROUND
    return None


def tooltip_for(constats: list[Constat]) -> str | None:
    return "\n".join(c.message for c in constats) or None
