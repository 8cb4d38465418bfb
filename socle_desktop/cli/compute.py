"""`compute FILE.json|ID [--rules FILE]`: the computation result as JSON on stdout."""

from __future__ import annotations

import json
from pathlib import Path

from .. import referentiel
from ..app.inputs import DOSSIER_FILE, RULES_FILE
from ..domain.compute import compute
from ..domain.dossier_json import DossierFormatError
from ..domain.rules import RulesError, parse_rules
from ..domain.storable import loads_storable
from ..resources import load_rules
from .common import CliError, error_said, read_input_text


def register(commands) -> None:
    parser = commands.add_parser("compute", help="calcule les montants et les constats d'un dossier (JSON)")
    parser.add_argument("source", metavar="FICHIER.json|ID",
                        help="un fichier socle-dossier ou l'identifiant d'un dossier de la bibliothèque")
    parser.add_argument("--rules", metavar="FICHIER", help="un autre fichier de règles (TOML)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    dossier = load_dossier_argument(args.source, args)
    rules = rules_for(dossier.regles, args.rules)
    result = compute(dossier, rules, referentiel.for_checks())
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


def rules_for(edition: str, rules_file: str | None):
    try:
        if rules_file is not None:  # read here: bounded, with the French errors of any input file
            return parse_rules(read_input_text(rules_file, RULES_FILE))
        return load_rules(edition)  # checks the edition's name (domain/editions.py) before any file
    except RulesError as error:
        prefix = f"{rules_file} : " if rules_file else ""
        raise CliError(f"{prefix}{error_said(error)}") from None


def load_dossier_argument(source: str, args):
    """A dossier from a JSON file or, when `source` is no file, from the library by its id."""
    if not source.strip():
        raise CliError("argument vide : indiquez un fichier JSON ou l'identifiant d'un dossier.")
    if source.endswith(".json") or Path(source).exists():
        return parse_dossier_file(source)
    return load_from_library(source, args)


def parse_dossier_file(path_text: str):
    text = read_input_text(path_text, DOSSIER_FILE)
    try:
        return loads_storable(text)
    except DossierFormatError as error:
        raise CliError(f"{path_text} : {error_said(error)}") from None


def load_from_library(dossier_id: str, args):
    from .library import load_dossier_by_id

    return load_dossier_by_id(dossier_id, args)
