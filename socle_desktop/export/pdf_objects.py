"""The few PDF objects verify's text check reads (pages, fonts, content streams), read narrowly.

pyHanko reads an object one byte at a time in Python: about 9 ms of a bundle's 25, most of it
spent on what the text check never uses (each font's 128 widths, each page's link list). This
reader finds each object where pyHanko's own cross-reference table says it is (same revision,
same object), and reads it with one regular expression, for a grammar kept narrow enough that
the value it gives is the value pyHanko gives: names without « # » escapes, numbers, references,
strings without nested parentheses, arrays and dictionaries without comments, a stream whose
length is written in its dictionary and is followed by `endstream`. Anything else — an object in
an object stream, a comment, a repeated key, a byte outside that grammar, an encrypted file —
is read by pyHanko itself (`reader.get_object`), so a PDF is read exactly as before, only
sooner (tests/export/test_pdf_objects.py compares both readers, object by object, on honest and
mangled PDFs).

The values: a dictionary is a dict keyed by names (« /Type »), a name a str, an array a list, a
reference a `Ref` (`get_object()` reads its object), a stream a `Stream` (a dict with
`encoded_data` and `data`); numbers and strings, which the text check never reads, are their
bytes. An object pyHanko read is returned as pyHanko gives it (its interface is the same).
"""

from __future__ import annotations

import re

_WS = rb"\x00\t\n\x0c\r "  # PDF whitespace (pyHanko's PDF_WHITESPACE)
_DELIMITERS = rb"()<>\[\]{}/%"
# One token, after PDF whitespace. A reference is what pyHanko's INDIRECT_PATTERN sees in its
# 20-byte look-ahead (checked below); a number, the whole run of « +-.0-9 » pyHanko reads, and
# only a well-formed one; a keyword or number must end at whitespace, a delimiter or the end.
_END = rb"(?=[" + _WS + _DELIMITERS + rb"]|\Z)"
_TOKEN = re.compile(
    rb"[" + _WS + rb"]*(?:"
    rb"(?P<ref>(?P<id>\d{1,10})[ \t\n\r\x0c]+(?P<gen>\d{1,5})[ \t\n\r\x0c]+R(?=[^a-zA-Z]))"
    rb"|(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?![+,\-.0-9])"  # pyHanko reads « +-.0-9 » and « , »
    rb"|(?P<name>/[^\x00-\x20\x7f-\xff()<>\[\]{}/%#]+)(?=[" + _WS + _DELIMITERS + rb"]|\Z)"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<string>\((?:[^()\\]|\\.)*\))"
    rb"|(?P<hex><[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|(?P<keyword>true|false|null)" + _END +
    rb")",
    re.S,
)
_HEADER = re.compile(rb"[" + _WS + rb"]*(\d+)[" + _WS + rb"]+(\d+)[" + _WS + rb"]+obj")
_STREAM_KEYWORD = re.compile(rb"[" + _WS + rb"]*stream")
_STREAM = re.compile(rb"[" + _WS + rb"]*stream(?:\r\n|\n)")
_END_STREAM = re.compile(rb"[" + _WS + rb"]*endstream")
# An array of numbers only, up to its « ] » (a font's widths, a page's box): read at once. No
# reference can hide in it (no « R »), and each number ends at whitespace or at the « ] ».
_NUMBER = rb"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_NUMBERS = re.compile(rb"([\t\n\x0c\r ]*" + _NUMBER + rb"(?:[\t\n\x0c\r ]+" + _NUMBER + rb")*)[\t\n\x0c\r ]*\]")
MAX_DEPTH = 32
REF_PEEK = 20  # the bytes pyHanko looks at to tell a reference from a number


class _Unsupported(Exception):
    """Outside the narrow grammar: pyHanko reads this object."""


class Ref:
    __slots__ = ("generation", "idnum", "objects")

    def __init__(self, idnum: int, generation: int, objects: Objects):
        self.idnum, self.generation, self.objects = idnum, generation, objects

    def get_object(self):
        return self.objects.get(self.idnum, self.generation)


class Stream(dict):
    """A stream's dictionary, its bytes as written (`encoded_data`) and decoded (`data`)."""

    def __init__(self, entries: dict, encoded_data: bytes, ref: Ref):
        super().__init__(entries)
        self.encoded_data, self.ref = encoded_data, ref

    @property
    def data(self) -> bytes:
        if "/Filter" not in self and "/DecodeParms" not in self:
            return self.encoded_data
        # Decoding is pyHanko's (its filters, its limits on what a stream may inflate to).
        return self.ref.objects.pyhanko(self.idnum, self.generation).data

    @property
    def idnum(self) -> int:
        return self.ref.idnum

    @property
    def generation(self) -> int:
        return self.ref.generation


class Objects:
    """The objects of the PDF `data` as pyHanko's `reader` (built over the same bytes) locates them."""

    def __init__(self, reader, data: bytes):
        self.reader, self.data = reader, data
        self.cache: dict[tuple[int, int], object] = {}
        self.narrow_ok = not getattr(reader, "encrypted", True)

    def pyhanko(self, idnum: int, generation: int):
        from pyhanko.pdf_utils.generic import Reference

        return self.reader.get_object(Reference(idnum, generation, self.reader))

    def get(self, idnum: int, generation: int = 0):
        key = (idnum, generation)
        if key not in self.cache:
            value = None
            if self.narrow_ok:
                try:
                    value = self._read(idnum, generation)
                except _Unsupported:
                    value = None
            self.cache[key] = self.pyhanko(idnum, generation) if value is None else value
        return self.cache[key]

    def convert(self, value):
        """A value pyHanko read (e.g. the catalog's /Pages), as a narrow one when it is a reference."""
        if value is None or isinstance(value, (Ref, dict, list, str, bytes)):  # no reference: as it is
            return value
        from pyhanko.pdf_utils.generic import IndirectObject, Reference

        if isinstance(value, IndirectObject):
            value = value.reference
        if isinstance(value, Reference):
            return Ref(value.idnum, value.generation, self)
        return value

    def narrow(self, idnum: int, generation: int = 0):
        """The object read narrowly, or None when pyHanko must read it."""
        try:
            return self._read(idnum, generation) if self.narrow_ok else None
        except _Unsupported:
            return None

    def _read(self, idnum: int, generation: int):
        from pyhanko.pdf_utils.generic import Reference

        marker = self.reader.xrefs[Reference(idnum, generation, self.reader)]
        if type(marker) is not int:  # in an object stream, or absent: pyHanko decides
            raise _Unsupported
        data = self.data
        header = _HEADER.match(data, marker)
        if header is None or int(header.group(1)) != idnum or int(header.group(2)) != generation:
            raise _Unsupported
        value, end = self._value(header.end(), 0)
        if not isinstance(value, (dict, list)):  # a reference to a reference, a number…: pyHanko's
            raise _Unsupported
        if isinstance(value, dict) and _STREAM_KEYWORD.match(data, end):
            stream = _STREAM.match(data, end)
            if stream is None:
                raise _Unsupported  # « stream » not followed by an end of line: pyHanko's leniency
            else:
                length = value.get("/Length")
                if not (isinstance(length, bytes) and length.isdigit()):
                    raise _Unsupported  # an indirect or odd length: pyHanko resolves it
                start = stream.end()
                stop = start + int(length)
                if stop > len(data) or _END_STREAM.match(data, stop) is None:
                    raise _Unsupported  # pyHanko's own recovery (one byte back) applies
                return Stream(value, data[start:stop], Ref(idnum, generation, self))
        return value

    def _value(self, position: int, depth: int):
        """The value whose first token starts at `position` (after whitespace), and where it ends."""
        if depth > MAX_DEPTH:
            raise _Unsupported
        data = self.data
        match = _TOKEN.match(data, position)
        if match is None:
            raise _Unsupported
        kind = match.lastgroup
        end = match.end()
        if kind == "open":
            return self._container(match.group("open"), end, depth)
        if kind == "ref":
            if match.end() - match.start("ref") + 1 > REF_PEEK or int(match.group("id")) == 0:
                raise _Unsupported  # pyHanko's look-ahead would not see it whole; pyHanko refuses object 0
            return Ref(int(match.group("id")), int(match.group("gen")), self), end
        if kind == "name":
            return match.group("name").decode("ascii"), end
        if kind in ("num", "string", "hex", "keyword"):
            if kind == "num" and match.group("num")[:1].isdigit() and _looks_like_ref(data, match.start("num")):
                raise _Unsupported  # pyHanko would read a reference here
            return match.group(kind), end
        raise _Unsupported  # a closing bracket where a value is expected

    def _container(self, opening: bytes, position: int, depth: int):
        data = self.data
        if opening == b"[":
            numbers = _NUMBERS.match(data, position)
            if numbers is not None:
                return numbers.group(1).split(), numbers.end()
        closing = b">>" if opening == b"<<" else b"]"
        items: list = []
        while True:
            match = _TOKEN.match(data, position)
            if match is None:
                raise _Unsupported
            if match.lastgroup == "close":
                if match.group("close") != closing:
                    raise _Unsupported
                position = match.end()
                break
            value, position = self._value(position, depth + 1)
            items.append(value)
        if closing == b"]":
            return items, position
        if len(items) % 2:
            raise _Unsupported
        keys = items[::2]
        if not all(isinstance(key, str) for key in keys) or len(set(keys)) != len(keys):
            raise _Unsupported  # a key that is no name, or a repeated one
        return dict(zip(keys, items[1::2], strict=True)), position


_LOOSE_REF = re.compile(rb"\d+\s+\d+\s+R[^a-zA-Z]")


def _looks_like_ref(data: bytes, position: int) -> bool:
    """pyHanko's own test (INDIRECT_PATTERN on 20 bytes) for a token the narrow one read as a number."""
    return _LOOSE_REF.match(data[position:position + REF_PEEK]) is not None
