"""Where the shipped resources (rules, schema, fonts, icons, translations, demo) live.

In the repository they sit beside the package (`resources/`, `ui/`); the wheel copies them
inside it (`socle_desktop/resources`, `socle_desktop/ui`, see pyproject.toml). This module is
the only place that knows both layouts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .domain.editions import DEFAULT_EDITION, edition_problem, is_edition_name

if TYPE_CHECKING:
    from .domain.rules import Rules

# domain.rules (and its TOML parser) is imported by the functions that read rules: the window
# asks this module for its icon and fonts before its first paint, and needs no rules then.

_PACKAGE_DIR = Path(__file__).resolve().parent


def _locate(name: str) -> Path:
    inside_wheel = _PACKAGE_DIR / name
    if inside_wheel.is_dir():
        return inside_wheel
    return _PACKAGE_DIR.parent / name


def resources_dir() -> Path:
    return _locate("resources")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def rules_path(edition: str) -> Path:
    """The shipped file of `edition`, else the one an imported campaign brought (see below)."""
    shipped = resource_path("rules", f"{edition}.toml")
    if shipped.is_file():
        return shipped
    for folder in _IMPORTED_RULES_DIRS:
        candidate = folder / f"{edition}.toml"
        if candidate.is_file():
            return candidate
    return shipped


# Folders holding the editions brought by imported campaign files (`<data>/regles/`): the
# command line and the window add their data folder's at start; a shipped edition always wins.
_IMPORTED_RULES_DIRS: list[Path] = []
IMPORTED_RULES_FOLDER = "regles"


def use_imported_rules(data_dir: Path | str) -> None:
    folder = Path(data_dir) / IMPORTED_RULES_FOLDER
    if folder not in _IMPORTED_RULES_DIRS:
        _IMPORTED_RULES_DIRS.insert(0, folder)


@cache
def dossier_schema() -> dict:
    """The normative JSON Schema of the `socle-dossier` format (shipped in every bundle)."""
    import json

    return json.loads(resource_path("schema", SCHEMA_FILENAME).read_text(encoding="utf-8"))


SCHEMA_FILENAME = "socle-dossier-v1.schema.json"


def load_rules(edition: str = DEFAULT_EDITION) -> Rules:
    """The rules of `edition` as shipped or brought by an imported campaign (read once, then
    cached). A file the user names (`compute --rules FILE`) is a user input: the command reads
    it bounded (app/inputs.py) and parses it (domain/rules.parse_rules).

    The one loader of rules: raises RulesError (a code) when the edition name is not
    a plain name, when this version does not ship it, or when the file is missing or malformed.
    """
    from .domain.rules import RulesError

    problem = edition_problem(edition)
    if problem:
        # The name comes from a dossier (an import, a bundle): never a path to a file elsewhere.
        raise RulesError(problem, edition=edition)
    return _shipped_rules(edition)


def has_rules(edition: object) -> bool:
    """Does this version ship the rules of `edition`? (False for any name that is not plain.)"""
    return is_edition_name(edition) and rules_path(edition).is_file()


@cache
def _shipped_rules(edition: str) -> Rules:
    # Rules are a frozen dataclass: one instance may be shared. Errors are not cached.
    return _read_rules(rules_path(edition), edition=edition)


def _read_rules(source: Path, *, edition: str) -> Rules:
    from .domain.rules import RulesError, parse_rules

    try:
        if not source.is_file():
            raise FileNotFoundError(source)
        with source.open("rb") as handle:
            data = handle.read(MAX_RULES_BYTES + 1)  # bounded: /dev/zero given as --rules
        if len(data) > MAX_RULES_BYTES:
            raise RulesError("rules_file_too_big", path=source)
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise RulesError("rules_edition_unknown", edition=edition) from None
    except UnicodeDecodeError:
        raise RulesError("rules_file_not_utf8", path=source) from None
    except OSError:
        raise RulesError("rules_file_unreadable", path=source) from None
    return parse_rules(text)


MAX_RULES_BYTES = 1024 * 1024
