"""Findings (constats): what is wrong or worth knowing about a dossier, with a stable code."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERREUR = "erreur"
AVERTISSEMENT = "avertissement"
INFO = "info"
GRAVITES = (ERREUR, AVERTISSEMENT, INFO)
GRAVITE_LABELS = {ERREUR: "Erreur", AVERTISSEMENT: "Avertissement", INFO: "Information"}


@dataclass(frozen=True)
class Constat:
    code: str
    gravite: str
    chemin: str  # into the dossier JSON: "ecoles[2].uai", "collectivite.siret"
    message: str  # French, for the person who fixes it
    # Where the requirement comes from (a rules file's source), when the rules give one.
    source: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        if not self.source:
            del data["source"]
        return data


def has_errors(constats: list[Constat]) -> bool:
    return any(constat.gravite == ERREUR for constat in constats)
