"""Readable names of the dossier's fields, for the findings list and the undo menu."""

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
}


def field_label(field: str) -> str:
    """« code INSEE » for code_insee; an unknown field keeps its JSON name."""
    if field in FIELD_LABELS:
        return QCoreApplication.translate("labels", FIELD_LABELS[field])
    return field.replace("_", " ")
