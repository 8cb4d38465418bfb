"""The official référentiel: communes, EPCI and their members, départements, régions, académies.

Pure: a `Referentiel` is built from the two tables as data (the extracted Etalab table, see
packaging/referentiel/, and resources/referentiel/academies.json); reading them from disk is
`socle_desktop.referentiel`'s job. Every lookup is a dictionary access (well under 1 ms); a
commune's or an EPCI's object is made on its first lookup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .coded_error import CodedError

TABLE_FORMAT = "socle-referentiel"
ACADEMIES_FORMAT = "socle-academies"


class ReferentielError(CodedError, ValueError):
    """The shipped table is not the expected format (a broken installation): a code and its values
    (`table`: which table; `cause`: the error met reading it), worded by the front-ends' catalogue."""


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


class _Lazy(Mapping):
    """A read-only table whose rows become objects when first looked up: building all 37 000
    communes' objects at load cost 130 ms that a dossier naming three communes never used."""

    def __init__(self, rows: dict[str, Any], make: Any) -> None:  # make(key, row) -> object
        self._rows = rows
        self._make = make
        self._made: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = self._make(key, self._rows[key])
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class Referentiel:
    """Lookups over the loaded tables. Build with `Referentiel.from_tables`."""

    def __init__(
        self,
        *,
        source: Source,
        regions: Mapping[str, Region],
        departements: Mapping[str, Departement],
        communes: Mapping[str, Commune],
        epcis: Mapping[str, Epci],
        academies: Mapping[str, Academie],
        commune_by_siren: Mapping[str, str],
        epcis_of_code: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.source = source
        self._regions = regions
        self._departements = departements
        self._communes = communes
        self._epcis = epcis
        self._academies = academies
        self._commune_by_siren = commune_by_siren  # SIREN -> code INSEE of the current commune
        # code INSEE -> SIREN of the groupements it is a member of; built on first need if not given
        self._epcis_of_code = epcis_of_code

    @classmethod
    def from_tables(cls, table: Mapping[str, Any], academies: Mapping[str, Any]) -> Referentiel:
        try:
            return cls._build(table, academies)
        except ReferentielError:
            raise
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise ReferentielError("referentiel_unreadable", cause=error) from error

    @classmethod
    def _build(cls, table: Mapping[str, Any], academies: Mapping[str, Any]) -> Referentiel:
        """Index the rows (each row's shape checked here, so a damaged table fails at load, not
        at a lookup); the objects are made on first lookup."""
        if table.get("format") != TABLE_FORMAT or table.get("version_format") != 1:
            raise ReferentielError("referentiel_format", table="communes")
        return cls.from_rows(index_rows(table), academies)

    @classmethod
    def from_rows(cls, rows: IndexedRows, academies: Mapping[str, Any],
                  epcis_of_code: Mapping[str, Sequence[str]] | None = None) -> Referentiel:
        """A référentiel over rows already indexed, in memory (`index_rows`) or in a database
        that answers each key (socle_desktop.referentiel's index). `epcis_of_code` (code INSEE ->
        SIREN of its groupements) spares the reverse index when the rows come with one."""
        if academies.get("format") != ACADEMIES_FORMAT or academies.get("version_format") != 1:
            raise ReferentielError("referentiel_format", table="academies")
        departements = rows.departements

        def make_commune(code: str, place: tuple[str, str, str, str, str]) -> Commune:
            nom, dep, siren, statut, parent = place
            found = departements.get(dep)
            return Commune(code, nom, dep, found.region if found else "", siren, statut, parent)

        def make_epci(siren: str, row: tuple[str, str, Sequence[str]]) -> Epci:
            nom, kind, membres = row
            return Epci(siren, nom, kind, frozenset(membres))

        academie_rows = {}
        for dep, code, nom, region_academique in academies["lignes"]:
            academie_rows[dep] = Academie(code, nom, region_academique)
        src = rows.source
        source = Source(
            paquet=str(src["paquet"]),
            version=str(src["version"]),
            licence=str(src["licence"]),
            adresse=str(src["adresse"]),
            coordonnees=str(rows.coordonnees),
            academies=dict(academies.get("source", {})),
        )
        return cls(
            source=source,
            regions=rows.regions,
            departements=departements,
            communes=_Lazy(rows.places, make_commune),
            epcis=_Lazy(rows.groupements, make_epci),
            academies=academie_rows,
            commune_by_siren=rows.commune_by_siren,
            epcis_of_code=epcis_of_code,
        )

    # -- iteration (a benchmark's campaign generator; every object is then made) ----------
    def communes(self):
        return (self._communes[code] for code in self._communes)

    def epcis(self):
        return (self._epcis[siren] for siren in self._epcis)

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
        code = self._commune_by_siren.get(siren)
        return self._communes.get(code) if code else self._epcis.get(siren)

    def epcis_of_commune(self, code_insee: str) -> tuple[Epci, ...]:
        """The groupements the commune is a member of (an EPCI, and an EPT in the Grand Paris)."""
        commune = self.commune(code_insee)
        if commune is None:
            return ()
        if self._epcis_of_code is None:
            found: dict[str, list[str]] = {}
            for epci in self._epcis.values():
                for code in epci.membres:
                    found.setdefault(code, []).append(epci.siren)
            self._epcis_of_code = found
        sirens = self._epcis_of_code.get(commune.rattachement or commune.code_insee, ())
        return tuple(self._epcis[siren] for siren in sirens)

    def epci_contains(self, epci: Epci, code_insee: str) -> bool:
        """Whether the commune of `code_insee` (or the commune an arrondissement or a former
        commune belongs to) is a member of `epci`."""
        commune = self.commune(code_insee)
        if commune is None:
            return False
        return commune.code_insee in epci.membres or commune.rattachement in epci.membres

    def counts(self) -> dict[str, int]:
        return {
            "communes": sum(1 for c in self.communes() if c.actuelle),
            "epci": len(self._epcis),
            "departements": len(self._departements),
            "regions": len(self._regions),
            "academies": len({a.code for a in self._academies.values()}),
        }


class IndexedRows(NamedTuple):
    """The Etalab table's rows by key, before any object is made: what `index_rows` derives from
    the table, and what the application's on-disk index stores (the same rows, so the same
    answers)."""

    source: Mapping[str, Any]
    coordonnees: str
    regions: Mapping[str, Region]
    departements: Mapping[str, Departement]
    places: Mapping[str, tuple[str, str, str, str, str]]  # code INSEE -> (nom, dép., SIREN, statut, rattachement)
    commune_by_siren: Mapping[str, str]  # SIREN -> code INSEE of the current commune
    groupements: Mapping[str, tuple[str, str, Sequence[str]]]  # SIREN -> (nom, type, codes INSEE des membres)


def index_rows(table: Mapping[str, Any]) -> IndexedRows:
    """Index the extracted table's rows. A municipal arrondissement or a former commune is a
    place of its own, with the département and SIREN of the commune it belongs to now."""
    regions = {code: Region(code, nom) for code, nom in table["regions"]}
    departements = {code: Departement(code, nom, region) for code, nom, region in table["departements"]}
    places: dict[str, tuple[str, str, str, str, str]] = {
        code: (nom, dep, siren, "commune", "") for code, nom, dep, siren in table["communes"]}
    commune_by_siren = {siren: code for code, _nom, _dep, siren in table["communes"] if siren}
    for code, nom, parent in table["arrondissements_municipaux"]:
        _nom, dep, siren, _statut, _rattachement = places[parent]
        places[code] = (nom, dep, siren, "arrondissement", parent)
    for code, nom, statut, parent in table["anciennes_communes"]:
        owner = places.get(parent)
        if owner is None or code in places:
            continue
        places[code] = (nom, owner[1], owner[2], statut, parent)
    groupements = {siren: (nom, kind, membres) for siren, nom, kind, membres in table["groupements"]}
    return IndexedRows(table["source"], str(table.get("coordonnees", "")), regions, departements,
                       places, commune_by_siren, groupements)


def _norm(code: object) -> str:
    return str(code or "").strip().upper()
