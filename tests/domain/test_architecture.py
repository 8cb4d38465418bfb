"""The domain stays pure: no float in money paths, no Qt, no I/O, no outer layer."""

from __future__ import annotations

import ast
from pathlib import Path

import socle_desktop.domain

DOMAIN = Path(socle_desktop.domain.__file__).parent
FORBIDDEN_IMPORTS = {"PySide6", "shiboken6", "sqlite3", "sqlite_utils", "reportlab", "pyhanko", "httpx",
                     "os", "pathlib", "shutil", "socket", "subprocess", "platformdirs", "io"}
OUTER_LAYERS = ("store", "export", "outbox", "gui", "cli", "resources", "fileio", "paths")


def domain_modules():
    return sorted(DOMAIN.glob("*.py"))


def test_domain_modules_exist():
    assert {p.name for p in domain_modules()} >= {"model.py", "compute.py", "money.py", "rules.py"}


def test_no_float_in_the_domain():
    """No float literal and no float() call anywhere in the domain: money is int, rates Decimal."""
    offenders = []
    for path in domain_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, float):
                offenders.append(f"{path.name}:{node.lineno} float literal")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float":
                offenders.append(f"{path.name}:{node.lineno} float()")
    assert offenders == []


def test_domain_imports_neither_qt_nor_io_nor_outer_layers():
    offenders = []
    for path in domain_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
                if node.level >= 2 and (node.module or "").split(".")[0] in OUTER_LAYERS:
                    offenders.append(f"{path.name}: from {'.' * node.level}{node.module}")
                if node.level:
                    continue
            else:
                continue
            for name in names:
                if name.split(".")[0] in FORBIDDEN_IMPORTS or (name.startswith("socle_desktop.") and \
                        name.split(".")[1] in OUTER_LAYERS):
                    offenders.append(f"{path.name}: import {name}")
    assert offenders == []


def test_no_open_call_in_the_domain():
    for path in domain_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "open", f"{path.name}:{node.lineno} does I/O"


# --- every layer (DESIGN.md §7, « Layers ») -------------------------------------------------------
#
#   domain  <-  fileio, paths, resources, logfile, logforward, report_words
#           <-  store, export, outbox, referentiel, referentiel_index, reception
#           <-  app  <-  catalogue, errorlog  <-  gui, cli  <-  __main__
#
# A package may import from a lower rank, never from a higher one; within one rank the packages'
# graph has no cycle (outbox uses export's verify; the command line opens the window).

PACKAGE = DOMAIN.parent
RANKS = {
    "domain": 0,
    "fileio": 1, "paths": 1, "report_words": 1, "resources": 1, "logfile": 1, "logforward": 1, "__init__": 1,
    "store": 2, "export": 2, "outbox": 2, "referentiel": 2, "referentiel_index": 2, "reception": 2,
    "app": 3,
    "catalogue": 4, "errorlog": 4,
    "gui": 5, "cli": 5,
    "__main__": 6,
}


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name / "__init__.py").is_file()


def package_imports() -> dict[str, dict[str, list[str]]]:
    """{package: {imported package: [where, ...]}}, every import of socle_desktop counted, those
    inside functions too (a lazy import is still a dependency)."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts)
        package = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        source = parts[1] if len(parts) > 1 else "__init__"  # socle_desktop/<source>[/…].py
        targets = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target == "socle_desktop":  # `from .. import catalogue`, `from .. import __version__`
                    targets += [f"socle_desktop.{alias.name}" if _is_module(alias.name) else "socle_desktop"
                                for alias in node.names]
                else:
                    targets.append(target)
        for target in targets:
            if target.startswith("socle_desktop"):
                graph.setdefault(source, {}).setdefault(_top(target), []).append(str(path.relative_to(PACKAGE)))
    return graph


def test_every_package_has_a_rank():
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert sorted((packages | modules) - set(RANKS)) == []


def test_every_import_of_the_package_is_ranked():
    """An import the rank table does not know would be left out of the two tests below."""
    unknown = sorted({f"{source} -> {target}" for source, targets in package_imports().items()
                      for target in targets if target not in RANKS})
    assert unknown == []


def test_no_import_runs_back_up():
    offenders = [f"{source} -> {target} ({where[0]})"
                 for source, targets in package_imports().items()
                 for target, where in targets.items()
                 if target != source and RANKS.get(target, -1) > RANKS[source]]
    assert offenders == []


def test_the_packages_import_graph_has_no_cycle():
    graph = {source: {t for t in targets if t != source and t in RANKS}
             for source, targets in package_imports().items()}
    visiting, done, cycles = set(), set(), []

    def visit(node, trail):
        if node in done:
            return
        if node in visiting:
            cycles.append(" -> ".join([*trail[trail.index(node):], node]))
            return
        visiting.add(node)
        for target in sorted(graph.get(node, ())):
            visit(target, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    assert cycles == []


def test_the_jobs_layer_sits_between_the_parts_and_the_front_ends():
    """Both front-ends run the jobs of app/; app/ knows neither of them, nor their words."""
    graph = package_imports()
    assert "app" in graph["gui"] and "app" in graph["cli"]
    assert {"store", "export", "outbox"} <= set(graph["app"])
    assert not {"gui", "cli", "catalogue", "errorlog"} & set(graph["app"])
    assert "PySide6" not in "".join(p.read_text(encoding="utf-8") for p in (PACKAGE / "app").glob("*.py"))


def test_only_the_front_ends_use_the_catalogue_and_the_error_log():
    users = {source for source, targets in package_imports().items() if {"catalogue", "errorlog"} & set(targets)}
    assert users <= {"gui", "cli", "catalogue", "errorlog"}


# --- one home for each contract's names ------------------------------------------------------------

# A name of a contract, written as a literal, lives in its home module only; everyone else imports
# it (a copy drifts: a label renamed in the writer would silently stop matching in a reader).
HOMES = {
    "export/bag_layout.py": ("bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt",
                             "Socle-Signataire-Empreinte-SHA256", "Socle-Signataire", "Socle-Date-Signature",
                             "Socle-Signataire-SIREN", "Socle-Signataire-Code-Verification",
                             "Socle-Signataire-Autre", "Socle-Brouillon", "Socle-Exemple", "Socle-Regles",
                             "Socle-Format"),
    "domain/lifecycle.py": ("signe", "modifie_apres_signature", "exporte_signe"),
}


def _code_literals(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module, its docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_each_contract_name_is_written_in_its_home_only():
    owner = {name: home for home, names in HOMES.items() for name in names}
    offenders = [f"{path.relative_to(PACKAGE)}:{line} {value!r} (home: {owner[value]})"
                 for path in sorted(PACKAGE.rglob("*.py"))
                 for line, value in _code_literals(path)
                 if value in owner and str(path.relative_to(PACKAGE)) != owner[value]]
    assert offenders == []


def test_no_optional_part_plumbing():
    """Every dependency is mandatory (pyproject.toml): no module is looked for before it is
    imported, and a failed import is never turned into a fallback (a missing module is a damaged
    installation, said as such by the front-ends' safety nets)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr == "find_spec") or \
                    (isinstance(node, ast.alias) and node.name == "find_spec"):
                offenders.append(f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', '?')} find_spec")
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
                names = {c.id for c in caught if isinstance(c, ast.Name)}
                if names & {"ImportError", "ModuleNotFoundError"}:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} except {sorted(names)}")
    assert offenders == []


def test_each_module_names_its_one_responsibility():
    """Each module opens with the line that says what it is for (issue 9: « each module has one
    responsibility you can name in a line »)."""
    unnamed = [str(path.relative_to(PACKAGE)) for path in sorted(PACKAGE.rglob("*.py"))
               if not (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").strip()]
    assert unnamed == []
