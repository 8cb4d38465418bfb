"""The dossier, as the secretary builds it (DESIGN.md §4).

Plain mutable dataclasses: the store persists them, the window edits them, the rules engine
reads them. Semantic problems (an invalid SIRET, a quantity of zero) are allowed here and
reported as findings by `rules.compute`; only the *types* are guaranteed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT_NAME = "socle-dossier"
FORMAT_VERSION = 1

VOLETS = ("equipement", "ressources", "accompagnement")
VOLET_LABELS = {
    "equipement": "Équipement",
    "ressources": "Ressources numériques",
    "accompagnement": "Accompagnement",
}
COLLECTIVITE_TYPES = {
    "commune": "Commune",
    "epci": "EPCI",
    "syndicat": "Syndicat",
    "autre": "Autre",
}
SECTEURS = {"public": "Public", "prive_sous_contrat": "Privé sous contrat"}
TAUX_TVA = ("20", "10", "5.5", "2.1", "0")
PIECE_TYPES = {"devis": "Devis", "deliberation": "Délibération",
               "engagement": "Engagement de la collectivité", "autre": "Autre"}
# The names of the call's parameters (domain/rules.py's RuleParameter), as printed.
PARAMETER_LABELS = {
    "assiette": "Assiette",
    "equipement_taux_bas": "Taux équipement jusqu'au seuil",
    "equipement_taux_haut": "Taux équipement au-delà du seuil",
    "equipement_seuil": "Seuil équipement",
    "equipement_plafond_depense": "Plafond de dépense d'équipement éligible",  # its value says « par dossier »
    "equipement_minimum_par_ecole": "Minimum d'équipement par école",
    "equipement_plafond_par_classe": "Plafond d'équipement par classe",
    "ecoles_privees": "Écoles privées sous contrat",
    "ressources_taux": "Taux ressources",
    "ressources_plafond_par_eleve": "Plafond ressources",
    "accompagnement_taux": "Taux accompagnement",
}

# The spending categories of each volet, their labels, and the VAT rates a line may use, are
# the rules file's (resources/rules/<edition>.toml, read through domain/rules.py). TAUX_TVA
# above is what the socle-dossier format can record (DESIGN.md §4).


def new_id() -> str:
    import uuid  # with platform, 2 ms of every command's start that creates nothing (issue 15)

    return str(uuid.uuid4())


@dataclass
class Representant:
    nom: str = ""
    qualite: str = ""


@dataclass
class Contact:
    nom: str = ""
    courriel: str = ""
    telephone: str = ""


@dataclass
class Collectivite:
    type: str = "commune"
    raison_sociale: str = ""
    siret: str = ""
    code_insee: str = ""
    adresse: str = ""
    code_postal: str = ""
    commune: str = ""
    representant: Representant = field(default_factory=Representant)
    contact: Contact = field(default_factory=Contact)


@dataclass
class Ecole:
    id: str = field(default_factory=new_id)
    nom: str = ""
    uai: str = ""
    code_insee: str = ""
    nb_classes: int = 0
    nb_eleves: int = 0
    secteur: str = "public"
    commune: str = ""


@dataclass
class Ligne:
    volet: str = "equipement"
    categorie: str = "autre"
    ecole: str | None = None
    libelle: str = ""
    quantite: int = 1
    prix_unitaire_ht_centimes: int = 0
    taux_tva: str = "20"
    id: str = field(default_factory=new_id)


@dataclass
class Projet:
    intitule: str = ""
    description: str = ""
    # Further narrative fields (objectifs, calendrier, ...) are kept as they came, in order.
    autres: dict[str, Any] = field(default_factory=dict)


@dataclass
class Piece:
    nom: str = ""
    type: str = "autre"
    sha256: str = ""
    taille: int = 0
    id: str = field(default_factory=new_id)
    # The schools (their ids) a devis covers, as the user said; () when not said (files written
    # before this field existed), which the completeness check counts as unknown.
    ecoles: tuple[str, ...] = ()


@dataclass
class Dossier:
    id: str = field(default_factory=new_id)
    regles: str = "snee-2021"
    collectivite: Collectivite = field(default_factory=Collectivite)
    ecoles: list[Ecole] = field(default_factory=list)
    lignes: list[Ligne] = field(default_factory=list)
    projet: Projet = field(default_factory=Projet)
    pieces: list[Piece] = field(default_factory=list)
    # Top-level fields this version does not know are carried through untouched.
    extra: dict[str, Any] = field(default_factory=dict)

    def ecole_by_id(self, ecole_id: str | None) -> Ecole | None:
        return next((ecole for ecole in self.ecoles if ecole.id == ecole_id), None)
