"""Where the shipped resources (rules, schema, fonts, icons, translations, demo) live.

In the repository they sit beside the package (`resources/`, `ui/`); the wheel copies them
inside it (`socle_desktop/resources`, `socle_desktop/ui`, see pyproject.toml). This module is
the only place that knows both layouts.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _locate(name: str) -> Path:
    inside_wheel = _PACKAGE_DIR / name
    if inside_wheel.is_dir():
        return inside_wheel
    return _PACKAGE_DIR.parent / name


def resources_dir() -> Path:
    return _locate("resources")


def ui_dir() -> Path:
    return _locate("ui")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def rules_path(edition: str) -> Path:
    return resource_path("rules", f"{edition}.toml")


@cache
def dossier_schema() -> dict:
    """The normative JSON Schema of the `socle-dossier` format (shipped in every bundle)."""
    return json.loads(resource_path("schema", SCHEMA_FILENAME).read_text(encoding="utf-8"))


SCHEMA_FILENAME = "socle-dossier-v1.schema.json"
_EDITION_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def load_rules(edition: str = "snee-2021", path: Path | str | None = None):
    """The rules of `edition` as shipped, or of the file at `path` (`--rules FILE`).

    Raises RulesError (French message) when the file is missing or malformed.
    """
    from .domain.rules import RulesError, parse_rules

    if path is None and not _EDITION_NAME.fullmatch(str(edition)):
        # The name comes from a dossier (an import, a bundle): never a path to a file elsewhere.
        raise RulesError(f"édition de règles « {str(edition)[:80]} » invalide : un nom comme snee-2021 est attendu.")
    source = Path(path) if path is not None else rules_path(edition)
    try:
        if not source.is_file():
            raise FileNotFoundError(source)
        with source.open("rb") as handle:
            data = handle.read(MAX_RULES_BYTES + 1)  # bounded: /dev/zero given as --rules
        if len(data) > MAX_RULES_BYTES:
            raise RulesError(f"fichier de règles trop volumineux : {source}")
        text = data.decode("utf-8")
    except FileNotFoundError:
        if path is None:
            raise RulesError(f"règles « {edition} » inconnues de cette version de l'application.") from None
        raise RulesError(f"fichier de règles introuvable : {source}") from None
    except UnicodeDecodeError:
        raise RulesError(f"fichier de règles illisible : {source} n'est pas un texte UTF-8.") from None
    except OSError:
        raise RulesError(f"fichier de règles illisible : {source}.") from None
    return parse_rules(text)


MAX_RULES_BYTES = 1024 * 1024
