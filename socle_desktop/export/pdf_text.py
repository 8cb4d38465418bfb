"""What the signed PDF shows a person, compared with dossier.json (issue 17 item 3).

The PDF's Keywords are for machines; a reviewer reads the pages. A signer could draw other
amounts than dossier.json holds and keep the Keywords right. So `verify` reads the text the
pages draw and looks for what the writer (pdf.py) draws from the dossier, in the order it
draws it: the cover's figures, the collectivité and its SIRET, each school, each line, each
volet's figures, the financing plan and its per-school split.

Method, chosen for being exact and linear: the text is taken from the pages' content streams
through each font's ToUnicode map (the PDF is already parsed by pyHanko for its signature; no
second parser, no layout analysis), then both sides are projected the same way (`comparable`:
NFC, whitespace removed, so a line wrapped anywhere still matches; characters the PDF may draw
differently from the JSON — right-to-left scripts reordered for drawing, glyphs the font lacks —
left out), and each expected fragment is searched after the previous one: one pass over the
text, whatever the size of the dossier.

What it does not prove: text drawn as shapes or images, or drawn invisibly, is not seen. It
proves that the text layer of the signed PDF states the figures of dossier.json, in place.
"""

from __future__ import annotations

import base64
import codecs
import re
import unicodedata
import zlib

from ..domain.coded_error import CodedError
from ..domain.model import SECTEURS, VOLET_LABELS, VOLETS
from ..domain.money import format_euros
from ..domain.text import escape_char, has_hidden, is_hidden

# --- reading the text a PDF draws ----------------------------------------------------------------

_STRING = rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>"
# Only what draws text is matched (font selections, strings shown by Tj, ', " and TJ arrays);
# the rest of the stream (paths, colours, positions) is skipped by the regular expression engine.
# Each alternative begins with its own character (« / », « ( », « < », « [ »): the engine then
# skips every other byte of the stream at C speed instead of trying each alternative there.
# The groups hold what is inside the delimiters: a font's name, a literal string, a hex string,
# a TJ array (an empty one draws nothing, whichever it is).
_TEXT_OPERATION = re.compile(
    rb"/([^\s/\[\]()<>{}%]+)\s+[-+\d.]+\s+Tf"
    rb"|\(((?:[^()\\]|\\.)*)\)\s*(?:Tj|'|\")"
    rb"|<([0-9A-Fa-f\s]*)>\s*(?:Tj|'|\")"
    rb"|\[((?:" + _STRING + rb"|[^\[\]()<])*)\]\s*TJ",
    re.S,
)
_ARRAY_STRING = re.compile(_STRING, re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)


def _literal(token: bytes) -> bytes:
    """A literal string's bytes, from its token « (…) »."""
    return _literal_inside(token[1:-1])


# Escapes of three octal digits (at most \\377) and nothing else: how reportlab writes every
# byte outside printable ASCII. Python's escape decoder reads exactly these as the PDF does, in C.
_OCTAL_ESCAPES_ONLY = re.compile(rb"[^\\]*(?:\\[0-3][0-7][0-7][^\\]*)*")


def _literal_inside(inside: bytes) -> bytes:
    if b"\\" not in inside:  # no escape: the bytes as they are (most strings)
        return inside
    if _OCTAL_ESCAPES_ONLY.fullmatch(inside):
        return codecs.escape_decode(inside)[0]

    def replace(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        if code in (b"\r\n", b"\n", b"\r"):
            return b""
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(replace, inside)


def _hex(token: bytes) -> bytes:
    """A hex string's bytes, from its token « <…> »."""
    return _hex_inside(token[1:-1])


def _hex_inside(inside: bytes) -> bytes:
    digits = re.sub(rb"\s", b"", inside)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


class _Font:
    """Byte codes -> text, from a font's ToUnicode CMap (one-byte codes, as reportlab writes them),
    else WinAnsi (cp1252) for the standard fonts."""

    def __init__(self, mapping: dict[int, str] | None):
        self.mapping = mapping
        # Code -> text for the 256 one-byte codes, applied by str.translate (C speed).
        self.table = None if mapping is None else {code: mapping.get(code, "\ufffd") for code in range(256)}

    def decode(self, data: bytes) -> str:
        if self.table is None:
            return data.decode("cp1252", "replace")
        return data.decode("latin-1").translate(self.table)


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be", "replace")


def _utf16_each(targets: list[bytes]):
    """`_utf16` of each target: at once when every one is a single UTF-16 unit (4 digits) and
    they decode strictly to as many characters (so none is half of a pair), else one by one."""
    if targets and set(map(len, targets)) == {4}:
        try:
            text = bytes.fromhex(b"".join(targets).decode("ascii")).decode("utf-16-be")
        except ValueError:  # UnicodeDecodeError included: a lone surrogate somewhere
            text = ""
        if len(text) == len(targets):
            return text
    return [_utf16(target) for target in targets]


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        values = _HEX.findall(block)
        pairs = [(source, target) for source, target in zip(values[::2], values[1::2], strict=False) if source]
        for (source, _), text in zip(pairs, _utf16_each([target for _, target in pairs]), strict=True):
            mapping[int(source, 16)] = text
    for block in _BFRANGE.findall(data):
        for line in block.splitlines():
            values = _HEX.findall(line)
            if len(values) == 3 and values[0] and values[1] and b"[" not in line:
                first, last, start = int(values[0], 16), int(values[1], 16), _utf16(values[2])
                if not start or first > 0xFF:
                    continue
                for offset in range(min(last, 0xFF) - first + 1):  # one-byte codes: at most 256
                    mapping[first + offset] = start[:-1] + chr(ord(start[-1]) + offset)
            elif len(values) > 3 and values[0] and values[1]:  # <a> <b> [<x> <y> …]
                first = int(values[0], 16)
                for offset, target in enumerate(values[2:2 + max(0, 0x100 - first)]):
                    mapping[first + offset] = _utf16(target)
    return mapping


def page_texts(reader) -> list[str]:
    """The text each page of a pyHanko `PdfFileReader` draws, in drawing order (strings joined)."""
    return list(iter_page_texts(reader))


def iter_page_texts(reader):
    """`page_texts`, one page at a time: a page is read only when the previous one is used.
    The objects are read by pdf_objects (narrowly, where pyHanko's cross-reference table puts
    them; by pyHanko itself beyond its narrow grammar): the same objects, read sooner."""
    from io import BytesIO

    from .pdf_objects import Objects

    budget = [MAX_CONTENT_BYTES]
    fonts_by_object: dict[int, _Font] = {}
    stream = getattr(reader, "stream", None)
    objects = Objects(reader, stream.getvalue()) if isinstance(stream, BytesIO) else None
    root = reader.root
    pages = objects.convert(root.raw_get("/Pages")) if objects is not None and "/Pages" in root else root["/Pages"]
    for page in _pages(pages, objects=objects):
        fonts = {}
        resources = _object(page.get("/Resources"), objects) or {}
        for name, reference in (_object(resources.get("/Font"), objects) or {}).items():
            key = getattr(reference, "idnum", id(reference))
            if key not in fonts_by_object:
                to_unicode = _object(_object(reference, objects).get("/ToUnicode"), objects)
                fonts_by_object[key] = _Font(_cmap(to_unicode.data) if to_unicode is not None else None)
            fonts[name.lstrip("/").encode("latin-1")] = fonts_by_object[key]
        yield _draw(_contents(page, budget, objects), fonts)


def _object(value, objects=None):
    """`value` itself, or the object it refers to: read by `objects` (pdf_objects) when given."""
    if objects is not None:
        value = objects.convert(value)
    return value.get_object() if hasattr(value, "get_object") else value


MAX_PAGES = 10_000  # a page tree that names the same pages again and again could go on forever


def _pages(node, depth: int = 0, seen: list[int] | None = None, objects=None):
    seen = [0] if seen is None else seen
    if depth > 32:
        raise PdfTextError("page_tree_too_deep")
    node = _object(node, objects)
    if node.get("/Type") == "/Pages":
        for kid in _object(node.get("/Kids"), objects) or []:
            yield from _pages(kid, depth + 1, seen, objects)
    else:
        seen[0] += 1
        if seen[0] > MAX_PAGES:
            raise PdfTextError("too_many_pages", maximum=MAX_PAGES)
        yield node


MAX_CONTENT_BYTES = 64 * 1024 * 1024  # the text of all pages: a page that inflates beyond is refused


class PdfTextError(CodedError, ValueError):
    """The pages' text cannot be read: a code (verify words its finding from it)."""


def _contents(page, budget: list[int], objects=None) -> bytes:
    contents = _object(page.get("/Contents"), objects)
    if contents is None:
        return b""
    streams = contents if isinstance(contents, list) else [contents]
    return b"\n".join(_stream_data(_object(stream, objects), budget, objects) for stream in streams)


def _stream_data(stream, budget: list[int], objects=None) -> bytes:
    """A content stream's bytes. reportlab writes ASCII85 then Flate, which pyHanko decodes in
    pure Python (most of the time of this check): those two are decoded here by the C codecs,
    bounded (a stream that inflates beyond what is left of the budget is refused)."""
    filters = _object(stream.get("/Filter"), objects)
    filters = [str(name) for name in (filters if isinstance(filters, list) else [filters] if filters else [])]
    if filters in (["/ASCII85Decode", "/FlateDecode"], ["/FlateDecode"], []) and "/DecodeParms" not in stream:
        data = stream.encoded_data
        try:
            if filters[:1] == ["/ASCII85Decode"]:
                data = base64.a85decode(data.strip().removesuffix(b"~>"), adobe=False)
            if filters:
                inflater = zlib.decompressobj()
                data = inflater.decompress(data, budget[0] + 1)
        except (ValueError, zlib.error) as error:
            raise PdfTextError("page_stream_unreadable") from error
    else:
        data = stream.data
    budget[0] -= len(data)
    if budget[0] < 0:
        raise PdfTextError("page_text_too_big")
    return data


def _draw(content: bytes, fonts: dict[bytes, _Font]) -> str:
    """The text `content` draws: each operation's strings, then a line break."""
    out: list[str] = []
    decode = _Font(None).decode
    for match in _TEXT_OPERATION.finditer(content):  # one operation at a time (memory stays flat)
        name, literal, hexadecimal, array = match.groups()
        if name:
            decode = (fonts.get(name) or _Font(None)).decode
        elif literal:  # most strings are shown alone, literal
            out.append(decode(_literal_inside(literal)))
        elif hexadecimal:
            out.append(decode(_hex_inside(hexadecimal)))
        elif array:
            out.append("".join(decode(_literal(token) if token[:1] == b"(" else _hex(token))
                               for token in _ARRAY_STRING.findall(array)))
        else:  # an empty string or array: nothing drawn, the line break only
            out.append("")
    return "\n".join(out) + "\n" if out else ""


# --- comparing -------------------------------------------------------------------------------------


def _kept(char: str) -> bool:
    """Characters drawn exactly as dossier.json holds them: Latin, Greek and Cyrillic letters,
    digits, common punctuation and the euro sign. Others (right-to-left scripts reordered for
    drawing, scripts the font lacks and draws as �) are left out on both sides."""
    code = ord(char)
    if char.isspace() or unicodedata.category(char)[0] == "C":
        return False
    return code < 0x0530 or 0x1E00 <= code <= 0x1FFF or 0x2010 <= code <= 0x2027 or char == "€"


class _KeptTable(dict):
    """For str.translate: a character `_kept` leaves out maps to None (removed), one it keeps to
    itself; each character is judged once, on first sight (a dossier's text uses few; past
    4 096 remembered, as a hostile one could name every character, they are judged each time)."""

    def __missing__(self, code: int):
        value = code if _kept(chr(code)) else None
        if len(self) < 4096:
            self[code] = value
        return value


_KEPT = _KeptTable()


def comparable(text: str) -> str:
    """`text` as both sides can be compared: hidden characters as the PDF prints them (their
    escape, see pdf.display_text), whitespace and characters drawn differently left out."""
    text = unicodedata.normalize("NFC", text)
    if has_hidden(text):
        text = "".join(escape_char(char) if is_hidden(char) and char not in "\n\r\t" else char for char in text)
    return text.translate(_KEPT)


def shown_facts(dossier, result) -> list[tuple[str, str]]:
    """(what, text) the writer draws from the dossier, in the order it draws them."""
    total = result.total
    c = dossier.collectivite
    facts = [
        ("l'identifiant du dossier", f"Dossier n°{dossier.id}"),
        ("la dépense totale TTC", f"Dépense totale TTC{format_euros(total.depense_ttc)}"),
        ("la subvention sollicitée", f"Subvention sollicitée{format_euros(total.subvention)}"),
        ("le reste à charge", f"Reste à charge de la collectivité{format_euros(total.reste_a_charge)}"),
        ("la raison sociale", f"Raison sociale{c.raison_sociale}"),
        ("le SIRET", f"SIRET{c.siret}"),
    ]
    for index, ecole in enumerate(dossier.ecoles, start=1):
        facts.append((f"l'école n°{index}", f"{index}{ecole.nom}{ecole.uai}{ecole.commune}"
                                            f"{SECTEURS.get(ecole.secteur, ecole.secteur)}"
                                            f"{ecole.nb_classes}{ecole.nb_eleves}"))
    known = {ecole.id for ecole in dossier.ecoles}
    for number, volet in enumerate(VOLETS, start=1):
        lines = [ligne for ligne in dossier.lignes if ligne.volet == volet]
        groups = [[ligne for ligne in lines if ligne.ecole == ecole.id] for ecole in dossier.ecoles]
        groups.append([ligne for ligne in lines if ligne.ecole not in known])
        for group in groups:
            for ligne in group:
                amounts = result.lignes[ligne.id]
                facts.append((f"la ligne « {ligne.libelle[:40]} »",
                              f"{ligne.libelle or '(sans libellé)'}{ligne.quantite}"
                              f"{format_euros(ligne.prix_unitaire_ht_centimes)}{ligne.taux_tva.replace('.', ',')}%"
                              f"{format_euros(amounts.ht)}{'' if amounts.counted else '*'}"
                              f"{format_euros(amounts.ttc)}"))
        if lines:
            facts.append((f"le total du volet {number}", f"Volet {number}{_figures(result.volets[volet])}"))
    capped = ceiling_marked(result)
    for number, volet in enumerate(VOLETS, start=1):
        facts.append((f"le plan de financement (volet {number})",
                      f"Volet {number} — {VOLET_LABELS[volet]}{' *' if volet in capped else ''}"
                      f"{_figures(result.volets[volet])}"))
    facts.append(("le plan de financement (total)", f"Total du projet{_figures(total)}"))
    for ecole in dossier.ecoles:
        bucket = result.ecoles[ecole.id]
        figures = bucket.total
        facts.append((f"la répartition pour l'école « {(ecole.nom or ecole.uai)[:40]} »",
                      f"{ecole.nom or ecole.uai}{format_euros(figures.depense_ttc)}"
                      f"{format_euros(bucket.volets['equipement'].assiette)}{format_euros(figures.subvention)}"
                      f"{format_euros(figures.reste_a_charge)}"))
    # What the representative certifies on the last page, in their own sentence (pdf.py's
    # _signature_section): the amount a forged PDF changed there alone went unseen.
    facts.append(("la subvention que le signataire sollicite",
                  f"sollicite la subvention de {format_euros(total.subvention)} au titre de l'appel à projets"))
    return facts


def ceiling_marked(result) -> frozenset[str]:
    """The volets whose subsidy a ceiling changed: the PDF's financing plan marks them « * » and
    says which ceiling below (pdf.py), and what verify expects to read there."""
    return frozenset(volet for volet, reached in (("equipement", result.plafond_depense_atteint),
                                                  ("ressources", result.plafond_ressources_atteint)) if reached)


def _figures(figures) -> str:
    return "".join(format_euros(value) for value in (figures.depense_ht, figures.depense_ttc, figures.assiette,
                                                     figures.subvention, figures.reste_a_charge))


# Everything `_kept` leaves out, as one class: the PDF's whole text is filtered at C speed (the
# facts, a few words each, go through `comparable`, which also escapes hidden characters).
_LEFT_OUT = re.compile("[^\x21-\x7e\xa1-\xac\xae-\u0377\u037a-\u052f\u1e00-\u1fff\u2010-\u2027€]")


def first_missing(text: str, facts: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first fact not found in `text` after the previous one (one pass over the text)."""
    return first_missing_in_pages([text], facts)


def first_missing_in_pages(pages, facts: list[tuple[str, str]]) -> tuple[str, str] | None:
    """`first_missing` over the text of `pages` (an iterable of each page's text), read only as
    far as the facts go: once every fact is found, the pages left (the digital signature's
    block after the certified amount) are not read. Each fact is searched from where the previous one ended, in
    the text of the pages read so far; a fact not found waits for the next page (it may begin
    on one and end on the next), and a fact missing after the last page is the answer: the
    same search as over the whole text at once."""
    pending = [(what, fact, comparable(fact)) for what, fact in facts]
    shown, index = "", 0
    for page in pages:
        # Pages are joined by a line break, which the filter removes as the whole text's would.
        shown += _LEFT_OUT.sub("", unicodedata.normalize("NFC", page))
        while index < len(pending):
            wanted = pending[index][2]
            found = shown.find(wanted)
            if found < 0:
                break
            shown = shown[found + len(wanted):]  # what the next fact is searched in
            index += 1
        if index == len(pending):
            return None
    return None if index == len(pending) else pending[index][:2]
