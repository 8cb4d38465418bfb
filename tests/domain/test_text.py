"""visible(): what a file says is shown as it is, on one bounded line, never obeyed by a terminal."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from socle_desktop.domain.text import BIDI_CONTROLS, SPACE_SEPARATORS, has_hidden, is_hidden, visible


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

    from socle_desktop.logfile import log_path
    from socle_desktop.logforward import logs_to_file

    with logs_to_file(tmp_path):
        logging.getLogger("pyhanko.test").warning("signataire « %s »", "Faux\x1b[2K\nRésultat : OK\u202e")
    text = log_path(tmp_path).read_text()
    assert "\x1b" not in text and "\u202e" not in text
    assert "Faux\\x1b[2K\\nRésultat : OK\\u202e" in text  # one line, as it was logged


def test_space_separators_are_unicodes_own_list():
    assert set(SPACE_SEPARATORS) == {chr(code) for code in range(sys.maxunicode + 1)
                                     if unicodedata.category(chr(code)) == "Zs"}


def test_has_hidden_answers_as_the_character_by_character_rule_for_every_code_point():
    """has_hidden decides through str.isprintable (C); a text holds a hidden character exactly
    when one of its characters is hidden, for each of Unicode's code points, alone or in text."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert has_hidden(char) == is_hidden(char), hex(code)
    assert not has_hidden("12\u202f345,00\u00a0€ et\u2009plus")
    assert has_hidden("12\u202f345,00 €\u202e")


def test_a_text_without_hidden_characters_is_shown_as_the_character_by_character_rule_shows_it():
    """visible's shortcut (no hidden character: the text, cut at `limit`) gives what escaping
    each character in turn gives, at every limit around the text's length."""
    from socle_desktop.domain.text import ELLIPSIS, escape_char

    def slow(source: str, limit: int) -> str:
        out, length = [], 0
        for char in source:
            piece = escape_char(char) if is_hidden(char) else char
            if length + len(piece) > limit:
                out.append(ELLIPSIS)
                break
            out.append(piece)
            length += len(piece)
        return "".join(out)

    for source in ["", "a", "École Saint-Exupéry", "12\u202f345,00\u00a0€", "x" * 300, "a\nb", "\u202eabc"]:
        for limit in range(0, len(source) + 3):
            assert visible(source, limit) == slow(source, limit), (source, limit)
