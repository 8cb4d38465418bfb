"""The text a content stream draws, read fast, is the text the plain rules read (export/pdf_text.py).

The reference below is the former reading: one alternative per operator, each escape of a
literal string decoded by the PDF's rule. The fast one (alternatives that begin with their own
character, reportlab's octal escapes decoded by Python's C escape decoder) must give the same
text for every stream, honest or not."""

from __future__ import annotations

import random
import re

from socle_desktop.export import pdf_text
from socle_desktop.export.pdf_text import _Font

_STRING = rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>"
_OPERATION = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+[-+\d.]+\s+Tf"
                        rb"|(" + _STRING + rb")\s*(?:Tj|'|\")"
                        rb"|\[((?:" + _STRING + rb"|[^\[\]()<])*)\]\s*TJ", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def reference_literal(inside: bytes) -> bytes:
    def replace(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        if code in (b"\r\n", b"\n", b"\r"):
            return b""
        return _ESCAPES.get(code, code)

    return re.sub(rb"\\([0-7]{1,3}|\r\n|.)", replace, inside, flags=re.S)


def reference_draw(content: bytes, fonts: dict[bytes, _Font]) -> str:
    out: list[str] = []
    decode = _Font(None).decode

    def string(token: bytes) -> bytes:
        return reference_literal(token[1:-1]) if token[:1] == b"(" else pdf_text._hex(token)

    for match in _OPERATION.finditer(content):
        name, single, array = match.groups()
        if name is not None:
            decode = (fonts.get(name) or _Font(None)).decode
            continue
        if single is not None:
            out.append(decode(string(single)))
        else:
            out.extend(decode(string(token)) for token in re.findall(_STRING, array, re.S))
        out.append("\n")
    return "".join(out)


def _outcome(function, *args):
    try:
        return function(*args)
    except Exception as error:  # the same failure both ways (e.g. « \8 »)
        return type(error)


def test_literal_strings_decode_as_the_pdf_rule_decodes_them():
    generator = random.Random(3)
    pieces = [b"\\", b"0", b"1", b"3", b"4", b"7", b"8", b"a", b"n", b"\n", b"\r", b"(", b")", b"x", b"\xe9",
              b"\\001", b"\\377", b"\\400", b"\\12", b"\\\\", b"\\(", b"\\\r\n"]
    fast = 0
    for _ in range(50_000):
        inside = b"".join(generator.choice(pieces) for _ in range(generator.randrange(1, 12)))
        assert _outcome(pdf_text._literal_inside, inside) == _outcome(reference_literal, inside), inside
        fast += b"\\" in inside and pdf_text._OCTAL_ESCAPES_ONLY.fullmatch(inside) is not None
    assert fast > 1_000  # the C path was taken, and compared


def test_content_streams_draw_the_text_the_reference_reads():
    generator = random.Random(1)
    fonts = {b"F1+0": _Font({code: chr(0x41 + code % 26) for code in range(256)}), b"F3": _Font(None)}
    pieces = [b"(", b")", b"<", b">", b"[", b"]", b"Tj", b"TJ", b"'", b'"', b" ", b"\\", b"/F1+0", b" 10 Tf",
              b"/F3 9 Tf ", b"/Zz 1 Tf ", b"0", b"a", b"<41>", b"(x)", b"()", b"[]", b"<>", b"\n", b"\\(",
              b"BT", b"(\\001\\351\\12)Tj", b"(\x81\xff)Tj", b"[(a)-250(b)]TJ"]
    for _ in range(20_000):
        content = b"".join(generator.choice(pieces) for _ in range(generator.randrange(1, 30)))
        assert _outcome(pdf_text._draw, content, fonts) == _outcome(reference_draw, content, fonts), content


def reference_cmap(data: bytes) -> dict[int, str]:
    """The former reading of bfchar blocks: each target decoded alone."""
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        values = re.findall(rb"<([0-9A-Fa-f]*)>", block)
        for source, target in zip(values[::2], values[1::2], strict=False):
            if source:
                mapping[int(source, 16)] = pdf_text._utf16(target)
    return mapping


def test_tounicode_maps_decode_as_each_entry_alone_decodes():
    generator = random.Random(5)
    targets = [b"0041", b"00E9", b"20AC", b"D83D", b"DE00", b"FFFD", b"004", b"00410042", b"", b"0000", b"DC00"]
    for _ in range(20_000):
        entries = b"".join(b"<%02X> <%s>\n" % (generator.randrange(256), generator.choice(targets))
                           for _ in range(generator.randrange(1, 8)))
        data = b"beginbfchar\n" + entries + b"endbfchar\n"
        assert _outcome(pdf_text._cmap, data) == _outcome(reference_cmap, data), data
