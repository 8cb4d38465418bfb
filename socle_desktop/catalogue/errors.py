"""One French sentence for any error the core raises with a code (domain.coded_error.CodedError).

The wording of each layer's codes lives in its own table (store_errors.py, export_errors.py…);
`error_text` finds the code, derives the values a sentence shows from the raw ones the error
carries, and formats. An error without a known code (a bug, an OSError from the system) is still
said in French, never as the system's English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..domain.fingerprints import format_fingerprint
from ..report_words import describe_os_error
from . import app_errors, domain_errors, export_errors, outbox_errors, reception_errors, store_errors

Template = str | Callable[[dict], str]

INPUT_KINDS = {"dossier": "fichier de dossier", "regles": "fichier de règles"}
INPUT_FORMATS = {"dossier": "JSON", "regles": "TOML"}


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
