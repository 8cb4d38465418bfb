"""The official référentiel: communes, EPCI and their members, départements, régions, académies.

Pure: a `Referentiel` is built from the two tables as data (the extracted Etalab table, see
packaging/referentiel/, and resources/referentiel/academies.json); reading them from disk is
`socle_desktop.referentiel`'s job. Every lookup is a dictionary access (well under 1 ms).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

TABLE_FORMAT = "socle-referentiel"
ACADEMIES_FORMAT = "socle-academies"


class ReferentielError(ValueError):
    """The shipped table is not the expected format (a broken installation)."""


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    nom: str


@dataclass(frozen=True, slots=True)
class Departement:
    code: str
    nom: str
    region: str  # code of the région


@dataclass(frozen=True, slots=True)
class Academie:
    code: str
    nom: str
    region_academique: str  # its name


@dataclass(frozen=True, slots=True)
class Commune:
    code_insee: str
    nom: str
    departement: str
    region: str
    # SIREN of the commune as a collectivité. For a municipal arrondissement (Paris, Lyon,
    # Marseille) or a former commune (déléguée, associée), the SIREN of the commune it belongs
    # to now: the collectivité that runs its schools. "" for the few the source leaves without one.
    siren: str
    # "commune", "arrondissement" (municipal), "deleguee" or "associee" (former communes).
    statut: str = "commune"
    # For an arrondissement or a former commune: the code INSEE of the commune it belongs to.
    rattachement: str = ""

    @property
    def actuelle(self) -> bool:
        return self.statut == "commune"


@dataclass(frozen=True, slots=True)
class Epci:
    """An EPCI à fiscalité propre (CC, CA, CU, métropole) or a territorial public
    establishment of the Métropole du Grand Paris (type « EPT »)."""

    siren: str
    nom: str
    type: str
    membres: frozenset[str] = field(repr=False)  # codes INSEE of the member communes

    def a_pour_membre(self, code_insee: str) -> bool:
        return code_insee in self.membres


@dataclass(frozen=True, slots=True)
class Source:
    paquet: str
    version: str
    licence: str
    adresse: str
    coordonnees: str  # whether the source gives the communes' centre (it does not)
    academies: Mapping[str, str]  # the académie table's sources


class Referentiel:
    """Lookups over the loaded tables. Build with `Referentiel.from_tables`."""

    def __init__(
        self,
        *,
        source: Source,
        regions: dict[str, Region],
        departements: dict[str, Departement],
        communes: dict[str, Commune],
        epcis: dict[str, Epci],
        academies: dict[str, Academie],
    ) -> None:
        self.source = source
        self._regions = regions
        self._departements = departements
        self._communes = communes
        self._epcis = epcis
        self._academies = academies
        self._commune_by_siren = {c.siren: c for c in communes.values() if c.siren and c.actuelle}
        epcis_of: dict[str, list[Epci]] = {}
        for epci in epcis.values():
            for code in epci.membres:
                epcis_of.setdefault(code, []).append(epci)
        self._epcis_of = {code: tuple(found) for code, found in epcis_of.items()}

    @classmethod
    def from_tables(cls, table: Mapping[str, Any], academies: Mapping[str, Any]) -> Referentiel:
        try:
            return cls._build(table, academies)
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise ReferentielError(f"référentiel des communes illisible : {error!r}"[:300]) from error

    @classmethod
    def _build(cls, table: Mapping[str, Any], academies: Mapping[str, Any]) -> Referentiel:
        if table.get("format") != TABLE_FORMAT or table.get("version_format") != 1:
            raise ValueError("format de la table inattendu")
        if academies.get("format") != ACADEMIES_FORMAT or academies.get("version_format") != 1:
            raise ValueError("format de la table des académies inattendu")
        regions = {code: Region(code, nom) for code, nom in table["regions"]}
        departements = {code: Departement(code, nom, region) for code, nom, region in table["departements"]}

        def region_of(dep: str) -> str:
            found = departements.get(dep)
            return found.region if found else ""

        communes: dict[str, Commune] = {}
        for code, nom, dep, siren in table["communes"]:
            communes[code] = Commune(code, nom, dep, region_of(dep), siren)
        for code, nom, parent in table["arrondissements_municipaux"]:
            owner = communes[parent]
            communes[code] = Commune(code, nom, owner.departement, owner.region, owner.siren, "arrondissement", parent)
        for code, nom, statut, parent in table["anciennes_communes"]:
            owner = communes.get(parent)
            if owner is None or code in communes:
                continue
            communes[code] = Commune(code, nom, owner.departement, owner.region, owner.siren, statut, parent)
        epcis = {
            siren: Epci(siren, nom, kind, frozenset(membres)) for siren, nom, kind, membres in table["groupements"]
        }
        academie_rows = {}
        for dep, code, nom, region_academique in academies["lignes"]:
            academie_rows[dep] = Academie(code, nom, region_academique)
        src = table["source"]
        source = Source(
            paquet=str(src["paquet"]),
            version=str(src["version"]),
            licence=str(src["licence"]),
            adresse=str(src["adresse"]),
            coordonnees=str(table.get("coordonnees", "")),
            academies=dict(academies.get("source", {})),
        )
        return cls(
            source=source,
            regions=regions,
            departements=departements,
            communes=communes,
            epcis=epcis,
            academies=academie_rows,
        )

    # -- lookups (None when unknown) ------------------------------------------------------
    def commune(self, code_insee: str) -> Commune | None:
        return self._communes.get(_norm(code_insee))

    def epci(self, siren: str) -> Epci | None:
        return self._epcis.get(_norm(siren))

    def departement(self, code: str) -> Departement | None:
        return self._departements.get(_norm(code))

    def region(self, code: str) -> Region | None:
        return self._regions.get(_norm(code))

    def academie_of_departement(self, code: str) -> Academie | None:
        return self._academies.get(_norm(code))

    def collectivite_by_siren(self, siren: str) -> Commune | Epci | None:
        """The current commune or the EPCI (or EPT) whose SIREN this is."""
        siren = _norm(siren)
        return self._commune_by_siren.get(siren) or self._epcis.get(siren)

    def epcis_of_commune(self, code_insee: str) -> tuple[Epci, ...]:
        """The groupements the commune is a member of (an EPCI, and an EPT in the Grand Paris)."""
        commune = self.commune(code_insee)
        if commune is None:
            return ()
        return self._epcis_of.get(commune.rattachement or commune.code_insee, ())

    def epci_contains(self, epci: Epci, code_insee: str) -> bool:
        """Whether the commune of `code_insee` (or the commune an arrondissement or a former
        commune belongs to) is a member of `epci`."""
        commune = self.commune(code_insee)
        if commune is None:
            return False
        return commune.code_insee in epci.membres or commune.rattachement in epci.membres

    def counts(self) -> dict[str, int]:
        return {
            "communes": sum(1 for c in self._communes.values() if c.actuelle),
            "epci": len(self._epcis),
            "departements": len(self._departements),
            "regions": len(self._regions),
            "academies": len({a.code for a in self._academies.values()}),
        }


def _norm(code: object) -> str:
    return str(code or "").strip().upper()
