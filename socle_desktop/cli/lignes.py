"""`lignes import` and `lignes export`: budget lines from and to a spreadsheet (CSV, XLSX, ODS).

An import reads the whole table first and writes nothing while a row is refused: it lists
each refused row with its number and reason, and writes only when every row is valid, or
when the user accepts to leave the refused rows out (`--sans-les-refusees`). The lines are
added in one transaction. A workbook's first sheet is read, or the one --feuille names; the
others are named, so that a workbook with a sheet per volet (as `lignes export` writes it) is
not taken for its first volet unawares. The columns are those the window remembered for this file layout
(app/line_import.py), else the usual French headers. Schools the file names but the dossier
lacks are listed and refuse their rows, unless `--associer ÉCOLE=UAI` sends them to a school of
the dossier, or `--creer-ecoles` creates them (with the UAI and name the file gives; their
classes and pupils are then to be filled in).
"""

from __future__ import annotations

from pathlib import Path

from .. import catalogue, referentiel
from ..app import line_import as job
from ..domain.completeness import plural
from ..domain.compute import compute
from ..domain.line_table import LineTable, LineTableError, normalise
from ..domain.model import VOLET_LABELS, VOLETS
from ..domain.money import format_euros
from ..export.spreadsheet import SpreadsheetError, budget_rows, write_table
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
    parser.add_argument("--volet", choices=VOLETS, metavar="VOLET",
                        help=f"volet des lignes qui ne le disent pas : {', '.join(VOLETS)} (sinon équipement)")
    parser.add_argument("--ecole", metavar="UAI|ID", help="école des lignes qui n'en nomment pas")
    parser.add_argument("--feuille", metavar="NOM", help="la feuille à lire (sinon la première)")
    parser.add_argument("--sans-les-refusees", action="store_true",
                        help="ajoute les lignes valides même si d'autres sont refusées")
    parser.add_argument("--doublons", action="store_true",
                        help="ajoute aussi les lignes identiques à des lignes déjà dans le dossier")
    parser.add_argument("--creer-ecoles", action="store_true",
                        help="crée dans le dossier les écoles que le fichier nomme et que le dossier n'a pas")
    parser.add_argument("--associer", metavar="ÉCOLE=UAI|ID", action="append", default=[],
                        help="rattache les lignes d'une école que le fichier nomme (son UAI ou son nom tel "
                             "qu'écrit) à une école du dossier ; répétable")
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
        associations = [_association(dossier, text) for text in args.associer]
        rules = rules_for(dossier.regles, None)  # its categories and VAT rates (the rules file's)
        try:
            rows, sheets = job.read_file_and_sheets(Path(args.file), sheet=args.feuille)
            columns = job.find_columns(rows, job.LayoutMemory(library.data_dir))
            if columns is None:
                raise CliError(
                    f"{printable(args.file)} : aucune ligne d'en-tête reconnue dans les 20 premières lignes : il faut "
                    "au moins les colonnes « Désignation » (ou « Libellé »), « Quantité » (ou « Qté ») et « Prix "
                    "unitaire HT » (ou « PU HT »). Dans la fenêtre, « Importer des lignes… » permet d'indiquer les "
                    "colonnes ; elles sont ensuite reconnues ici aussi.")
            answers = {}
            if args.creer_ecoles or associations:
                first = job.plan(rows, dossier, columns, taux_tva=rules.taux_tva, categories=rules.categories,
                                 volet=args.volet, ecole=ecole)
                answers = _school_answers(first.table.unknown_details, associations, args.creer_ecoles)
            import_plan = job.plan(rows, dossier, columns, taux_tva=rules.taux_tva, categories=rules.categories,
                                   volet=args.volet, ecole=ecole, schools=answers)
        except FileNotFoundError:
            raise CliError(f"fichier introuvable : {printable(args.file)}") from None
        except (SpreadsheetError, LineTableError) as error:
            raise CliError(f"{printable(args.file)} : {catalogue.error_text(error)}") from None
        table = import_plan.table
        if len(sheets) > 1 and args.feuille is None:  # said first: the counts below are this sheet's only
            others = ", ".join(f"« {printable(name)} »" for name in sheets[1:])
            print(f"Feuille lue : « {printable(sheets[0])} » ; non lues : {others} "
                  "(--feuille NOM pour en importer une autre).")
        _report(table, import_plan.new_ecoles, args.creer_ecoles)
        if import_plan.problem:
            problem = catalogue.line_import_problem(import_plan)
            raise CliError(problem[0].upper() + problem[1:])
        if table.refused and not args.sans_les_refusees:
            refused = plural(len(table.refused), "une ligne refusée", "{n} lignes refusées")
            raise CliError(f"{refused} : rien n'a été ajouté. Corrigez le fichier, "
                           "ou relancez avec --sans-les-refusees pour n'ajouter que les lignes valides.")
        if not table.lines:
            raise CliError("aucune ligne à ajouter.")
        if import_plan.already_in_dossier:
            print(catalogue.line_import_duplicates(import_plan))
            if not args.doublons:  # the window asks before « Importer »; here, the user says it
                raise CliError("rien n'a été ajouté. Si ces lignes sont bien à ajouter une seconde fois, "
                               "relancez avec --doublons.")
        job.apply_to(dossier, import_plan)
        try:
            library.save(dossier)  # one transaction: all the lines and schools, or none
        except LibraryError as error:
            raise _cli_error(error) from None
    if import_plan.new_ecoles:
        created = plural(len(import_plan.new_ecoles), "une école créée : complétez ses classes et élèves",
                         "{n} écoles créées : complétez leurs classes et élèves")
        print(f"{created} (socle-desktop show, ou la page Écoles de la fenêtre).")
    print(f"{plural(len(table.lines), '{n} ligne ajoutée', '{n} lignes ajoutées')} au dossier {dossier.id[:8]}.")
    return 0


def _association(dossier, text: str) -> tuple[str, str]:
    """« École du Bourg=0439902E »: (what the file says, normalised; the dossier's school id)."""
    named, separator, reference = text.rpartition("=")
    if not separator or not named.strip():
        raise CliError(f"--associer « {printable(text)} » : « ÉCOLE=UAI » attendu, l'école telle que le fichier la "
                       "nomme (son UAI ou son nom), puis l'UAI ou l'identifiant d'une école du dossier.")
    return normalise(named), _school(dossier, reference).id


def _school_answers(unknown_schools, associations, creating: bool) -> dict:
    """Each school the file names and the dossier lacks: sent to the school --associer names for it,
    else created (--creer-ecoles), else left (its rows refused). An --associer that names no such
    school is an error: a typing mistake would otherwise leave its rows refused, or create it."""
    answers = {}
    used = set()
    for unknown in unknown_schools:
        keys = {normalise(unknown.key), normalise(unknown.nom)} - {""}
        target = next((ecole_id for named, ecole_id in associations if named in keys), None)
        if target is not None:
            answers[unknown.key] = (job.MAP, target)
            used |= keys
        elif creating:
            answers[unknown.key] = (job.CREATE, None)
    for named, _ecole_id in associations:
        if named not in used:
            names = ", ".join(printable(u.key) for u in unknown_schools[:20]) or "aucune"
            raise CliError(f"--associer : le fichier ne nomme aucune école absente du dossier qui s'écrive "
                           f"« {printable(named)} » (écoles absentes : {names}).")
    return answers


def _school(dossier, reference: str | None):
    if reference is None:
        return None
    wanted = reference.strip()
    for ecole in dossier.ecoles:
        same_uai = wanted.upper() == ecole.uai.upper()
        if same_uai or wanted == ecole.id or (len(wanted) >= 8 and ecole.id.startswith(wanted)):
            return ecole
    raise CliError(f"aucune école d'UAI ou d'identifiant « {printable(wanted)} » dans ce dossier.")


def _report(table: LineTable, new_ecoles, creating: bool) -> None:
    total = sum(ligne.quantite * ligne.prix_unitaire_ht_centimes for _row, ligne in table.lines)
    valid = plural(len(table.lines), "{n} ligne valide", "{n} lignes valides")
    refused = plural(len(table.refused), "{n} refusée", "{n} refusées")
    print(f"En-tête reconnu à la ligne {table.header_row} ; {valid}, {format_euros(total)} HT ; {refused}.")
    for refused in table.refused[:REFUSED_SHOWN]:
        print(f"  ligne {refused.row} : {printable(catalogue.error_text(refused.reason))}")
    if len(table.refused) > REFUSED_SHOWN:
        print("  … " + plural(len(table.refused) - REFUSED_SHOWN, "et une autre.", "et {n} autres."))
    if any(r.reason.code == "row_equipment_without_school" for r in table.refused):
        print("  (--ecole UAI donne une école aux lignes qui n'en nomment pas.)")
    if new_ecoles:
        print("Écoles à créer : " + ", ".join(printable(" ".join(filter(None, (e.uai, e.nom))))
                                              for e in new_ecoles[:20]))
    elif table.unknown_details and not creating:
        print("Écoles absentes du dossier (ajoutez-les, ou relancez avec --creer-ecoles ou --associer "
              "« ÉCOLE=UAI ») : "
              + ", ".join(printable(s.key) for s in table.unknown_details[:20]))


def run_export(args) -> int:
    dossier = load_dossier_by_id(args.id, args)
    rules = rules_for(dossier.regles, None)
    calcul = compute(dossier, rules, referentiel.for_checks()).to_dict()
    sheets = budget_rows(dossier, calcul, rules.categories, VOLET_LABELS)
    try:
        write_table(Path(args.out), sheets, VOLET_LABELS)
    except SpreadsheetError as error:
        raise CliError(f"{printable(args.out)} : {catalogue.error_text(error)}") from None
    print(f"Tableur écrit : {args.out}")
    return 0
