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
