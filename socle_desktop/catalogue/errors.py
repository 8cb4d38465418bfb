"""One French sentence for any error the core raises with a code (domain.coded_error.CodedError).

The wording of each layer's codes lives in its own table (store_errors.py, export_errors.py…);
`error_text` finds the code, derives the values a sentence shows from the raw ones the error
carries, and formats. An error without a known code (a bug, an OSError from the system) is still
said in French, never as the system's English.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Mapping

from ..domain.fingerprints import format_fingerprint
from . import app_errors, domain_errors, export_errors, outbox_errors, reception_errors, store_errors

Template = str | Callable[[dict], str]

INPUT_KINDS = {"dossier": "fichier de dossier", "regles": "fichier de règles"}
INPUT_FORMATS = {"dossier": "JSON", "regles": "TOML"}


# The operating system's own messages (`strerror`) are in the system's language, English on
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


def _merged(*tables: Mapping[str, Template]) -> dict[str, Template]:
    merged: dict[str, Template] = {}
    for table in tables:
        twice = merged.keys() & table.keys()
        if twice:
            raise AssertionError(f"error codes worded twice in the catalogue: {sorted(twice)}")
        merged.update(table)
    return merged


def prepared_values(values: Mapping) -> dict:
    """The error's raw values plus what a sentence shows of them: `limit` (bytes) as `limit_mo`,
    `fingerprint` as `fingerprint_shown`, `os_error` (an OSError) as `reason`, an input's `kind`
    as `what` and `format`."""
    shown = dict(values)
    kind = shown.get("kind", "dossier")
    shown.setdefault("what", INPUT_KINDS.get(kind, "fichier"))
    shown.setdefault("format", INPUT_FORMATS.get(kind, "JSON"))
    if isinstance(shown.get("limit"), int):
        shown["limit_mo"] = shown["limit"] // 2**20
    if isinstance(shown.get("fingerprint"), str):
        shown["fingerprint_shown"] = format_fingerprint(shown["fingerprint"])
    if isinstance(shown.get("os_error"), OSError):
        shown.setdefault("reason", describe_os_error(shown["os_error"]))
    return shown


def error_text(error: BaseException, messages: Mapping[str, Template] | None = None) -> str:
    """The French sentence of `error`: its code's wording over its values; an OSError's French
    reason; else str(error) (an error from outside the application, already a sentence)."""
    table = MESSAGES if messages is None else messages
    code = getattr(error, "code", None)
    template = table.get(code) if isinstance(code, str) else None
    if template is None:
        if isinstance(error, OSError):
            return describe_os_error(error)
        return str(error)
    values = prepared_values(getattr(error, "values", {}) or {})
    return template(values) if callable(template) else template.format(**values)


MESSAGES: dict[str, Template] = _merged(
    app_errors.MESSAGES, domain_errors.MESSAGES, store_errors.MESSAGES, export_errors.MESSAGES, outbox_errors.MESSAGES,
    reception_errors.MESSAGES,
)
