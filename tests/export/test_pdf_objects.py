"""pdf_objects reads an object exactly as pyHanko does, or leaves it to pyHanko (export/pdf_objects.py).

Every object of the signed demo PDF is read both ways and compared; then the PDF is mangled
byte by byte (same length, so the cross-reference table still points at each object) with the
bytes that make PDF syntax ambiguous, and each object the narrow reader still reads must be what
pyHanko reads — an object pyHanko refuses must not be read narrowly either."""

from __future__ import annotations

import io
import random
import re
import zipfile
from decimal import Decimal

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from socle_desktop.export import pdf_objects, pdf_text
from socle_desktop.export.pdf_objects import Objects, Ref, Stream, _Unsupported


@pytest.fixture(scope="module")
def demo_pdf(demo_bundle) -> bytes:
    with zipfile.ZipFile(demo_bundle) as archive:
        return archive.read(next(name for name in archive.namelist() if name.endswith("data/dossier.pdf")))


def _reader(data: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(data), strict=False)


def _ids(reader) -> list[int]:
    return sorted({idnum for section in reader.xrefs._xref_sections
                   for (idnum, _) in section.xref_data.explicit_refs_in_revision})


def _same(narrow, theirs) -> bool:
    """The narrow value stands for pyHanko's: same structure, names, references, stream bytes; a
    number or string (kept as its bytes) is the same number or string once pyHanko reads it."""
    if isinstance(narrow, dict):
        stream = isinstance(narrow, Stream)
        return (isinstance(theirs, generic.DictionaryObject) and isinstance(theirs, generic.StreamObject) == stream
                and (not stream or narrow.encoded_data == theirs.encoded_data)
                and set(narrow) == set(theirs) and all(_same(narrow[key], theirs.raw_get(key)) for key in narrow))
    if isinstance(narrow, list):
        return (isinstance(theirs, generic.ArrayObject) and len(narrow) == len(theirs)
                and all(_same(a, b) for a, b in zip(narrow, theirs, strict=True)))
    if isinstance(narrow, Ref):
        return (isinstance(theirs, generic.IndirectObject)
                and (theirs.idnum, theirs.generation) == (narrow.idnum, narrow.generation))
    if isinstance(narrow, str):
        return isinstance(theirs, generic.NameObject) and str(theirs) == narrow
    if isinstance(narrow, bytes):
        read = generic.read_object(io.BytesIO(narrow + b" "), None)
        if isinstance(read, generic.NullObject):
            return isinstance(theirs, generic.NullObject)
        if isinstance(read, (generic.NumberObject, generic.FloatObject)):
            return type(read) is type(theirs) and Decimal(str(read)) == Decimal(str(theirs))
        return type(read) is type(theirs) and read == theirs
    return False


def _compare_all(data: bytes) -> tuple[int, int]:
    """(objects read narrowly, objects left to pyHanko); fails on any disagreement."""
    reader = _reader(data)
    objects = Objects(reader, data)
    theirs_reader = _reader(data)  # a second reader: pyHanko's cache holds nothing narrow
    narrow_count = left = 0
    for idnum in _ids(reader):
        try:
            narrow = objects._read(idnum, 0)
        except _Unsupported:
            left += 1
            continue
        except Exception as error:  # the narrow reader itself must never fail otherwise
            raise AssertionError(f"objet {idnum} : {error!r}") from error
        try:
            theirs = theirs_reader.get_object(generic.Reference(idnum, 0))
        except Exception as error:
            raise AssertionError(f"objet {idnum} lu étroitement, refusé par pyHanko ({error!r}) : {narrow!r}") \
                from error
        assert _same(narrow, theirs), (idnum, narrow, theirs)
        narrow_count += 1
    return narrow_count, left


def test_every_object_of_the_signed_pdf_reads_as_pyhanko_reads_it(demo_pdf):
    narrow, left = _compare_all(demo_pdf)
    # The signature dictionary (its /ByteRange and 8 KB /Contents) and the like are read too;
    # the few left to pyHanko are the ones outside the grammar (none is expected in our PDFs).
    assert narrow > 50 and left <= 2, (narrow, left)


TRICKY = [b"#", b"%", b"(", b")", b"\\", b"<", b">", b"[", b"]", b"/", b"\x00", b"\x0b", b"\x0c", b" ", b"\n",
          b"\r", b"R", b"0", b"9", b".", b",", b"-", b"+", b"s", b"e", b"t", b"n", b"\x80", b"\xff", b"{"]


def test_mangled_pdfs_read_as_pyhanko_reads_them_or_are_left_to_pyhanko(demo_pdf):
    generator = random.Random(2021)
    # Mangle the objects' syntax — headers, dictionaries, arrays, the bytes around « stream » and
    # « endstream » — not the streams' contents nor the cross-reference table (read by pyHanko for both).
    syntax = [position for match in re.finditer(rb"\d+ \d+ obj.*?(?:stream\r?\n|endobj)", demo_pdf, re.S)
              for position in range(match.start(), match.end())]
    syntax += [position for match in re.finditer(rb"endstream", demo_pdf)
               for position in range(match.start() - 3, match.end())]
    narrow_total = 0
    for _ in range(60):
        data = bytearray(demo_pdf)
        for _ in range(generator.randrange(1, 4)):
            position = generator.choice(syntax)
            data[position:position + 1] = generator.choice(TRICKY)
        narrow, _ = _compare_all(bytes(data))
        narrow_total += narrow
        assert _keywords(bytes(data)) == _keywords_by_pyhanko(bytes(data))
    assert narrow_total > 60 * 40  # most objects stay readable: the comparison has teeth


@pytest.mark.parametrize("text, unsupported", [
    (b"<< /A 1 /A 2 >>", True),                 # a repeated key: pyHanko keeps the first, with a warning
    (b"<< /A#20B 1 >>", True),                  # a name escape
    (b"<< /A 1 % comment\n>>", True),           # a comment
    (b"<< /A (a(b)c) >>", True),                # nested parentheses
    (b"<< /A 1,5 >>", True),                    # pyHanko reads « 1,5 » as one (bad) number
    (b"<< /A 12345678901 0 R >>", True),        # a reference longer than pyHanko's look-ahead
    (b"<< /A 1\x0b0 R >>", True),               # a reference pyHanko sees, through a vertical tab
    (b"<< /A 0 0 R >>", True),                  # pyHanko refuses a reference to object 0
    (b"<< /Length 1 >> stream \nx\nendstream", True),  # a space before the end of line: pyHanko skips it
    (b"<< /Length 5 >>\nstream\nx\nendstream", True),  # a length past endstream: pyHanko's recovery
    (b"<< /Length 1 0 R >>\nstream\nx\nendstream", True),  # an indirect length
    (b"<< /A 5 0 R /B [1 0 R 2.5 -3 .5 (x\\)y) <414243> true null] /C << /D /E >> >>", False),
])
def test_narrow_grammar(text, unsupported):
    data = b"%PDF-1.7\n1 0 obj\n" + text + b"\nendobj\n"

    class Reader:
        def __init__(self):
            self.encrypted, self.xrefs = False, {generic.Reference(1, 0): 9}

    objects = Objects(Reader(), data)
    if unsupported:
        with pytest.raises(_Unsupported):
            objects._read(1, 0)
    else:
        value = objects._read(1, 0)
        assert isinstance(value["/A"], Ref) and value["/A"].idnum == 5
        assert [type(item).__name__ for item in value["/B"]] == ["Ref", "bytes", "bytes", "bytes", "bytes",
                                                                 "bytes", "bytes", "bytes"]
        assert value["/C"] == {"/D": "/E"}


def test_arrays_of_numbers_are_read_at_once_and_a_reference_among_numbers_still_found():
    data = b"%PDF-1.7\n1 0 obj\n<< /W [ 600.0977 612 -1 .5 +4. ] /X [1 2 0 R] /Y [3 0 R 4] >>\nendobj\n"

    class Reader:
        def __init__(self):
            self.encrypted, self.xrefs = False, {generic.Reference(1, 0): 9}

    value = Objects(Reader(), data)._read(1, 0)
    assert value["/W"] == [b"600.0977", b"612", b"-1", b".5", b"+4."]
    assert value["/X"][0] == b"1" and (value["/X"][1].idnum, value["/X"][1].generation) == (2, 0)
    assert value["/Y"][0].idnum == 3 and value["/Y"][1] == b"4"
    assert all(_same(value[key], theirs) for key, theirs in
               PdfFileReader(io.BytesIO(data + b"xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
                                              b"trailer\n<< /Size 2 >>\nstartxref\n" +
                                        str(len(data)).encode() + b"\n%%EOF\n"), strict=False)
               .get_object(generic.Reference(1, 0)).items())


def _keywords(data: bytes) -> dict:
    from socle_desktop.export.verify import _pdf_keywords

    return _pdf_keywords(_reader(data))


def _keywords_by_pyhanko(data: bytes) -> dict:
    from socle_desktop.export.bag_layout import parse_pdf_keywords

    try:
        return parse_pdf_keywords(str(_reader(data).trailer_view["/Info"].get("/Keywords", "")))
    except Exception:
        return {}


def test_the_pdf_keywords_are_those_pyhanko_reads(demo_pdf):
    keywords = _keywords(demo_pdf)
    assert keywords == _keywords_by_pyhanko(demo_pdf) and keywords.get("subvention_centimes")


def test_the_page_texts_are_those_read_through_pyhanko_alone(demo_pdf, monkeypatch):
    narrow = pdf_text.page_texts(_reader(demo_pdf))
    monkeypatch.setattr(pdf_objects.Objects, "_read", lambda self, idnum, generation: None)  # all to pyHanko
    assert pdf_text.page_texts(_reader(demo_pdf)) == narrow
    assert any("Subvention sollicitée" in page for page in narrow)
