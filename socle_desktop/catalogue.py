"""The one catalogue of the front-ends: the codes the core returns, as French text.

The window and the command line both word states, events, reasons and refusals here; nothing
below gui/ and cli/ builds a French sentence for them (the findings' messages and the PDF,
which are documents, keep theirs).
"""

from __future__ import annotations

from .app.errors import JobRefused
from .domain import lifecycle

# --- the dossier's life cycle -------------------------------------------------------------------

STATE_LABELS = {
    lifecycle.BROUILLON: "Brouillon",
    lifecycle.COMPLET: "Complet",
    lifecycle.SIGNE: "Signé",
    lifecycle.MODIFIE_APRES_SIGNATURE: "Modifié après signature",
    lifecycle.COPIE_SUR_SUPPORT: "Copié sur support",
    lifecycle.ENVOYE: "Envoyé",
    lifecycle.REMIS: "Remis",
}
TO_FIX = "{state} (à corriger)"


def state_label(state: str, has_errors: bool | None = None) -> str:
    """« Signé », « Brouillon (à corriger) »…; an unknown code is shown as it is."""
    label = STATE_LABELS.get(state, state)
    if has_errors and state == lifecycle.BROUILLON:
        return TO_FIX.format(state=label)
    return label


RECORD_PROBLEMS = {"no_library": "aucune bibliothèque de dossiers n'est ouverte"}


def record_problem(problem: str) -> str:
    """Why a life-cycle event was not recorded: a code, or the library's own sentence."""
    return RECORD_PROBLEMS.get(problem, problem)


# --- refusals of the jobs ----------------------------------------------------------------------

INPUT_KINDS = {"dossier": "fichier", "regles": "fichier de règles"}
INPUT_FORMATS = {"dossier": "JSON", "regles": "TOML"}

REFUSALS = {
    "input_too_big": "{path} est trop volumineux pour un {what} ({limit_mo} Mo au plus).",
    "input_is_directory": "{path} est un dossier, pas un {what}.",
    "input_not_found": "{what} introuvable : {path}",
    "input_permission": "lecture refusée (droits insuffisants) : {path}",
    "input_unreadable": "impossible de lire {path} : {reason}",
    "input_is_zip": ("{path} est une archive zip (un paquet de dépôt ?) : pour un paquet, "
                     "« socle-desktop verify » ; pour importer son dossier, décompressez-le et donnez "
                     "data/dossier.json."),
    "input_is_pdf": "{path} est un PDF, pas un {what}.",
    "input_not_utf8": "{path} n'est pas un texte UTF-8 : un {what} ({format}) est attendu.",
}


def refusal(error: JobRefused) -> str:
    """The French sentence of a job's refusal."""
    values = dict(error.values)
    kind = values.get("kind", "dossier")
    values.setdefault("what", INPUT_KINDS.get(kind, "fichier"))
    values.setdefault("format", INPUT_FORMATS.get(kind, "JSON"))
    if "limit" in values:
        values["limit_mo"] = values["limit"] // 2**20
    template = REFUSALS.get(error.code)
    if template is None:
        return error.code
    return template.format(**values)
