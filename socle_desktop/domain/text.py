"""Untrusted text made safe to show: one helper for every place that prints what a file says.

A bundle, a dossier or a file name comes from anyone. Printed raw, a newline or an ESC
sequence in a dossier's `id` can draw a fake report in a terminal and hide the real one; a
right-to-left override (U+202E) can make « fdp.exe » read « exe.pdf ». `visible` shows such
characters as escapes (`\\n`, `\\x1b`, `\\u202e`) instead of obeying them, and bounds the length,
so what a person reads is what the file holds, on one line.
"""

from __future__ import annotations

import unicodedata

DEFAULT_LIMIT = 200
ELLIPSIS = "…"

# Categories drawn as escapes: controls (C0, DEL, C1), format characters (bidi embeddings,
# overrides and isolates, zero-width characters, BOM), line and paragraph separators,
# surrogates, private use, unassigned code points.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Bidirectional controls: they reorder what follows them (Unicode TR9, « Trojan Source »).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_hidden(char: str) -> bool:
    """A character that acts on the display (or shows nothing) rather than being a letter."""
    return unicodedata.category(char) in _HIDDEN_CATEGORIES


# Unicode's space separators (category Zs): printed as spaces, yet str.isprintable refuses every
# one of them but U+0020 (tests/domain/test_text.py checks this list against unicodedata).
SPACE_SEPARATORS = "\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
                   "\u202f\u205f\u3000"
_SPACES_AS_SPACE = str.maketrans(SPACE_SEPARATORS, " " * len(SPACE_SEPARATORS))


def has_hidden(text: str) -> bool:
    # str.isprintable (C) is False exactly for the hidden categories and the space separators
    # other than U+0020: with those spaces made plain, it answers alone (French amounts carry
    # U+202F, which sent every one of them character by character through unicodedata).
    return not text.isprintable() and not text.translate(_SPACES_AS_SPACE).isprintable()


def hidden_codes(text: str, allowed: str = "") -> list[str]:
    """The distinct hidden characters of `text` (but those in `allowed`), as « U+202E », in order."""
    if not has_hidden(text):
        return []
    codes: dict[str, None] = {}
    for char in text:
        if char not in allowed and is_hidden(char):
            codes.setdefault(f"U+{ord(char):04X}")
    return list(codes)


def escape_char(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: object, limit: int = DEFAULT_LIMIT) -> str:
    """`text` on one line as it really is: hidden characters escaped, at most `limit` characters
    (then cut and ended with « … »). Letters of every script, accents and emoji are kept."""
    source = str(text)
    if not has_hidden(source):  # nothing to escape (most texts): each character is one character shown
        return source if len(source) <= limit else source[:limit] + ELLIPSIS
    out: list[str] = []
    length = 0
    for char in source:
        piece = escape_char(char) if is_hidden(char) else char
        if length + len(piece) > limit:
            out.append(ELLIPSIS)
            break
        out.append(piece)
        length += len(piece)
    return "".join(out)
