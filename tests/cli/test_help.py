"""`--help` wraps the French way: no closing » (nor : ; ? !) alone at the start of a line (issue 16)."""

from __future__ import annotations

import re

import pytest

from socle_desktop.cli import main

COMMANDS = [(), ("import",), ("export",), ("verify",), ("check",), ("outbox",), ("outbox", "send"),
            ("outbox", "config"), ("outbox", "copy"), ("demo",), ("compute",)]


@pytest.mark.parametrize("columns", [50, 64, 80, 100])
def test_help_never_starts_a_line_with_closing_punctuation(monkeypatch, capsys, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    for command in COMMANDS:
        with pytest.raises(SystemExit) as done:
            main([*command, "--help"])
        assert done.value.code == 0
        text = capsys.readouterr().out
        assert "»" in text or ":" in text
        orphans = [line for line in text.splitlines() if re.match(r"^\s*[»:;?!]", line)]
        assert not orphans, (command, columns, orphans)
        split_words = [line for line in text.splitlines() if re.search(r"\w-$", line)]
        assert not split_words, (command, columns, split_words)


def _every_command(parser, path=()):
    import argparse

    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _every_command(sub, (*path, name))


def test_every_help_fits_80_columns_without_orphans(monkeypatch, capsys):
    """All of them, not a list: `reception liste` (a 124-character --etat line) and `campagne
    creer` (its exclusive group) went past 80 columns (issue 16's sibling)."""
    from socle_desktop.cli import build_parser

    monkeypatch.setenv("COLUMNS", "80")
    commands = list(_every_command(build_parser()))
    assert len(commands) > 20
    for command in commands:
        with pytest.raises(SystemExit) as done:
            main([*command, "--help"])
        assert done.value.code == 0
        lines = capsys.readouterr().out.splitlines()
        assert not [line for line in lines if len(line) > 80], (command, [line for line in lines if len(line) > 80])
        assert not [line for line in lines if re.match(r"^\s*[»:;?!]", line)], command
