"""The French wording of the domain layer's error codes (see catalogue.errors.error_text).

Each entry: code -> a str.format template over the error's values (after
catalogue.errors.prepared_values adds the derived ones), or a function of those values for a
wording that agrees in number or changes with them.
"""

from __future__ import annotations

from decimal import Decimal

from ..domain.editions import DEFAULT_EDITION
from ..domain.money import format_euros
from ..report_words import DOSSIER_REASONS

# --- money (domain/money.py: MoneyFormatError, values: text as typed) ----------------------------

MONEY = {
    "money_empty": "Montant vide : saisissez un montant en euros, par exemple 1 234,56.",
    "money_two_separators": ("« {text} » n'est pas un montant : utilisez une seule virgule pour les centimes, "
                             "par exemple 1 234,56."),
    "money_too_many_decimals": "« {text} » a plus de deux décimales : un montant s'arrête au centime.",
    "money_not_an_amount": "« {text} » n'est pas un montant en euros (exemple : 1 234,56).",
}

# --- a table of budget lines (domain/line_table.py) -----------------------------------------------

# The fields a column can hold (line_table.FIELDS), as a refusal names them.
FIELD_NAMES = {"libelle": "désignation", "quantite": "quantité", "prix_unitaire_ht": "prix unitaire HT",
               "taux_tva": "taux de TVA", "montant_ttc": "montant TTC", "ecole": "école", "uai": "UAI",
               "categorie": "catégorie", "volet": "volet"}


def french_number(number) -> str:
    """A number as a French reader writes it: 10,005, not 10.005."""
    return format(Decimal(number), "f").replace(".", ",")


def _field(values: dict) -> str:
    return FIELD_NAMES.get(values["field"], values["field"])


def _uncomputed(values: dict) -> str:
    formula = values.get("formula")
    shown = f"formule « ={formula} »" if formula else "formule"  # a shared formula's cells have no text
    return (f"{_field(values)} : {shown} sans valeur calculée (fichier écrit par un programme) ; "
            "ouvrez-le dans Excel ou LibreOffice, enregistrez-le, puis importez-le")


def _cell(values: dict) -> str:
    """A cell as a refusal quotes it: text as typed (spaces folded), a workbook's number in French."""
    value = values["value"]
    return french_number(value) if isinstance(value, int | Decimal) else " ".join(str(value).split())


def _quoting(template: str):
    """A refusal that quotes the cause's own sentence (a MoneyFormatError)."""

    def word(values: dict) -> str:
        from .errors import error_text

        return template.format(cause=error_text(values["cause"]))

    return word


def _vat_unknown(values: dict) -> str:
    rates = ", ".join(rate.replace(".", ",") + " %" for rate in values["allowed"])
    text = values.get("text")
    shown = text if text is not None else f"{french_number(values['rate'].normalize())} %"  # 0,196: « 19,6 % »
    return f"taux de TVA {shown} : un de {rates} est attendu"


LINE_TABLE = {
    "line_table_no_header": (
        "aucune ligne d'en-tête reconnue dans les {rows} premières lignes : il faut au moins les colonnes "
        "« Désignation » (ou « Libellé »), « Quantité » (ou « Qté ») et « Prix unitaire HT » (ou « PU HT »)."),
    "line_table_columns_missing": lambda values: f"colonnes manquantes : {', '.join(values['missing'])}.",
    # A refused row (line_table.RowRefused).
    "row_formula_uncomputed": _uncomputed,
    "row_not_a_number": lambda values: f"{_field(values)} « {values['text']} » n'est pas un nombre",
    "row_label_empty": "désignation vide",
    "row_label_too_long": "désignation de plus de {limit} caractères",
    "row_quantity_empty": "quantité vide",
    "row_quantity_not_whole": lambda values: f"quantité « {_cell(values)} » non entière",
    "row_quantity_below_one": "quantité {quantity} : au moins 1 est attendu",
    "row_quantity_too_big": "quantité {quantity} : plus d'un million",
    "row_price_empty": "prix unitaire HT vide",
    "row_price_unreadable": _quoting("prix unitaire HT : {cause}"),
    "row_price_too_big": "prix unitaire HT de plus d'un milliard d'euros",
    "row_price_too_precise": lambda values: (f"prix unitaire HT {french_number(values['euros'])} : "
                                             "plus de deux décimales"),
    "row_price_negative": "prix unitaire HT négatif",
    "row_vat_unreadable": "taux de TVA « {text} » illisible",
    "row_vat_unknown": _vat_unknown,
    "row_volet_empty": "volet vide",
    "row_volet_unknown": "volet « {text} » inconnu (équipement, ressources ou accompagnement)",
    "row_category_unknown": "catégorie « {text} » inconnue pour ce volet",
    "row_school_uai_unknown": "école d'UAI {uai} absente du dossier",
    "row_school_name_too_long": "nom d'école de plus de {limit} caractères",
    "row_school_unknown": "école « {name} » absente du dossier",
    "row_equipment_without_school": ("ligne d'équipement sans école : nommez-la dans le fichier, ou choisissez "
                                     "l'école des lignes qui n'en nomment pas"),
    "row_ttc_unreadable": _quoting("montant TTC : {cause}"),
    "row_ttc_differs": lambda values: (f"montant TTC {format_euros(values['stated'])} différent du calcul "
                                       f"({format_euros(values['computed'])})"),
}

# --- the référentiel's tables (domain/referentiel.py: a broken installation) ---------------------

REFERENTIEL = {
    "referentiel_unreadable": lambda values: f"référentiel des communes illisible : {values['cause']!r}"[:300],
    "referentiel_format": lambda values: ("référentiel des communes illisible : format de la table "
                                          + ("des académies " if values.get("table") == "academies" else "")
                                          + "inattendu"),
}

# --- a rules edition's name (domain/editions.py) --------------------------------------------------

EDITIONS = {
    "edition_invalid": lambda values: (f"édition de règles « {str(values['edition'])[:60]} » invalide : "
                                       f"un nom comme {DEFAULT_EDITION} est attendu."),
}

# --- a rules file (domain/rules.py: RulesError; `key` is the key's path in the file) -------------


def _toml_invalid(values: dict) -> str:
    where = f", ligne {values['line']}, colonne {values['column']}" if "line" in values else ""
    return f"fichier de règles illisible (TOML invalide{where})."


RULES = {
    "rules_toml_invalid": _toml_invalid,
    "rules_section_missing": "section [{section}] manquante dans le fichier de règles.",
    "rules_tables_expected": "sections [ecoles_privees] et [controles] : des tables sont attendues.",
    "rules_boolean_expected": "{key} : true ou false est attendu.",
    "rules_base_expected": lambda values: f"{values['key']} : « HT » ou « TTC » attendu (reçu {values['value']!r}).",
    "rules_vat_rates_expected": lambda values: (f"{values['key']} : une liste de taux distincts parmi "
                                                f"{', '.join(values['allowed'])} est attendue."),
    "rules_categories_missing": "section [{section}] manquante ou vide dans le fichier de règles.",
    "rules_category_invalid": "{key} : un code en minuscules et un libellé sont attendus.",
    "rules_categories_expected": "{key} : une liste de catégories d'équipement connues est attendue.",
    "rules_completude_table": "section [completude] : une table est attendue.",
    "rules_entries_expected": lambda values: (f"{values['key']} : des entrées [[{values['key']}]] "
                                              "sont attendues."),
    "rules_piece_types_expected": '{key} : une liste de types de pièce est attendue (ex. ["devis"]).',
    "rules_gravite_expected": lambda values: (f"{values['key']} : « erreur » ou « avertissement » est attendu "
                                              f"(reçu {values['value']!r})."),
    "rules_text_expected": "{key} : un texte est attendu.",
    "rules_rate_expected": '{key} : un taux en pourcentage écrit entre guillemets est attendu (ex. "70").',
    "rules_rate_unreadable": "{key} : « {value} » n'est pas un taux.",
    "rules_rate_out_of_range": "{key} : un taux entre 0 et 100 est attendu (reçu {value}).",
    "rules_integer_expected": lambda values: (f"{values['key']} : un entier positif ou nul est attendu "
                                              f"(reçu {values['value']!r})."),
}

# --- a campaign's content (domain/campaign.py: CampaignDataError) ---------------------------------

CAMPAIGN = {
    "deadline_unreadable": lambda values: (f"date limite « {str(values['text'])[:40]} » illisible : une date "
                                           "ISO 8601 avec décalage horaire est attendue (par exemple "
                                           "2021-03-31T23:59:00+02:00)."),
    "deadline_without_offset": "date limite « {text} » sans décalage horaire (ajoutez par exemple +02:00).",
    "address_invalid": lambda values: f"adresse de dépôt invalide : « {str(values['url'])[:100]} ».",
    "address_not_https": lambda values: (f"adresse de dépôt refusée : « {str(values['url'])[:100]} » "
                                         "(une adresse https:// est exigée)."),
    "address_with_credentials": ("adresse de dépôt refusée : elle ne doit pas contenir d'identifiant ni de "
                                 "mot de passe."),
}


def _cause(values: dict) -> str:
    from .errors import error_text

    return error_text(values["cause"])


# Another layer's error that carries a domain error (`cause`) and says it as is: an export whose
# rules cannot be loaded (export/bundle.py). (The campaign file's are export_errors.py's.)
QUOTING = {
    "domain_refusal": _cause,
}


# --- a dossier file that is not a socle-dossier v1 (domain/dossier_json.py, domain/storable.py:
# DossierFormatError; values: `chemin`, the field's path, "" for the whole file, and `received`,
# the JSON read). Said « chemin : reason », as the dossier's findings are, in the words verify's
# report says them too (report_words.DOSSIER_REASONS, their one home).

def _at_path(reason):
    def word(values: dict) -> str:
        chemin = values.get("chemin", "")
        return f"{chemin} : {reason(values)}" if chemin else reason(values)

    return word


DOSSIER = {code: _at_path(reason) for code, reason in DOSSIER_REASONS.items()}


def dossier_reason(error) -> str:
    """A DossierFormatError's reason without its path (« 3 001 lignes : au plus 3 000 par dossier. »)."""
    return DOSSIER_REASONS[error.code](error.values)


MESSAGES: dict = {
    **CAMPAIGN,
    **QUOTING,
    **RULES,
    **EDITIONS,
    **MONEY,
    **LINE_TABLE,
    **REFERENTIEL,
    **DOSSIER,
}
