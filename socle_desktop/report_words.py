"""The words verify's report and the front-ends both say: why the system could not read a file,
what a bundle's readers refuse, what is wrong in a dossier file.

verify's report is a document built below the front-ends (export/), so it cannot use their
catalogue; the catalogue may import this module. One home for each of these sentences, light
enough to load with the window's first paint (nothing here but tables and two small functions).
"""

from __future__ import annotations

import errno

from .domain.editions import DEFAULT_EDITION
from .domain.money import format_integer

# --- the operating system's own messages (`strerror`) are in the system's language, English on
# most machines: users read these instead.
_OS_ERRORS_BY_NAME = {
    "ENOENT": "fichier ou dossier introuvable",
    "EEXIST": "un fichier de ce nom existe déjà",
    "ENOTDIR": "un élément du chemin est un fichier, pas un dossier",
    "EISDIR": "c'est un dossier, pas un fichier",
    "EACCES": "droits insuffisants",
    "EPERM": "opération interdite par le système",
    "EROFS": "disque ou dossier en lecture seule",
    "ENOSPC": "disque plein",
    "EDQUOT": "quota de disque dépassé",
    "EIO": "erreur d'entrée-sortie du disque",
    "ENAMETOOLONG": "nom de fichier trop long",
    "ELOOP": "trop de liens symboliques",
    "EBUSY": "fichier occupé",
    "EINVAL": "chemin ou opération invalide",
    "EMFILE": "trop de fichiers ouverts",
    "ENODEV": "périphérique absent",
    "ENXIO": "périphérique absent",
    "EXDEV": "déplacement impossible entre deux disques",
    "EPIPE": "le programme qui lisait la sortie s'est arrêté",
}
# Not every name exists on every system (Windows lacks a few).
_OS_ERRORS_FR = {getattr(errno, name): text for name, text in _OS_ERRORS_BY_NAME.items() if hasattr(errno, name)}


def describe_os_error(error: OSError) -> str:
    """A short French description of an operating-system error (`disque plein`)."""
    if isinstance(error, PermissionError) and error.errno is None:
        return "droits insuffisants"
    known = _OS_ERRORS_FR.get(error.errno)
    if known:
        return known
    return f"erreur du système n° {error.errno}" if error.errno else "erreur du système"


# --- the codes of a bundle's readers (export/bag_layout.py, export/pdf_text.py, verify's JSON and
# CMS checks)
FINDING_WORDS = {
    "absolute_or_bad_separator": "chemin absolu ou séparateur invalide",
    "dot_dot_or_empty": "chemin avec « .. » ou composant vide",
    "hidden_character": "nom de fichier invalide (caractère de contrôle ou de mise en forme invisible)",
    "forbidden_character": "nom de fichier invalide (caractère interdit)",
    "invalid_on_windows": "nom de fichier invalide sous Windows",
    "too_long": "nom de fichier trop long",
    "manifest_not_utf8": "manifeste illisible (pas de l'UTF-8)",
    "manifest_line_malformed": "ligne {line} mal formée",
    "manifest_line_twice": "ligne {line} : un fichier listé deux fois",
    "page_tree_too_deep": "arbre des pages trop profond",
    "too_many_pages": "plus de {maximum} pages",
    "page_stream_unreadable": "flux de page illisible",
    "page_text_too_big": "texte des pages trop volumineux",
    "not_signed_data": "ce n'est pas une signature CMS (SignedData)",
    "not_detached": "la signature n'est pas détachée",
    "json_not_a_number": "valeur « {name} » : ce n'est pas un nombre JSON",
}


# --- a dossier file that is not a socle-dossier v1 (domain/dossier_json.py, domain/storable.py:
# DossierFormatError; values: `chemin`, the field's path, "" for the whole file, and `received`,
# the JSON read, shortened). Said « chemin : reason » by verify's finding and by the front-ends.

COUNTED_WORDS = {"ecoles": "écoles", "lignes": "lignes", "pieces": "pièces jointes"}
INTEGER_WORDS = {"nb_classes": "un nombre de classes", "nb_eleves": "un nombre d'élèves",
                  "quantite": "une quantité", "prix_unitaire_ht_centimes": "un prix unitaire HT en centimes",
                  "taille": "une taille en octets"}

DOSSIER_REASONS = {
    "dossier_empty": lambda v: "le fichier est vide : un dossier socle-dossier (JSON) est attendu.",
    "dossier_not_json": lambda v: f"ce n'est pas du JSON valide (ligne {v['line']}, colonne {v['column']}).",
    "dossier_json_too_deep": lambda v: "le JSON est imbriqué trop profondément.",
    "dossier_number_huge": lambda v: "le JSON contient un nombre démesuré.",
    "dossier_not_a_json_value": lambda v: f"« {v['name']} » n'est pas une valeur JSON : un nombre entier est attendu.",
    "dossier_key_twice": lambda v: f"le champ « {v['key']} » apparaît deux fois dans le même objet.",
    "dossier_object_expected": lambda v: f"un objet JSON est attendu (reçu {v['received']}).",
    "dossier_array_expected": lambda v: f"une liste JSON est attendue (reçu {v['received']}).",
    "dossier_field_missing": lambda v: "champ obligatoire manquant.",
    "dossier_text_expected": lambda v: f"un texte est attendu (reçu {v['received']}).",
    "dossier_text_too_long": lambda v: (f"texte trop long ({format_integer(v['length'])} caractères, "
                                        f"{format_integer(v['limit'])} au plus)."),
    "dossier_text_invalid_character": lambda v: "le texte contient un caractère invalide.",
    "dossier_too_many": lambda v: (f"{format_integer(v['count'])} {COUNTED_WORDS.get(v['chemin'], v['chemin'])} : "
                                   f"au plus {format_integer(v['limit'])} par dossier."),
    "dossier_integer_expected": lambda v: (f"nombre entier attendu pour {INTEGER_WORDS.get(v['field'], v['field'])} "
                                           f"(reçu {v['received']})."),
    "dossier_out_of_range": lambda v: f"valeur hors limites (au plus {format_integer(v['limit'])} en valeur absolue).",
    "dossier_unknown_value": lambda v: (f"valeur {v['received']} inconnue ; attendu : "
                                        + ", ".join(f"« {choice} »" for choice in v["allowed"]) + "."),
    "dossier_not_socle": lambda v: f"ce fichier n'est pas un dossier « {v['expected']} » (reçu {v['received']}).",
    "dossier_version_unsupported": lambda v: (f"version {v['received']} non prise en charge ; cette application lit "
                                              f"la version {v['supported']}."),
    "dossier_id_empty": lambda v: "l'identifiant du dossier est vide.",
    "dossier_total_too_big": lambda v: ("le total des lignes dépasse cent milliards d'euros : "
                                        "vérifiez les quantités et les prix."),
    "dossier_edition_invalid": lambda v: (f"édition de règles « {v['edition']} » invalide : un nom comme "
                                          f"{DEFAULT_EDITION} est attendu."),
    "dossier_id_twice": lambda v: f"identifiant « {v['item_id']} » en double.",
    "dossier_school_expected": lambda v: f"l'identifiant d'une école ou null est attendu (reçu {v['received']}).",
    "dossier_projet_too_long": lambda v: ("les champs du projet autres que l'intitulé et la description dépassent "
                                          f"{format_integer(v['limit'])} caractères."),
    "dossier_sha256_expected": lambda v: "une empreinte SHA-256 (64 caractères hexadécimaux) est attendue.",
    "dossier_size_negative": lambda v: "une taille ne peut pas être négative.",
    "dossier_piece_schools_too_many": lambda v: f"{v['count']} écoles, {v['limit']} au plus.",
    "dossier_school_ids_expected": lambda v: (f"une liste d'identifiants d'écoles est attendue "
                                              f"(reçu {v['received']})."),
    "dossier_nesting_too_deep": lambda v: f"imbrication trop profonde ({v['limit']} niveaux au plus).",
    "dossier_lone_surrogate": lambda v: "texte invalide (caractère Unicode isolé, non représentable en UTF-8).",
    "dossier_nan": lambda v: "NaN et Infinity ne sont pas des nombres JSON valides.",
    "dossier_key_invalid": lambda v: "clé d'objet invalide.",
    "dossier_value_unreadable": lambda v: "valeur illisible (ni texte, ni nombre, ni liste, ni objet).",
    "dossier_value_unreadable_short": lambda v: "valeur illisible.",
}
