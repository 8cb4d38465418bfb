"""visible(): what a file says is shown as it is, on one bounded line, never obeyed by a terminal."""

from __future__ import annotations

import pytest

from socle_desktop.domain.text import BIDI_CONTROLS, visible


@pytest.mark.parametrize(("raw", "shown"), [
    ("ligne\nautre", "ligne\\nautre"),
    ("a\rb\tc", "a\\rb\\tc"),
    ("\x1b[2K\x1b[8m", "\\x1b[2K\\x1b[8m"),
    ("fdp\u202eexe.pdf", "fdp\\u202eexe.pdf"),
    ("a\u2028b\x85c\u200bd\ufeff", "a\\u2028b\\x85c\\u200bd\\ufeff"),
    ("\ud800", "\\ud800"),
])
def test_hidden_characters_are_escaped(raw, shown):
    assert visible(raw) == shown


def test_letters_of_every_script_and_accents_are_kept():
    text = "École Saint-Exupéry — مدرسة — בית ספר — 学校 — ☀"
    assert visible(text) == text


def test_every_bidi_control_is_escaped():
    assert all(visible(char).startswith("\\u") for char in BIDI_CONTROLS)


def test_length_is_bounded_and_the_cut_is_said():
    assert visible("x" * 10_000, 50) == "x" * 50 + "…"
    assert len(visible("\x1b" * 1000, 40)) <= 41
    assert visible("court", 50) == "court"


def test_the_log_file_shows_what_a_library_logged_visibly(tmp_path):
    import logging

    from socle_desktop.logfile import log_path, logs_to_file

    with logs_to_file(tmp_path):
        logging.getLogger("pyhanko.test").warning("signataire « %s »", "Faux\x1b[2K\nRésultat : OK\u202e")
    text = log_path(tmp_path).read_text()
    assert "\x1b" not in text and "\u202e" not in text
    assert "Faux\\x1b[2K\\nRésultat : OK\\u202e" in text  # one line, as it was logged
