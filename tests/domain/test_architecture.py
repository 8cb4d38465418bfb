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
