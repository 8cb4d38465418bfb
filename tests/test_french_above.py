"""No French sentence is built below gui/ and cli/ (issue 9, DESIGN.md §3): a layer raises a code
and its values, and the front-ends word it through the catalogue (catalogue/errors.py).

The exceptions are documents, whose French is their content: the findings' messages (and the
places they point to), the PDF and its signature appearance, the communiqué and the chart, the
demo dossier, the labels of the call's own data.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import socle_desktop
from socle_desktop.catalogue.errors import MESSAGES
from socle_desktop.domain.coded_error import CodedError

PACKAGE = Path(socle_desktop.__file__).parent
FRONT_ENDS = {"gui", "cli", "catalogue", "errorlog.py", "__main__.py"}

# Files whose French strings are a document's content, not a message to the user.
DOCUMENTS = {
    "domain/completeness.py": "the completeness findings' messages",
    "domain/compute.py": "the rules' findings' messages",
    "domain/identifiers.py": "the SIRET/UAI/INSEE findings' messages",
    "domain/places.py": "where a finding points (« école n° 2 », « ligne « … » »)",
    "domain/model.py": "the call's own labels (volets, statuts, the rules' parameters), printed in the PDF",
    "export/verify.py": "the verification findings' messages (its raise sites are still checked)",
    "export/pdf.py": "the PDF dossier",
    "export/pdf_text.py": "the PDF's own text as verify looks for it (pdf.py's words) and what a finding names",
    "report_words.py": "the words of verify's report (a document) that the front-ends also say",
    "export/document_words.py": "what bag-info.txt and the PDF record (our labels' values, a signer's mismatches)",
    "export/table_labels.py": "the exported budget table's column headers, a document",
    "export/signing.py": "the signature's appearance and the PDF's metadata",
    "export/demo.py": "the demo dossier's content",
    "reception/communique.py": "the communiqué, a document",
    "reception/chart.py": "the chart, a document",
    "reception/wire_words.py": "what the reception point writes to the sender (the receipt's verdict, the HTTP "
                               "answers' details): read on another computer, by any outbox, not worded there",
}

# Files still to convert, by layer (issue 9): each empties its own set.
PENDING_DOMAIN: set[str] = set()
PENDING_STORE: set[str] = set()
PENDING_EXPORT: set[str] = set()
PENDING_OUTBOX_RECEPTION: set[str] = set()
PENDING = PENDING_DOMAIN | PENDING_STORE | PENDING_EXPORT | PENDING_OUTBOX_RECEPTION

FRENCH = re.compile(r"[éèêàçùôîûÉÈÀ«»]|\b(le|la|les|du|des|un|une|est|pas|dans|pour|aucun|aucune|fichier|"
                    r"dossier|au|aux|ne|sur|avec|impossible|introuvable|invalide)\b", re.IGNORECASE)
CODE = re.compile(r"[a-z][a-z0-9_]*\Z")


def core_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.split("/")[0] not in FRONT_ENDS:
            yield relative, ast.parse(path.read_text(encoding="utf-8"))


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def french_constants(node: ast.AST, skipped: set[int]) -> list[ast.Constant]:
    return [sub for sub in ast.walk(node)
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and id(sub) not in skipped
            and " " in sub.value and FRENCH.search(sub.value) and "CREATE TABLE" not in sub.value]


def test_no_error_is_raised_with_a_french_sentence():
    offenders = []
    for relative, tree in core_modules():
        if relative in PENDING:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and node.exc is not None:
                offenders += [f"{relative}:{node.lineno} {text.value[:60]!r}"
                              for text in french_constants(node.exc, set())[:1]]
    assert offenders == []


def test_no_french_sentence_below_the_front_ends_but_documents():
    offenders = []
    for relative, tree in core_modules():
        if relative in PENDING or relative in DOCUMENTS:
            continue
        offenders += [f"{relative}:{text.lineno} {text.value[:60]!r}"
                      for text in french_constants(tree, docstrings(tree))]
    assert offenders == []


def coded_error_names() -> set[str]:
    for module in pkgutil.walk_packages([str(PACKAGE)], "socle_desktop."):
        if module.name.split(".")[1] != "gui" and not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    names, todo = set(), [CodedError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo += cls.__subclasses__()
    return names


def test_every_code_raised_is_worded_in_the_catalogue():
    coded = coded_error_names()
    unworded = []
    for relative, tree in core_modules():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            code = node.args[0].value
            if name in coded and isinstance(code, str) and CODE.match(code) and code not in MESSAGES:
                unworded.append(f"{relative}:{node.lineno} {name}({code!r})")
    assert unworded == []


def test_pending_files_exist():
    """A converted or renamed file leaves PENDING, so the set never hides a new one."""
    known = {relative for relative, _ in core_modules()}
    assert sorted(PENDING - known) == []
