"""The French wording of the export layer's error codes (see catalogue.errors.error_text).

Each entry: code -> a str.format template over the error's values (after
catalogue.errors.prepared_values adds the derived ones), or a function of those values for a
wording that agrees in number or changes with them.
"""

from __future__ import annotations

from ..domain.money import format_integer
from ..domain.text import visible
from ..report_words import FINDING_WORDS

# The names a certificate holds, as a sentence names them (export/identity.py's field codes).
NAME_FIELDS = {"signer_name": "le nom du signataire", "signer_title": "la qualité du signataire",
               "raison_sociale": "la raison sociale", "unit": "le service"}


def _token_not_found(values: dict) -> str:
    labels = values.get("labels") or []
    known = (" ; jetons présents : " + ", ".join(f"« {label} »" for label in labels)) if labels else \
        " ; aucun jeton n'est branché ou reconnu"
    return f"jeton « {values['token_label']} » introuvable{known}."


def _french_date(moment) -> str:
    return moment.strftime("%d/%m/%Y")


def _hidden_characters(values: dict) -> str:
    codes = values["codes"]
    return (f"{NAME_FIELDS.get(values['field'], values['field'])} contient des caractères de contrôle ou "
            f"d'inversion du sens d'écriture ({', '.join(codes[:6])}{', …' if len(codes) > 6 else ''}) : "
            "aucun certificat n'est fait avec eux ; retirez-les (page Collectivité).")


def _name_too_long(values: dict) -> str:
    return (f"{NAME_FIELDS.get(values['field'], values['field'])} « {visible(values['value'], 90)} » compte "
            f"{values['length']} caractères : un certificat X.509 en admet {values['maximum']} au plus, et il "
            "n'est pas coupé ; écrivez-le plus court (page Collectivité).")


def _siret_invalid(values: dict) -> str:
    problem = values["problem"]
    return (f"{problem[0].lower()}{problem[1:].rstrip('.')} : l'identité porte le SIREN de la collectivité "
            "(NTRFR-<SIREN>) ; corrigez le SIRET (page Collectivité) avant de la créer.")


def _quoted(values: dict) -> str:
    """The wrapped error (`cause`) in its own French words (catalogue.errors.error_text)."""
    from .errors import error_text

    return error_text(values["cause"])


def _short(error: BaseException) -> str:
    """A reader's error as a short aside: its code's wording, else its own words, bounded."""
    from .errors import MESSAGES as ALL
    from .errors import error_text

    if getattr(error, "code", None) in ALL:
        return error_text(error)
    return visible(str(error) or type(error).__name__, 200)


# Breaches of the campaign's schema said in the application's words (else jsonschema's own).
SCHEMA_REASONS = {
    "https_required": "une adresse https:// est exigée (le dépôt est toujours chiffré)",
    "pin_or_ca": "indiquez soit l'empreinte du certificat du serveur (certificat_sha256), soit son autorité (ca_pem)",
}


def _campaign_address(values: dict) -> str:
    """domain.campaign.address_problem's code, worded with the address (as CampaignDataError is)."""
    from ..domain.coded_error import CodedError
    from .errors import MESSAGES as ALL
    from .errors import error_text

    problem = values["problem"]
    return error_text(CodedError(problem, url=values["url"])) if problem in ALL else problem


def _campaign_schema(values: dict) -> str:
    where = "/".join(values["where"]) or "(racine)"
    return f"campagne.json : {where} : {SCHEMA_REASONS.get(values.get('why')) or values['detail']}"


_MIB = 1024 * 1024

# Why the csv module could not read a CSV file (export/spreadsheet.py's codes).
CSV_PROBLEMS = {
    "nul_character": "le fichier contient un caractère nul : est-ce bien un tableau en texte ?",
    "unquoted_line_break": "un retour à la ligne dans une cellule sans guillemets",
    "malformed": "mise en forme CSV incorrecte",
}


def _csv_unreadable(values: dict) -> str:
    problem = values["problem"]
    if problem == "cell_too_long":
        said = f"une cellule dépasse {format_integer(values['field_limit'])} caractères"
    else:
        said = CSV_PROBLEMS.get(problem, CSV_PROBLEMS["malformed"])
    return f"CSV illisible ({said})."


def signer_mismatches(mismatches) -> str:
    """export/binding.py's mismatches as the PDF and bag-info.txt record them (a document's
    words, quoted: export/document_words.py)."""
    from ..export.document_words import override_summary

    return override_summary(mismatches)


def signer_line(facts, name: str = "", *, code: bool = True) -> str:
    """One line for a signing identity (export/binding.py's CertificateFacts; `name`: its
    subject's, when it has no common name): who signs, in what quality, for which collectivité,
    with which code (without it, `code=False`, where the code has its own line)."""
    parts = [visible(facts.common_name or name, 80)]
    if facts.title:
        parts.append(visible(facts.title, 80))
    if facts.organization or facts.siren:
        organisation = visible(facts.organization, 100) or "collectivité"
        parts.append(organisation + (f" (SIREN {_siren(facts.siren)})" if facts.siren else " (sans SIREN)"))
    return ", ".join(parts) + (f" — code de vérification {facts.short_code}" if code else "")


def local_identity_line(entry) -> str:
    """One line for a local identity of the data folder (export/identity.py's LocalIdentity),
    known without its passphrase."""
    facts = entry.facts
    if facts is None:
        return "identité locale d'une version précédente (sans SIREN ni signataire lisibles avant ouverture)"
    title = f", {visible(facts.title, 60)}" if facts.title else ""
    siren = f"SIREN {_siren(facts.siren)}" if facts.siren else "sans SIREN"
    return (f"{visible(facts.common_name, 64)}{title} — {visible(facts.organization, 80)} ({siren}) — "
            f"code {facts.short_code}")


def _siren(siren: str) -> str:
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}" if len(siren) == 9 else siren


# The export's steps (export/bundle.py's progress labels); a piece's step names the piece.
EXPORT_STEPS = {
    "export_step_compute": "Calcul des montants",
    "export_step_dossier_json": "Écriture de dossier.json",
    "export_step_pdf_layout": "Mise en page du PDF",
    "export_step_pdf_signature": "Signature du PDF",
    "export_step_bag": "Constitution du paquet BagIt",
    "export_step_bag_signature": "Signature du paquet",
    "export_step_zip": "Écriture du paquet (zip)",
    "export_step_done": "Export terminé",
}


def export_step(label: str) -> str:
    """A progress label of the export in French; any other label (already the front-end's) as is."""
    code, colon, value = label.partition(":")
    if colon and code == "export_step_piece":
        return f"Pièce jointe « {value} »"
    return EXPORT_STEPS.get(label, label)


MESSAGES: dict = {
    # export/errors.py
    "export_cancelled": "export annulé : aucun fichier n'a été écrit.",
    # export/pkcs11.py
    "pkcs11_module_not_found": ("module PKCS#11 introuvable : {module} (le fichier .so ou .dll fourni avec le "
                                "jeton ou la carte, par exemple /usr/lib/softhsm/libsofthsm2.so)."),
    "pkcs11_module_unloadable": "{name} n'a pas pu être chargé comme module PKCS#11 ({cause}).",
    "pkcs11_token_not_found": _token_not_found,
    "pkcs11_several_tokens": "plusieurs jetons portent le nom « {token_label} » : n'en branchez qu'un.",
    "pkcs11_module_silent": "le module PKCS#11 ne répond pas ({error_name}).",
    "pkcs11_pin_incorrect": ("code PIN incorrect pour le jeton « {token_label} » (attention : après plusieurs "
                             "erreurs, le jeton se bloque)."),
    "pkcs11_token_locked": ("le jeton « {token_label} » est bloqué (trop de codes PIN erronés) : "
                            "débloquez-le avec son code PUK ou l'outil de son fournisseur."),
    "pkcs11_pin_expired": ("le code PIN du jeton « {token_label} » a expiré : changez-le avec l'outil "
                           "de son fournisseur."),
    "pkcs11_open_failed": "ouverture du jeton « {token_label} » impossible ({error_name}).",
    "pkcs11_pin_missing": "saisissez le code PIN du jeton.",
    "pkcs11_no_certificate": "le jeton « {token_label} » ne contient aucun certificat associé à une clé privée.",
    # export/identity.py
    "certificate_not_yet_valid": lambda v: (
        f"le certificat de « {visible(v['subject'], 80)} » n'est valable qu'à partir du "
        f"{_french_date(v['not_before'])} : il ne peut pas encore signer."),
    "certificate_expired": lambda v: (
        f"le certificat de « {visible(v['subject'], 80)} » a expiré le {_french_date(v['not_after'])} : "
        "demandez un certificat renouvelé, ou signez avec une identité locale de la collectivité."),
    "identity_on_token": "cette identité signe par son jeton matériel : utilisez signer().",
    "pkcs12_not_found": "fichier de certificat introuvable : {path}",
    "pkcs12_is_directory": "{path} est un dossier, pas un fichier de certificat (.p12, .pfx).",
    "pkcs12_unreadable": "impossible de lire le certificat {path} : {reason}",
    "pkcs12_wrong_password": "impossible d'ouvrir {name} : mot de passe incorrect.",
    "pkcs12_is_pem": ("{name} est un certificat ou une clé au format PEM, pas un fichier PKCS#12 : "
                      "exportez le certificat « avec la clé privée » au format .p12 ou .pfx."),
    "pkcs12_not_pkcs12": ("{name} n'est pas un fichier PKCS#12 (.p12, .pfx) : exportez le certificat "
                          "« avec la clé privée » depuis le magasin de certificats."),
    "pkcs12_unsupported_algorithm": ("fichier de certificat {name} illisible (chiffré avec un algorithme que ce "
                                     "programme ne prend pas en charge : exportez-le de nouveau, chiffrement AES)."),
    "pkcs12_unsupported_format": "fichier de certificat {name} illisible (format non pris en charge).",
    "pkcs12_no_key": ("{name} ne contient pas de clé privée : exportez le certificat « avec la clé "
                      "privée » (fichier .p12 ou .pfx) depuis le magasin de certificats."),
    "pkcs12_no_certificate": "{name} ne contient pas de certificat.",
    "pkcs12_key_type": "{name} : type de clé non pris en charge (RSA ou ECDSA attendu).",
    "pkcs12_key_mismatch": "{name} : la clé privée ne correspond pas au certificat.",
    "token_key_not_exportable": "la clé d'un jeton matériel ne s'exporte pas.",
    "pkcs12_unexpected_mac": "format PKCS#12 inattendu (MAC autre que SHA-256).",
    "local_identity_exists": "une identité locale existe déjà : {path} (elle n'est pas remplacée).",
    "passphrase_too_short": "la phrase de passe doit compter au moins {minimum} caractères.",
    "identity_siret_invalid": _siret_invalid,
    "identity_no_representative": ("le nom du représentant de la collectivité n'est pas renseigné : l'identité "
                                   "est à son nom (page Collectivité)."),
    "local_identity_write_failed": "impossible d'enregistrer l'identité locale dans {folder} : {reason}",
    "local_identity_missing": "aucune identité locale dans {folder}.",
    "local_identity_wrong_passphrase": "phrase de passe de l'identité locale incorrecte.",
    "name_hidden_characters": _hidden_characters,
    "name_too_long": _name_too_long,
    "organization_abbreviated": lambda v: (
        f"la raison sociale compte {v['length']} caractères, un certificat X.509 en admet {v['maximum']} : "
        f"le certificat porte « {v['abbreviated']} » ; le SIREN (organizationIdentifier) désigne la "
        "collectivité sans ambiguïté"),
    "siren_invalid": lambda v: f"SIREN « {visible(v['siren'], 20)} » invalide : 9 chiffres attendus.",
    # export/bag_layout.py, export/pdf_text.py, export/verify.py: read in a bundle, said in the
    # words of verify's findings (report_words.FINDING_WORDS, their one home)
    **{code: FINDING_WORDS[code] for code in (
        "manifest_not_utf8", "manifest_line_malformed", "manifest_line_twice", "page_tree_too_deep",
        "too_many_pages", "page_stream_unreadable", "page_text_too_big", "json_not_a_number")},
    # export/campaign.py
    "campaign_data": _quoted,
    "campaign_address": _campaign_address,
    "campaign_schema": _campaign_schema,
    "ca_pem_unreadable": "ca_pem ne contient pas de certificat PEM lisible.",
    "ca_pem_empty": "ca_pem ne contient aucun certificat.",
    "campaign_rules_too_big": "le fichier de règles de la campagne est trop volumineux.",
    "campaign_rules_not_utf8": "le fichier de règles de la campagne n'est pas un texte UTF-8.",
    "campaign_rules_invalid": lambda v: f"règles de la campagne invalides : {_quoted(v)}",
    "campaign_rules_other_edition": lambda v: (
        f"le fichier de règles porte l'édition « {v['found'][:64]} » alors que la campagne "
        f"annonce « {v['announced']} »."),
    "campaign_out_dir": _quoted,
    "campaign_file_write_failed": "impossible d'écrire {path} : {reason}",
    "campaign_refused": lambda v: f"fichier de campagne refusé : {_quoted(v)}",
    "campaign_json_unreadable": lambda v: f"campagne.json illisible ({_short(v['cause'])}).",
    "campaign_rules_missing": "les règles {edition} (data/{member}) sont absentes.",
    # verify's words are a bundle's: this is a campaign file
    "campaign_unchecked": lambda v: v["unchecked"].replace("paquet illisible", "fichier illisible", 1),
    "campaign_check_failed": "{label} : {detail}.",
    "campaign_unreadable": "illisible.",
    # export/spreadsheet.py
    "sheet_format_unsupported": lambda v: (f"format « {v['suffix'] or 'sans extension'} » non pris en charge : "
                                           "CSV, XLSX (Excel) ou ODS (LibreOffice) attendu."),
    "sheet_unreadable": "fichier illisible ({reason}).",
    "sheet_too_big": lambda v: (f"fichier trop gros ({format_integer(v['size'] // _MIB)} Mo) : "
                                f"{v['maximum'] // _MIB} Mo au plus."),
    "sheet_too_many_rows": lambda v: f"plus de {format_integer(v['maximum'])} lignes : découpez le fichier.",
    "sheet_too_wide": ("une feuille va jusqu'à la colonne {column} : {maximum} colonnes au plus. Gardez "
                       "seulement le tableau des lignes."),
    "csv_too_many_columns": "plus de {maximum} colonnes dans une ligne.",
    "csv_unreadable": _csv_unreadable,
    "workbook_unreadable": "ce fichier n'est pas un classeur XLSX ou ODS lisible.",
    "workbook_too_many_parts": "classeur anormal : trop de parties.",
    "workbook_bomb": "classeur anormal : son contenu décompressé est démesuré (archive piégée ?).",
    "workbook_odd_compression": ("classeur anormal : une de ses parties est compressée d'une façon qu'aucun "
                                 "tableur n'emploie."),
    "workbook_damaged": "ce fichier n'est pas un classeur XLSX ou ODS lisible (archive abîmée).",
    "workbook_too_many_cells": "classeur anormal : plus d'un million de cellules dans une feuille.",
    "ods_no_content": "classeur ODS sans contenu (content.xml absent).",
    "workbook_no_sheet": "classeur {kind} sans feuille.",
    "sheet_missing": lambda v: f"feuille « {v['sheet']} » absente ; feuilles : {', '.join(v['names'])}.",
    "workbook_kind_unreadable": "classeur {kind} illisible ({error_name}).",
    "table_extension_expected": "extension .xlsx, .ods ou .csv attendue.",
    # export/bundle.py
    "piece_missing": lambda v: (
        f"la pièce jointe « {v['name']} » est introuvable (empreinte {v['sha256'][:12]}…) : "
        "ajoutez-la de nouveau au dossier, ou retirez-la de la liste des pièces."),
    "piece_changed": ("la pièce jointe « {name} » ne correspond plus à son empreinte SHA-256 : "
                      "le fichier a changé depuis son ajout ; ajoutez-le de nouveau."),
    "dossier_json_off_schema": "dossier.json ne respecte pas le schéma ({problem}).",
    "pdf_signature_failed": "la signature du PDF a échoué ({error_name} : {cause}).",
    "bag_invalid": "le paquet BagIt produit est invalide ({cause}).",
    "bag_temp_failed": ("impossible de préparer le paquet dans le dossier temporaire {folder} : {reason} ; "
                        "libérez de la place et recommencez."),
    "out_dir_is_file": "{path} est un fichier, pas un dossier : choisissez un dossier de destination.",
    "out_dir_failed": "impossible de créer le dossier {path} : {reason}",
    "out_dir_not_folder": "{path} n'est pas un dossier.",
    "export_write_failed": "impossible d'écrire {path} : {reason}",
    "signer_mismatch": lambda v: (
        f"l'identité de signature ne correspond pas au dossier : {signer_mismatches(v['mismatches'])} ; "
        "choisissez l'identité de la collectivité et de son représentant, ou confirmez explicitement la "
        "signature par une autre personne (--autre-signataire)."),
    # export/binding.py
    "trust_list_not_found": "liste de confiance introuvable : {path}",
    "trust_list_is_directory": "{path} est un dossier : indiquez le fichier de la liste de confiance.",
    "trust_list_unreadable": "liste de confiance illisible : {path} ({reason})",
    "trust_list_too_big": lambda v: f"liste de confiance {v['name']} trop grande (plus de {v['maximum'] // _MIB} Mo).",
    "trust_list_bad_pem": "liste de confiance {name} : un certificat PEM est illisible.",
    "trust_list_bad_der": "liste de confiance {name} : certificat DER illisible.",
    "trust_list_unreadable_text": "liste de confiance {name} : ni certificats ni empreintes lisibles.",
    "trust_list_bad_line": ("liste de confiance {name}, ligne {line} : une empreinte SHA-256 "
                            "(64 chiffres hexadécimaux) est attendue."),
    "trust_list_empty": "liste de confiance {name} vide : aucun certificat ni empreinte.",
}
