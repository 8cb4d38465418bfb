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


# The domain's labels (volets, categories, sectors, types, gravities), listed here so lupdate puts
# them in the catalogue; tests/gui/test_translations.py checks the list follows the domain.
DOMAIN_TEXTS = (
    QT_TRANSLATE_NOOP("domain", 'Équipement'),
    QT_TRANSLATE_NOOP("domain", 'Ressources numériques'),
    QT_TRANSLATE_NOOP("domain", 'Accompagnement'),
    QT_TRANSLATE_NOOP("domain", 'Public'),
    QT_TRANSLATE_NOOP("domain", 'Privé sous contrat'),
    QT_TRANSLATE_NOOP("domain", 'Commune'),
    QT_TRANSLATE_NOOP("domain", 'EPCI'),
    QT_TRANSLATE_NOOP("domain", 'Syndicat'),
    QT_TRANSLATE_NOOP("domain", 'Autre'),
    QT_TRANSLATE_NOOP("domain", 'Devis'),
    QT_TRANSLATE_NOOP("domain", 'Délibération'),
    QT_TRANSLATE_NOOP("domain", 'Erreur'),
    QT_TRANSLATE_NOOP("domain", 'Avertissement'),
    QT_TRANSLATE_NOOP("domain", 'Information'),
    QT_TRANSLATE_NOOP("domain", 'Vidéoprojecteur fixe'),
    QT_TRANSLATE_NOOP("domain", 'Écran interactif / TNI / VPI'),
    QT_TRANSLATE_NOOP("domain", "Ordinateur portable de l'enseignant"),
    QT_TRANSLATE_NOOP("domain", 'Visualiseur'),
    QT_TRANSLATE_NOOP("domain", "Captation d'images"),
    QT_TRANSLATE_NOOP("domain", 'Micro et haut-parleurs'),
    QT_TRANSLATE_NOOP("domain", 'Classe mobile (tablettes, portables)'),
    QT_TRANSLATE_NOOP("domain", 'Ordinateur de la direction'),
    QT_TRANSLATE_NOOP("domain", 'Copieur-imprimante-scanner en réseau'),
    QT_TRANSLATE_NOOP("domain", 'Connexion internet'),
    QT_TRANSLATE_NOOP("domain", 'Réseau / wifi'),
    QT_TRANSLATE_NOOP("domain", 'Câblage'),
    QT_TRANSLATE_NOOP("domain", 'Autre équipement'),
    QT_TRANSLATE_NOOP("domain", 'Espace numérique de travail (ENT)'),
    QT_TRANSLATE_NOOP("domain", 'Ressources pédagogiques'),
    QT_TRANSLATE_NOOP("domain", 'Abonnement / service numérique'),
    QT_TRANSLATE_NOOP("domain", 'Autre ressource'),
    QT_TRANSLATE_NOOP("domain", 'Prise en main / formation'),
    QT_TRANSLATE_NOOP("domain", 'Assistance'),
    QT_TRANSLATE_NOOP("domain", 'Autre accompagnement'),
)


def domain_label(text: str) -> str:
    """A label the domain gives (« Vidéoprojecteur fixe »), in the window's language."""
    return QCoreApplication.translate("domain", text)
