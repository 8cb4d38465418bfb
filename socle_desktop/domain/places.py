"""Where a finding is fixed, as a person reads it: « Équipement › « École du Lac » › ligne
« Vidéoprojecteur » › quantité », never « lignes[3].quantite ».

Pure: the window's Contrôles page and the printed document both name places with `place_of`.
`page_of` gives the editor page that fixes a finding (a school's equipment is fixed on the
Équipement page, not on Écoles).
"""

from __future__ import annotations

import re

from .model import VOLET_LABELS, Dossier
from .text import visible

PAGE_LABELS = {
    "collectivite": "Collectivité",
    "ecoles": "Écoles",
    "equipement": "Équipement",
    "ressources": "Ressources",
    "accompagnement": "Accompagnement",
    "projet": "Projet",
    "pieces": "Pièces jointes",
    "synthese": "Synthèse",
    "controles": "Contrôles",
}

FIELD_LABELS = {
    "type": "type",
    "raison_sociale": "raison sociale",
    "siret": "SIRET",
    "code_insee": "code INSEE",
    "adresse": "adresse",
    "code_postal": "code postal",
    "commune": "commune",
    "representant.nom": "nom du représentant légal",
    "representant.qualite": "qualité du représentant légal",
    "contact.nom": "personne à contacter",
    "contact.courriel": "courriel",
    "contact.telephone": "téléphone",
    "intitule": "intitulé",
    "description": "description",
    "objectifs": "objectifs",
    "calendrier": "calendrier",
    "nom": "nom",
    "uai": "UAI",
    "nb_classes": "classes",
    "nb_eleves": "élèves",
    "secteur": "secteur",
    "libelle": "libellé",
    "quantite": "quantité",
    "prix_unitaire_ht_centimes": "prix unitaire HT",
    "taux_tva": "TVA",
    "ecole": "école",
    "categorie": "catégorie",
}

_INDEXED = re.compile(r"^(?P<list>ecoles|lignes)\[(?P<index>\d+)\](?:\.(?P<field>[\w.]+))?$")
SEPARATOR = " › "


def parse_chemin(chemin: str) -> tuple[str, int | None, str | None]:
    """"ecoles[2].uai" -> ("ecoles", 2, "uai"); "collectivite.siret" -> ("collectivite", None, "siret")."""
    match = _INDEXED.match(chemin)
    if match:
        return match["list"], int(match["index"]), match["field"]
    head, _, rest = chemin.partition(".")
    return head, None, rest or None


def page_of(dossier: Dossier, chemin: str) -> str:
    """The key of the editor page where the finding at `chemin` is fixed."""
    head, index, field = parse_chemin(chemin)
    if head.startswith("volet:"):
        return head.removeprefix("volet:")
    if head == "lignes":
        if index is not None and index < len(dossier.lignes):
            return dossier.lignes[index].volet
        return "equipement"
    if head == "ecoles" and field == "equipement":
        return "equipement"
    return head if head in ("collectivite", "ecoles", "projet", "pieces") else "controles"


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " "))


def school_name(dossier: Dossier, index: int) -> str:
    if index < len(dossier.ecoles) and dossier.ecoles[index].nom.strip():
        return f"« {_short(dossier.ecoles[index].nom.strip())} »"
    return f"école n° {index + 1}"


def place_of(dossier: Dossier, chemin: str) -> str:
    """The page, then the school or line, then the field, joined by « › »."""
    head, index, field = parse_chemin(chemin)
    page = page_of(dossier, chemin)
    parts = [PAGE_LABELS.get(page, page)]
    if head == "ecoles" and index is not None:
        parts.append(school_name(dossier, index))
        if field and field != "equipement":
            parts.append(field_label(field))
    elif head == "lignes" and index is not None:
        if index < len(dossier.lignes):
            ligne = dossier.lignes[index]
            school = dossier.ecole_by_id(ligne.ecole)
            if school is not None:
                parts.append(school_name(dossier, dossier.ecoles.index(school)))
            parts.append(f"ligne « {_short(ligne.libelle.strip())} »" if ligne.libelle.strip() else
                         f"ligne sans libellé ({VOLET_LABELS.get(ligne.volet, ligne.volet).lower()})")
        if field:
            parts.append(field_label(field))
    elif field and head in ("collectivite", "projet"):
        parts.append(field_label(field))
    return SEPARATOR.join(parts)


def _short(text: str, limit: int = 48) -> str:
    text = visible(text, 10_000)  # a right-to-left override in a name must not reverse the place shown
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


CHECKED_PAGES = ("collectivite", "ecoles", "equipement", "ressources", "accompagnement", "projet", "pieces")


def checklist(dossier: Dossier, constats, rules) -> list[tuple[str, str, bool, str]]:
    """What a complete dossier holds, ticked: (chemin to show, label, done, page label).

    First each page (done when no error is left there), then each requirement of the rules file
    (`[[completude.*]]`), so the user sees what is done and what is left at a glance."""
    errors_by_page: dict[str, int] = {}
    for constat in constats:
        if constat.gravite == "erreur":
            page = page_of(dossier, constat.chemin)
            errors_by_page[page] = errors_by_page.get(page, 0) + 1
    items = []
    for page in CHECKED_PAGES:
        if page in ("ressources", "accompagnement") and not any(ligne.volet == page for ligne in dossier.lignes):
            continue  # an optional volet left empty is neither done nor to do
        count = errors_by_page.get(page, 0)
        label = PAGE_LABELS[page] + ("" if not count else
                                     f" : {count} point{'s' if count > 1 else ''} à corriger ou compléter")
        if page == "equipement" and not any(ligne.volet == page for ligne in dossier.lignes):
            items.append(("volet:equipement", "Équipement : aucune ligne", False, PAGE_LABELS[page]))
            continue
        items.append((f"volet:{page}" if page in VOLET_LABELS else page, label, count == 0, PAGE_LABELS[page]))
    missing = {(c.code, c.chemin) for c in constats}
    for champ in rules.completude_champs:
        code = "_".join(champ.chemin.split(".")[1:]).upper() + "_MANQUANT"
        items.append((champ.chemin, champ.libelle, (code, champ.chemin) not in missing,
                      PAGE_LABELS.get(page_of(dossier, champ.chemin), "")))
    codes = {c.code for c in constats}
    for requise in rules.completude_pieces:
        code = f"PIECE_{requise.types[0].upper()}_MANQUANTE"
        items.append(("pieces", requise.libelle, code not in codes, PAGE_LABELS["pieces"]))
    return items
