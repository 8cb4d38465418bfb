"""`lignes import` and `lignes export`: budget lines from and to a spreadsheet (CSV, XLSX, ODS).

An import reads the whole table first and writes nothing while a row is refused: it lists
each refused row with its number and reason, and writes only when every row is valid, or
when the user accepts to leave the refused rows out (`--sans-les-refusees`). The lines are
added in one transaction.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.compute import compute
from ..domain.line_table import LineTable, LineTableError, read_lines
from ..domain.model import VOLET_LABELS, VOLETS
from ..domain.money import format_euros
from ..export.spreadsheet import SpreadsheetError, budget_rows, read_table, write_table
from ..store import DossierNotFound, LibraryError
from .common import CliError, printable
from .compute import rules_for
from .library import _cli_error, load_dossier_by_id, open_for_writing

REFUSED_SHOWN = 50


def register(commands) -> None:
    lignes = commands.add_parser("lignes", help="lignes budgétaires depuis ou vers un tableur (CSV, XLSX, ODS)")
    actions = lignes.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(lignes))

    parser = actions.add_parser("import", help="ajoute au dossier les lignes d'un devis ou d'un tableau")
    parser.add_argument("id", metavar="ID", help="identifiant du dossier (ou ses 8 premiers caractères)")
    parser.add_argument("file", metavar="FICHIER", help="un fichier .csv, .xlsx ou .ods")
    parser.add_argument("--volet", choices=VOLETS, help="volet des lignes qui ne le disent pas (sinon équipement)")
    parser.add_argument("--ecole", metavar="UAI|ID", help="école des lignes qui n'en nomment pas")
    parser.add_argument("--feuille", metavar="NOM", help="la feuille à lire (sinon la première)")
    parser.add_argument("--sans-les-refusees", action="store_true",
                        help="ajoute les lignes valides même si d'autres sont refusées")
    parser.set_defaults(handler=run_import)

    parser = actions.add_parser("export", help="écrit les lignes et le financement dans un tableur")
    parser.add_argument("id", metavar="ID", help="identifiant du dossier (ou ses 8 premiers caractères)")
    parser.add_argument("--out", metavar="FICHIER", required=True, help="un fichier .xlsx, .ods ou .csv")
    parser.set_defaults(handler=run_export)


def run_import(args) -> int:
    with open_for_writing(args) as library:
        try:
            dossier = library.load(library.resolve_id(args.id))
        except DossierNotFound:
            raise CliError(f"aucun dossier « {printable(args.id)} » dans la bibliothèque "
                           "(voir « socle-desktop list »).") from None
        except LibraryError as error:
            raise _cli_error(error) from None
        ecole = _school(dossier, args.ecole)
        rules = rules_for(dossier.regles, None)  # its categories and VAT rates (the rules file's)
        try:
            rows = read_table(Path(args.file), sheet=args.feuille)
            table = read_lines(rows, ecoles=dossier.ecoles, taux_tva=rules.taux_tva, categories=rules.categories,
                               volet=args.volet, ecole=ecole)
        except FileNotFoundError:
            raise CliError(f"fichier introuvable : {printable(args.file)}") from None
        except (SpreadsheetError, LineTableError) as error:
            raise CliError(f"{printable(args.file)} : {error}") from None
        _report(table)
        if table.refused and not args.sans_les_refusees:
            raise CliError(f"{len(table.refused)} ligne(s) refusée(s) : rien n'a été ajouté. Corrigez le fichier, "
                           "ou relancez avec --sans-les-refusees pour n'ajouter que les lignes valides.")
        if not table.lines:
            raise CliError("aucune ligne à ajouter.")
        dossier.lignes.extend(ligne for _row, ligne in table.lines)
        try:
            library.save(dossier)  # one transaction: all the lines, or none
        except LibraryError as error:
            raise _cli_error(error) from None
    print(f"{len(table.lines)} ligne(s) ajoutée(s) au dossier {dossier.id[:8]}.")
    return 0


def _school(dossier, reference: str | None):
    if reference is None:
        return None
    wanted = reference.strip()
    for ecole in dossier.ecoles:
        same_uai = wanted.upper() == ecole.uai.upper()
        if same_uai or wanted == ecole.id or (len(wanted) >= 8 and ecole.id.startswith(wanted)):
            return ecole
    raise CliError(f"aucune école d'UAI ou d'identifiant « {printable(wanted)} » dans ce dossier.")


def _report(table: LineTable) -> None:
    total = sum(ligne.quantite * ligne.prix_unitaire_ht_centimes for _row, ligne in table.lines)
    print(f"En-tête reconnu à la ligne {table.header_row} ; {len(table.lines)} ligne(s) valide(s), "
          f"{format_euros(total)} HT ; {len(table.refused)} refusée(s).")
    for refused in table.refused[:REFUSED_SHOWN]:
        print(f"  ligne {refused.row} : {printable(refused.reason)}")
    if len(table.refused) > REFUSED_SHOWN:
        print(f"  … et {len(table.refused) - REFUSED_SHOWN} autre(s).")
    if table.unknown_schools:
        print("Écoles absentes du dossier : " + ", ".join(printable(s) for s in table.unknown_schools[:20]))


def run_export(args) -> int:
    dossier = load_dossier_by_id(args.id, args)
    rules = rules_for(dossier.regles, None)
    calcul = compute(dossier, rules).to_dict()
    sheets = budget_rows(dossier, calcul, rules.categories, VOLET_LABELS)
    try:
        write_table(Path(args.out), sheets, VOLET_LABELS)
    except SpreadsheetError as error:
        raise CliError(f"{printable(args.out)} : {error}") from None
    print(f"Tableur écrit : {args.out}")
    return 0
