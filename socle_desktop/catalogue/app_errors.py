"""The French wording of the jobs' refusals (app/: JobRefused codes; see catalogue.errors)."""

from __future__ import annotations

MESSAGES: dict = {
    "input_too_big": "{path} est trop volumineux pour un {what} ({limit_mo} Mo au plus).",
    "input_is_directory": "{path} est un dossier, pas un {what}.",
    "input_not_found": "{what} introuvable : {path}",
    "input_permission": "lecture refusée (droits insuffisants) : {path}",
    "input_unreadable": "impossible de lire {path} : {reason}",
    "input_is_zip": ("{path} est une archive zip (un paquet de dépôt ?) : pour un paquet, "
                     "« socle-desktop verify » ; pour importer son dossier, décompressez-le et donnez "
                     "data/dossier.json."),
    "input_is_pdf": "{path} est un PDF, pas un {what} ({format}).",
    "input_not_utf8": "{path} n'est pas un texte UTF-8 : un {what} ({format}) est attendu.",
    "campaign_fingerprint_unreadable": ("empreinte attendue illisible : donnez les 64 caractères hexadécimaux "
                                        "publiés par l'académie (les « : » et espaces sont acceptés)."),
    "campaign_other_signer": ("le fichier de campagne n'est pas signé par le certificat attendu (empreinte "
                              "{fingerprint_shown}) : il n'a pas été importé ; vérifiez l'empreinte publiée par "
                              "l'académie et la provenance du fichier."),
    "campaign_rules_differ": ("les règles « {edition} » de la campagne diffèrent de celles livrées avec "
                              "l'application sous le même nom : une édition modifiée doit porter un autre nom ; "
                              "rien n'a été importé."),
    "campaign_write_failed": "impossible d'écrire {path} : {reason} ; la campagne n'a pas été importée.",
}
