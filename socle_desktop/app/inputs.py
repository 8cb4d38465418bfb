"""A user-given file, read bounded: a dossier (JSON) or a rules file (TOML)."""

from __future__ import annotations

from pathlib import Path

from .errors import JobRefused

MAX_INPUT_BYTES = 50 * 1024 * 1024

# What a file is expected to be (a code the catalogue words: « fichier », « fichier de règles »).
DOSSIER_FILE, RULES_FILE = "dossier", "regles"


def read_input_text(path: Path | str, kind: str = DOSSIER_FILE) -> str:
    """The text of `path`; JobRefused (input_*) for each way it can fail.

    Bounded: /dev/zero or an endless pipe (`<(yes)`) has no size to check beforehand."""
    path = Path(path)
    values = {"path": path, "kind": kind}
    too_big = JobRefused("input_too_big", limit=MAX_INPUT_BYTES, **values)
    try:
        if path.is_dir():
            raise JobRefused("input_is_directory", **values)
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise too_big
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise too_big
    except FileNotFoundError:
        raise JobRefused("input_not_found", **values) from None
    except PermissionError:
        raise JobRefused("input_permission", **values) from None
    except OSError as error:
        raise JobRefused("input_unreadable", os_error=error, **values) from None
    if data.startswith(b"PK\x03\x04"):
        raise JobRefused("input_is_zip", **values)
    if data.startswith(b"%PDF-"):
        raise JobRefused("input_is_pdf", **values)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JobRefused("input_not_utf8", **values) from None
