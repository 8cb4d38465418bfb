"""Readable names of the dossier's fields, for the findings list and the undo menu.

The labels of the domain's codes (volets, categories, sectors…) are shown as the domain and the
rules file give them: no copy here."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

FIELD_LABELS = {
    "nom": QT_TRANSLATE_NOOP("labels", "nom"),
    "commune": QT_TRANSLATE_NOOP("labels", "commune"),
    "secteur": QT_TRANSLATE_NOOP("labels", "secteur"),
    "type": QT_TRANSLATE_NOOP("labels", "type"),
    "adresse": QT_TRANSLATE_NOOP("labels", "adresse"),
    "code_postal": QT_TRANSLATE_NOOP("labels", "code postal"),
    "representant.qualite": QT_TRANSLATE_NOOP("labels", "qualité du représentant"),
    "contact.nom": QT_TRANSLATE_NOOP("labels", "personne à contacter"),
    "contact.telephone": QT_TRANSLATE_NOOP("labels", "téléphone"),
    "description": QT_TRANSLATE_NOOP("labels", "description"),
    "objectifs": QT_TRANSLATE_NOOP("labels", "objectifs"),
    "calendrier": QT_TRANSLATE_NOOP("labels", "calendrier"),
    "taux_tva": QT_TRANSLATE_NOOP("labels", "TVA"),
    "uai": QT_TRANSLATE_NOOP("labels", "UAI"),
    "code_insee": QT_TRANSLATE_NOOP("labels", "code INSEE"),
    "nb_classes": QT_TRANSLATE_NOOP("labels", "classes"),
    "nb_eleves": QT_TRANSLATE_NOOP("labels", "élèves"),
    "siret": QT_TRANSLATE_NOOP("labels", "SIRET"),
    "raison_sociale": QT_TRANSLATE_NOOP("labels", "raison sociale"),
    "representant.nom": QT_TRANSLATE_NOOP("labels", "représentant"),
    "contact.courriel": QT_TRANSLATE_NOOP("labels", "courriel"),
    "intitule": QT_TRANSLATE_NOOP("labels", "intitulé"),
    "libelle": QT_TRANSLATE_NOOP("labels", "libellé"),
    "quantite": QT_TRANSLATE_NOOP("labels", "quantité"),
    "prix_unitaire_ht_centimes": QT_TRANSLATE_NOOP("labels", "prix unitaire HT"),
    "ecole": QT_TRANSLATE_NOOP("labels", "école"),
    "categorie": QT_TRANSLATE_NOOP("labels", "catégorie"),
    "ecoles": QT_TRANSLATE_NOOP("labels", "écoles couvertes"),
}


# What the Édition menu undoes, as the end of a French sentence: « Annuler » + « la modification
# du prix unitaire HT » (each with its own article: a label alone cannot give du/de la/de l').
MODIFICATION_TEXTS = {
    "nom": QT_TRANSLATE_NOOP("commands", "la modification du nom"),
    "commune": QT_TRANSLATE_NOOP("commands", "la modification de la commune"),
    "secteur": QT_TRANSLATE_NOOP("commands", "la modification du secteur"),
    "type": QT_TRANSLATE_NOOP("commands", "la modification du type"),
    "adresse": QT_TRANSLATE_NOOP("commands", "la modification de l'adresse"),
    "code_postal": QT_TRANSLATE_NOOP("commands", "la modification du code postal"),
    "representant.qualite": QT_TRANSLATE_NOOP("commands", "la modification de la qualité du représentant"),
    "contact.nom": QT_TRANSLATE_NOOP("commands", "la modification de la personne à contacter"),
    "contact.telephone": QT_TRANSLATE_NOOP("commands", "la modification du téléphone"),
    "description": QT_TRANSLATE_NOOP("commands", "la modification de la description"),
    "objectifs": QT_TRANSLATE_NOOP("commands", "la modification des objectifs"),
    "calendrier": QT_TRANSLATE_NOOP("commands", "la modification du calendrier"),
    "taux_tva": QT_TRANSLATE_NOOP("commands", "la modification du taux de TVA"),
    "uai": QT_TRANSLATE_NOOP("commands", "la modification de l'UAI"),
    "code_insee": QT_TRANSLATE_NOOP("commands", "la modification du code INSEE"),
    "nb_classes": QT_TRANSLATE_NOOP("commands", "la modification du nombre de classes"),
    "nb_eleves": QT_TRANSLATE_NOOP("commands", "la modification du nombre d'élèves"),
    "siret": QT_TRANSLATE_NOOP("commands", "la modification du SIRET"),
    "raison_sociale": QT_TRANSLATE_NOOP("commands", "la modification de la raison sociale"),
    "representant.nom": QT_TRANSLATE_NOOP("commands", "la modification du représentant"),
    "contact.courriel": QT_TRANSLATE_NOOP("commands", "la modification du courriel"),
    "intitule": QT_TRANSLATE_NOOP("commands", "la modification de l'intitulé"),
    "libelle": QT_TRANSLATE_NOOP("commands", "la modification du libellé"),
    "quantite": QT_TRANSLATE_NOOP("commands", "la modification de la quantité"),
    "prix_unitaire_ht_centimes": QT_TRANSLATE_NOOP("commands", "la modification du prix unitaire HT"),
    "ecole": QT_TRANSLATE_NOOP("commands", "la modification de l'école"),
    "categorie": QT_TRANSLATE_NOOP("commands", "la modification de la catégorie"),
    "ecoles": QT_TRANSLATE_NOOP("commands", "la modification des écoles couvertes par le devis"),
}


def modification_text(field: str) -> str:
    """« la modification du prix unitaire HT »: follows « Annuler » / « Rétablir » in the menu."""
    if field in MODIFICATION_TEXTS:
        return QCoreApplication.translate("commands", MODIFICATION_TEXTS[field])
    return QCoreApplication.translate("commands", "la modification de « %1 »").replace("%1", field_label(field))


def field_label(field: str) -> str:
    """« code INSEE » for code_insee; an unknown field keeps its JSON name."""
    if field in FIELD_LABELS:
        return QCoreApplication.translate("labels", FIELD_LABELS[field])
    return field.replace("_", " ")
