"""The printable dossier (reportlab platypus), in French: what the mayor reads, signs and files.

Every amount comes from the domain's `Result` and is formatted with `format_euros`: nothing is
recomputed here. Every piece of user text goes through `_text()` (escaped), so a school named
`<b>&amp;` prints literally. The output is deterministic: reportlab's invariant mode, a creation
date taken from the signing time, no random subset prefix — the same dossier and signing time
give the same bytes, which is what makes a re-export checkable.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import rtlSupport
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tableofcontents import TableOfContents
from reportlab.platypus.tables import CellStyle

from .. import __version__
from ..domain.completeness import at, plural
from ..domain.compute import Figures, Result
from ..domain.findings import ERREUR, GRAVITE_LABELS, GRAVITES
from ..domain.model import (
    COLLECTIVITE_TYPES,
    PIECE_TYPES,
    SECTEURS,
    VOLET_LABELS,
    VOLETS,
    Dossier,
)
from ..domain.money import NARROW_NBSP, NBSP, format_euros
from ..domain.places import place_of
from ..domain.rules import (
    EUROS,
    EUROS_PER_CLASS,
    EUROS_PER_DOSSIER,
    EUROS_PER_PUPIL,
    PERCENT,
    PRIVATE_SCHOOLS,
    Rules,
)
from ..domain.sizes import format_size
from ..domain.text import escape_char, has_hidden, is_hidden
from ..resources import resource_path
from .bag_layout import format_pdf_keywords
from .pdf_text import ceiling_marked

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

SIGNATURE_FIELD_SIZE = (CONTENT_WIDTH, 32 * mm)
# Room a heading needs below it to start a table on the same page (heading, table header, a
# few rows). Headings above tables are kept with them this way, not with keepWithNext, which
# would push a table of 60 schools whole onto the next page and leave this one blank.
TABLE_START = 40 * mm

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre")

HEADER_FILL = colors.HexColor("#1f3a5f")
SUBTOTAL_FILL = colors.HexColor("#e8eef5")
TOTAL_FILL = colors.HexColor("#c9d8ea")
GRID = colors.HexColor("#9aa7b5")
DRAFT_RED = colors.HexColor("#c0392b")

@dataclass(frozen=True)
class SignerBlock:
    """What the signature page prints about the digital signature (taken from the identity)."""

    name: str
    fingerprint_sha256: str
    self_signed: bool
    issuer: str = ""
    demo: bool = False
    title: str = ""
    organization: str = ""
    siren: str = ""
    short_code: str = ""
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None
    token: bool = False  # the key is on a hardware token (PKCS#11)
    other_signer: str = ""  # the mismatch with the dossier the user confirmed, if any

    @classmethod
    def from_identity(cls, identity, other_signer: str = "") -> SignerBlock:
        facts = identity.facts
        return cls(
            name=identity.subject_name,
            fingerprint_sha256=identity.fingerprint_sha256,
            self_signed=identity.self_signed,
            issuer=identity.issuer_name,
            demo=identity.kind == "demo",
            title=facts.title,
            organization=facts.organization,
            siren=facts.siren,
            short_code=facts.short_code,
            not_before=facts.not_before,
            not_after=facts.not_after,
            token=identity.kind == "pkcs11",
            other_signer=other_signer,
        )


@dataclass
class RenderedPdf:
    data: bytes
    page_count: int
    # (page index from 0, (x1, y1, x2, y2) in points): where the visible signature goes.
    signature_page: int = -1
    signature_box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


@dataclass
class _Layout:
    """Filled while building: where the signature field landed."""

    signature_page: int = -1
    signature_box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    page_count: int = 0
    extra: dict = field(default_factory=dict)
    # The contents are laid out once, with their entries known before the layout (see _Contents):
    # the page each section starts on (by its outline key), filled as the layout goes…
    section_pages: dict[str, int] = field(default_factory=dict)
    # …and where each entry's dots and page number go, drawn once every page is known:
    # (page index from 0, _ContentsMark).
    contents_marks: list = field(default_factory=list)
    canvases: int = 0


# Whether a table's row may break across pages (see _table and render_pdf_with_layout).
_ROWS_MAY_SPLIT: contextvars.ContextVar[bool] = contextvars.ContextVar("rows_may_split", default=False)


def render_pdf(dossier: Dossier, result: Result, rules: Rules, **options) -> bytes:
    """The unsigned PDF (deterministic for a given dossier, result and signing time)."""
    return render_pdf_with_layout(dossier, result, rules, **options).data


def render_pdf_with_layout(
    dossier: Dossier,
    result: Result,
    rules: Rules,
    *,
    signing_time: dt.datetime | None = None,
    signer: SignerBlock | None = None,
    quality: str | None = None,
    json_sha256: str | None = None,
    example: bool = False,
    preview: bool = False,
) -> RenderedPdf:
    """`preview`: an unsigned copy to look at or print before signing, marked « APERÇU — non
    signé » on every page so that it is never taken for the signed document."""
    signing_time = signing_time or dt.datetime.now().astimezone()
    _register_fonts()

    def laid_out() -> RenderedPdf:
        layout = _Layout()
        context = _Context(dossier, result, rules, signing_time, signer, quality, json_sha256, example, preview)
        buffer = BytesIO()
        document = _Document(buffer, context, layout)
        # One pass: the contents' size is known before the layout, their page numbers drawn at
        # the end (see _Contents). multiBuild laid everything out twice for them (issue 15).
        document.build(_story(context, layout), canvasmaker=_canvas_class(context, layout))
        return RenderedPdf(buffer.getvalue(), layout.page_count, layout.signature_page, layout.signature_box)

    try:
        return laid_out()
    except LayoutError:
        # A row taller than a page: only a cell far beyond what import accepts (a label of
        # thousands of characters). Such a table's rows may then break across pages.
        allowed = _ROWS_MAY_SPLIT.set(True)
        try:
            return laid_out()
        finally:
            _ROWS_MAY_SPLIT.reset(allowed)


def pdf_keywords(dossier: Dossier, result: Result, json_sha256: str | None) -> str:
    """The Keywords line `verify` checks (format in bag_layout)."""
    total = result.total
    values = [
        ("id", dossier.id),
        ("regles", result.regles),
        ("depense_ttc_centimes", str(total.depense_ttc)),
        ("subvention_centimes", str(total.subvention)),
        ("reste_a_charge_centimes", str(total.reste_a_charge)),
        ("brouillon", "oui" if result.has_errors else "non"),
    ]
    if json_sha256:
        values.append(("dossier_json_sha256", json_sha256))
    return format_pdf_keywords(values)


# --- fonts, styles, text helpers -------------------------------------------------------------

_fonts_registered = False


def _register_fonts() -> None:
    global _fonts_registered
    if _fonts_registered:
        return
    pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    _fonts_registered = True


def _style(name: str, **overrides) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 9.5, "leading": 12.5, "spaceAfter": 3}
    base.update(overrides)
    return ParagraphStyle(name, **base)


STYLES = {
    "body": _style("body"),
    "small": _style("small", fontSize=8, leading=10),
    "cell": _style("cell", fontSize=7.5, leading=9, spaceAfter=0),
    "cell_bold": _style("cell_bold", fontName=FONT_BOLD, fontSize=7.5, leading=9, spaceAfter=0),
    "cell_head": _style("cell_head", fontName=FONT_BOLD, fontSize=7.5, leading=9, spaceAfter=0,
                        textColor=colors.white),
    "mono": _style("mono", fontSize=7, leading=8.5, spaceAfter=0),
    "h1": _style("h1", fontName=FONT_BOLD, fontSize=15, leading=19, spaceBefore=6, spaceAfter=8,
                 textColor=HEADER_FILL, keepWithNext=1),
    "h2": _style("h2", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4,
                 keepWithNext=1),
    "h3": _style("h3", fontName=FONT_BOLD, fontSize=9.5, leading=12, spaceBefore=4, spaceAfter=2,
                 keepWithNext=1),
    # Before a table that may span pages: kept with the table's start by a CondPageBreak instead,
    # since keepWithNext would move the whole table to the next page.
    "h3_table": _style("h3_table", fontName=FONT_BOLD, fontSize=9.5, leading=12, spaceBefore=4, spaceAfter=2),
    "h1_table": _style("h1_table", fontName=FONT_BOLD, fontSize=15, leading=19, spaceBefore=6, spaceAfter=8,
                       textColor=HEADER_FILL),
    "h2_table": _style("h2_table", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4),
    "cover_kicker": _style("cover_kicker", fontSize=10, leading=13, textColor=colors.HexColor("#555555")),
    "cover_title": _style("cover_title", fontName=FONT_BOLD, fontSize=19, leading=24, spaceAfter=10,
                          textColor=HEADER_FILL),
    "cover_name": _style("cover_name", fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=4),
    "cover_project": _style("cover_project", fontSize=12, leading=16, spaceAfter=12),
    "banner": _style("banner", fontName=FONT_BOLD, fontSize=10.5, leading=14, textColor=colors.white,
                     alignment=TA_CENTER),
    "toc_title": _style("toc_title", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=10),
    "right": _style("right", alignment=TA_RIGHT),
}

# Line breaks and tabs lay the text out; every other hidden character (controls, bidi overrides
# and isolates, zero widths) is printed as its escape (`\u202e`), as domain/text shows it.
_LAYOUT_CHARACTERS = "\n\r\t"
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
MISSING_GLYPH = "\ufffd"

# Page streams compressed with Flate only: reportlab's default adds ASCII85 on top (25 % larger),
# which readers decode in pure Python; `verify` reads every page's text (export/pdf_text.py).
rl_config.useA85 = 0


def display_text(value) -> str:
    """User text as it can be drawn: NFC, no control characters, right-to-left runs in display
    order with Arabic letters joined, and any character the font lacks shown as U+FFFD (�)
    rather than as an empty box that looks like a printing fault. dossier.json keeps the
    original text; only the drawing changes.
    """
    text = unicodedata.normalize("NFC", str(value))
    if has_hidden(text):
        text = "".join(escape_char(char) if is_hidden(char) and char not in _LAYOUT_CHARACTERS else char
                       for char in text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if _RIGHT_TO_LEFT.search(text):
        text = "\n".join(_visual_order(line) for line in text.split("\n"))
    covered = _covered_characters()
    if covered.issuperset(map(ord, text)):
        return text
    return "".join(char if ord(char) in covered or char == "\n" else MISSING_GLYPH for char in text)


def _visual_order(line: str) -> str:
    """Arabic and Hebrew runs reversed for drawing, in a left-to-right (French) line.

    reportlab draws characters in the order given: python-bidi and arabic-reshaper give the
    display order and the joined letters. A right-to-left run that wraps onto several lines
    keeps its words in display order within each line, not across lines.
    """
    import arabic_reshaper  # loaded with the first right-to-left name, not with every PDF
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(line), base_dir="L")


@cache
def _covered_characters() -> frozenset[int]:
    """Code points that both the regular and the bold font can draw."""
    _register_fonts()
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


def _text(value) -> str:
    """User text made safe for a reportlab paragraph: drawable (display_text), then escaped."""
    return _unbreakable(escape(display_text(value)).replace("\n", "<br/>"))


# reportlab's paragraphs break lines at U+202F (it counts every Unicode white space but U+00A0
# as a break opportunity): « 3 500,00 € » came out as « 3 » and « 500,00 € » on two lines in a
# narrow column. In a paragraph the thousands separator is drawn as U+00A0, which it keeps.
# Table cells and page furniture keep U+202F (DejaVu draws both; `verify` ignores spaces).
# Likewise the space French puts before « : ; ! ? » and inside « » never starts a line.
def _unbreakable(markup: str) -> str:
    return _FRENCH_SPACE.sub(NBSP, markup.replace(NARROW_NBSP, NBSP))


_FRENCH_SPACE = re.compile(r"(?<=«) | (?=[:;!?»](?:\s|<|$))")


# Where a cell's text may break: any white space but the no-break ones (U+00A0, U+2007, U+202F).
_BREAKS = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def _p(value, style: str = "body") -> Paragraph:
    return Paragraph(_text(value), STYLES[style])


CELL_PADDING = 6  # LEFTPADDING + RIGHTPADDING of every table (_table)


def _cell(value, column_width: float) -> str:
    """User text of a long table's cell, wrapped here once, as lines of plain text.

    The table draws it in the cell style's font (7.5 pt, 9 pt leading, the table's FONT and
    LEADING commands). A Paragraph there would be re-wrapped each time reportlab measures the
    table (at every page it splits, twice per build) and again when it draws: most of an
    export's time on a large dossier (issue 15, issue 17 item 15)."""
    return "\n".join(_wrapped(display_text(value), column_width - CELL_PADDING))


@cache
def _header_cell(label: str, column_width: float) -> str:
    """A column's title as plain lines in the header's bold font (the table draws them white)."""
    return "\n".join(_wrapped(label, column_width - CELL_PADDING, FONT_BOLD))


def _wrapped(text: str, width: float, font: str = FONT) -> list[str]:
    """Greedy word wrap in the cell font; a word wider than the column is cut where it must."""
    size = STYLES["cell"].fontSize
    measure = pdfmetrics.getFont(font).stringWidth
    space = measure(" ", size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = [word for word in _BREAKS.split(paragraph) if word]
        whole = " ".join(words)
        if measure(whole, size) < width - 0.001:  # fits on one line: what the loop below would give
            lines.append(whole)
            continue
        line, line_width = "", 0.0
        for word in words:
            word_width = measure(word, size)
            if line and line_width + space + word_width <= width:
                line, line_width = f"{line} {word}", line_width + space + word_width
                continue
            if line:
                lines.append(line)
            while word_width > width and len(word) > 1:  # cut an unbreakable word
                cut = max(1, min(len(word) - 1, int(len(word) * width / word_width)))
                while cut > 1 and measure(word[:cut], size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                word_width = measure(word, size)
            line, line_width = word, word_width
        lines.append(line)
    return lines


def _markup(markup: str, style: str = "body") -> Paragraph:
    """A paragraph of our own markup (its user parts already passed through `_text`)."""
    return Paragraph(_unbreakable(markup), STYLES[style])


def french_date(moment: dt.datetime | dt.date) -> str:
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{day} {MOIS[moment.month - 1]} {moment.year}"


def french_time(moment: dt.datetime) -> str:
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else "heure locale"
    return f"{moment:%H:%M:%S} ({zone})"


# --- document, pages, canvas -----------------------------------------------------------------


@dataclass
class _Context:
    dossier: Dossier
    result: Result
    rules: Rules
    signing_time: dt.datetime
    signer: SignerBlock | None
    quality: str | None
    json_sha256: str | None
    example: bool
    preview: bool = False

    @property
    def draft(self) -> bool:
        return self.result.has_errors


class _Document(BaseDocTemplate):
    """A4 document that turns every h1/h2 into an outline entry and a table-of-contents line."""

    def __init__(self, buffer, context: _Context, layout: _Layout):
        collectivite = context.dossier.collectivite
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
            title=f"Dossier socle numérique — {collectivite.raison_sociale or 'collectivité'}",
            author=collectivite.raison_sociale or "socle-desktop",
            subject=(
                f"Candidature à l'appel à projets « socle numérique dans les écoles élémentaires » — "
                f"dossier {context.dossier.id}"
            ),
            keywords=pdf_keywords(context.dossier, context.result, context.json_sha256),
            creator=f"socle-desktop {__version__}",
            lang="fr-FR",
            invariant=1,
            initialFontName=FONT,
        )
        self._layout = layout
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                      id="normal", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable):
        key = getattr(flowable, "outline_key", None)
        if key is None or key in self._layout.section_pages:
            return
        self._layout.section_pages[key] = self.page
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.outline_title, key, level=flowable.outline_level,
                                  closed=flowable.outline_level > 0)


class _LineCanvas(Canvas):
    """A canvas drawing a plain line of text (each line of a table's cell, the footers) the way
    reportlab's drawString and drawRightString do, byte for byte, with less work: no text object
    per line, and the line's operators and width reused when the same text comes again in the
    same font (a category, a rate, a column's title on every page). reportlab's own path was a
    third of the layout of 3 000 lines (issue 15); any other case still takes it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._lines: dict[tuple, tuple[str, float]] = {}

    def _plain_line(self, text, mode, char_space, direction, word_space, shaping) -> tuple[str, float] | None:
        if (mode is not None or char_space or direction is not None or word_space or shaping
                or type(text) is not str or rtlSupport or not self.bottomup):
            return None
        key = (self._fontname, self._fontsize, self._leading, text)
        found = self._lines.get(key)
        if found is None:
            font = pdfmetrics.getFont(self._fontname)
            if not font._dynamicFont:
                return None
            # TextObject._formatText's operators for a TrueType font, unshaped.
            parts, current, doc = [], -1, self._doc
            size_and_leading = f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL"
            for subset, chunk in font.splitString(text, doc):
                if subset != current:
                    parts.append(f"{font.getSubsetInternalName(subset, doc)} {size_and_leading}")
                    current = subset
                parts.append(f"({self._escape(chunk)}) Tj")
            found = self._lines[key] = (" ".join(parts), stringWidth(text, self._fontname, self._fontsize))
        return found

    def drawString(self, x, y, text, mode=None, charSpace=0, direction=None, wordSpace=None, shaping=False):
        line = self._plain_line(text, mode, charSpace, direction, wordSpace, shaping)
        if line is None:
            return super().drawString(x, y, text, mode, charSpace, direction, wordSpace, shaping)
        self._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {line[0]} T* ET")

    def drawRightString(self, x, y, text, mode=None, charSpace=0, direction=None, wordSpace=None, shaping=False):
        line = self._plain_line(text, mode, charSpace, direction, wordSpace, shaping)
        if line is None:
            return super().drawRightString(x, y, text, mode, charSpace, direction, wordSpace, shaping)
        self._code.append(f"BT 1 0 0 1 {fp_str(x - line[1], y)} Tm {line[0]} T* ET")


def _canvas_class(context: _Context, layout: _Layout):
    """A canvas that knows the page count before drawing footers ("page X / Y")."""

    class DossierCanvas(_LineCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._page_states: list[dict] = []
            _fix_creation_date(self, context.signing_time)
            layout.canvases += 1  # one per layout pass

        def showPage(self):
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._page_states)
            layout.page_count = total
            marks: dict[int, list] = {}
            for page_index, mark in layout.contents_marks:
                marks.setdefault(page_index, []).append(mark)
            for page_index, state in enumerate(self._page_states):
                self.__dict__.update(state)
                for mark in marks.get(page_index, ()):
                    _draw_contents_page(self, mark, layout.section_pages)
                _decorate_page(self, context, total)
                super().showPage()
            super().save()

    return DossierCanvas


def _fix_creation_date(canvas: Canvas, moment: dt.datetime) -> None:
    """Creation and modification dates = the signing time (reportlab would use its epoch)."""
    stamp = canvas._doc._timeStamp
    utc = moment.astimezone(dt.UTC)
    stamp.t = utc.timestamp()
    stamp.lt = utc.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0


def _decorate_page(canvas: Canvas, context: _Context, total: int) -> None:
    page = canvas.getPageNumber()
    canvas.saveState()
    if context.draft or context.example:
        _watermark(canvas, "BROUILLON" if context.draft else "EXEMPLE",
                   DRAFT_RED if context.draft else colors.HexColor("#7f8c8d"))
    canvas.setStrokeColor(GRID)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN_X, MARGIN_BOTTOM - 5 * mm, PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM - 5 * mm)
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(colors.HexColor("#444444"))
    canvas.drawString(MARGIN_X, MARGIN_BOTTOM - 9 * mm, f"Dossier {context.dossier.id}")
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM - 9 * mm, f"page {page} / {total}")
    if page > 1:
        header = context.dossier.collectivite.raison_sociale or "Dossier socle numérique"
        canvas.drawString(MARGIN_X, PAGE_HEIGHT - 12 * mm, _clip(canvas, header, CONTENT_WIDTH * 0.7))
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 12 * mm, "Socle numérique — France Relance")
    if context.preview:
        _preview_band(canvas)
    canvas.restoreState()


PREVIEW_MARK = "APERÇU — non signé"


def _preview_band(canvas: Canvas) -> None:
    """A band across the top of the page and the words in the margin: an unsigned preview."""
    canvas.saveState()
    canvas.setFillColor(colors.HexColor("#b35c00"))
    canvas.rect(0, PAGE_HEIGHT - 8 * mm, PAGE_WIDTH, 8 * mm, fill=1, stroke=0)
    canvas.setFillColor(colors.white)
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 5.6 * mm,
                             f"{PREVIEW_MARK} — ce document n'est pas celui qui sera signé et déposé")
    canvas.setFillColor(colors.HexColor("#b35c00"), alpha=0.10)
    canvas.setFont(FONT_BOLD, 70)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(52)
    canvas.drawCentredString(0, 60, "APERÇU")
    canvas.restoreState()


def _clip(canvas: Canvas, text: str, width: float) -> str:
    text = " ".join(display_text(text).split())
    while text and canvas.stringWidth(text, FONT, 7.5) > width:
        text = text[:-2] + "…"
    return text


def _watermark(canvas: Canvas, word: str, color) -> None:
    canvas.saveState()
    canvas.setFillColor(color, alpha=0.13)
    canvas.setFont(FONT_BOLD, 96 if len(word) > 7 else 110)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(52)
    canvas.drawCentredString(0, -30, word)
    canvas.restoreState()


class _Heading(Paragraph):
    """A heading that also becomes an outline entry (see _Document.afterFlowable); those of
    level 0 are the contents' entries. `outline_key` is given by _number_headings."""

    outline_key: str | None = None

    def __init__(self, title: str, style: str, level: int):
        super().__init__(_text(title), STYLES[style])
        self.outline_title = " ".join(title.split())[:120]
        self.outline_level = level

    def split(self, availWidth, availHeight):
        """A heading taller than what is left of the page (a school's 250-character name, its
        hidden characters written out) is split as a paragraph: reportlab makes the parts with
        the paragraph's own constructor, which a heading's is not. The first part keeps the
        heading's place in the contents and the outline."""
        self.__class__ = Paragraph
        try:
            parts = Paragraph.split(self, availWidth, availHeight)
        finally:
            self.__class__ = _Heading
        if parts:
            first = parts[0]
            first.__class__ = _Heading
            first.outline_title, first.outline_level = self.outline_title, self.outline_level
            first.outline_key = self.outline_key
        return parts


def _headings(flowables) -> list[_Heading]:
    """The story's headings in reading order, those kept together with other flowables included."""
    found = []
    for flowable in flowables:
        if isinstance(flowable, _Heading):
            found.append(flowable)
        elif isinstance(flowable, KeepTogether):
            found += _headings(flowable._content)
    return found


@dataclass(frozen=True)
class _ContentsMark:
    """Where the layout left an entry of the contents, for its dots and page number."""

    key: str
    matrix: tuple  # the canvas's transformation when the entry was drawn
    x: float  # the end of the entry's text (its text coordinates)
    y: float
    width: float  # the width the contents were laid out in
    style: ParagraphStyle


class _Contents(TableOfContents):
    """The table of contents, laid out once.

    Its entries (the level-0 headings) are known before the layout; only their page numbers are
    not. reportlab's TableOfContents learns them from a first full pass and lays out everything
    again (multiBuild). Here the entries are laid out with the story: each records where its
    text ends (_ContentsMark), the document records each section's page (afterFlowable), and the
    dots and page numbers are drawn when the pages are written, once all are known (the canvas
    keeps every page until then for « page X / Y »): the same entries, the same places, the same
    dots and numbers as reportlab's, one pass instead of two."""

    def __init__(self):
        super().__init__(dotsMinLevel=0, levelStyles=[
            _style("toc1", fontSize=9.5, leading=13, leftIndent=0, firstLineIndent=0)])
        self._layout = _Layout()
        self._keys: list[str] = []

    def set_entries(self, layout: _Layout, headings: list[_Heading]) -> None:
        self._layout = layout
        # reportlab draws its last pass's entries: (level, text, page, key); the page is not
        # known yet, the slot carries the entry's index for the callback's label.
        self._lastEntries = [(0, escape(display_text(heading.outline_title)), index, heading.outline_key)
                             for index, heading in enumerate(headings)]
        self._keys = [heading.outline_key for heading in headings]

    def isIndexing(self):
        return 0  # nothing to learn from a pass: no multiBuild

    def beforeBuild(self):
        pass  # keeps the entries given

    def wrap(self, available_width, available_height):
        size = super().wrap(available_width, available_height)

        def mark_entry_end(canvas, kind, label):
            index, level = (int(part) for part in label.split(",")[:2])
            info = canvas._curr_tx_info
            self._layout.contents_marks.append((canvas.getPageNumber() - 1, _ContentsMark(
                self._keys[index], tuple(canvas._currentMatrix), info["cur_x"], info["cur_y"],
                available_width, self.getLevelStyle(level))))

        self.canv.setNamedCB("drawTOCEntryEnd", mark_entry_end)  # replaces reportlab's drawing
        return size


def _draw_contents_page(canvas: Canvas, mark: _ContentsMark, section_pages: dict[str, int]) -> None:
    """An entry's dots and page number, as reportlab's tableofcontents.drawPageNumbers draws
    them (dots from the text's end, the number right-aligned, shrunk if it cannot fit, a link
    to the section), in the coordinates the entry was drawn in."""
    if mark.key not in section_pages:
        raise RuntimeError(f"section {mark.key} of the contents never laid out")
    number = str(section_pages[mark.key])
    style = mark.style
    canvas.saveState()
    canvas.transform(*mark.matrix)
    font_size = style.fontSize
    number_width = stringWidth(number, style.fontName, font_size)
    while number_width > mark.width - mark.x and font_size >= 1.0:
        font_size = 0.9 * font_size
        number_width = stringWidth(number, style.fontName, font_size)
    dot = " . "
    dot_width = stringWidth(dot, style.fontName, font_size)
    dots = int((mark.width - mark.x - number_width) / dot_width)
    text = canvas.beginText(mark.width - dots * dot_width - number_width, mark.y)
    text.setFont(style.fontName, font_size)
    text.setFillColor(style.textColor)
    text.textLine(dots * dot + number)
    canvas.drawText(text)
    number_x = mark.width - number_width
    # Named: the canvas's annotation counter was restored with this page's state.
    canvas.linkRect("", mark.key, (number_x, mark.y, number_x + number_width, mark.y + style.leading),
                    relative=1, name=f"contents-{mark.key}")
    canvas.restoreState()


class _SignatureSpace(Flowable):
    """An empty framed box; records where it lands so the visible signature field covers it."""

    def __init__(self, layout: _Layout, width: float, height: float):
        super().__init__()
        self._layout = layout
        self.width, self.height = width, height

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(GRID)
        canvas.setDash(2, 2)
        canvas.rect(0, 0, self.width, self.height)
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#777777"))
        canvas.drawCentredString(self.width / 2, self.height / 2,
                                 "Emplacement de la signature numérique (visible dans le fichier signé)")
        canvas.restoreState()
        x, y = canvas.absolutePosition(0, 0)
        self._layout.signature_page = canvas.getPageNumber() - 1
        self._layout.signature_box = (x, y, x + self.width, y + self.height)


# --- tables ----------------------------------------------------------------------------------


class _CellStyle(CellStyle):
    """Every cell's font, leading, alignment and padding, as the style of each cell from the start:
    the same as FONT, LEADING, VALIGN and four PADDING commands over the whole table, which
    reportlab applies cell by cell (a tenth of the layout of 3 000 lines, issue 15)."""

    fontname = FONT
    fontsize = 7.5
    leading = 9
    valign = "TOP"
    topPadding = 2
    bottomPadding = 2.5
    leftPadding = 3
    rightPadding = 3


class _Table(Table):
    """A table whose continuation on the next page can be announced (« École : … (suite) »):
    a school's lines may fill pages, and a repeated header alone does not say whose they are."""

    continued_title: str = ""

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        if len(parts) == 2 and self.continued_title:
            head, rest = parts
            rest.continued_title = self.continued_title  # reportlab builds the parts anew
            # The head filled this page: the title goes with the rest, at the top of the next one.
            return [head, PageBreak(), _p(self.continued_title, "h3_table"), rest]
        return parts


def _table(rows: list[list], widths: list[float], *, header_rows: int = 1, total_rows: tuple = (),
           subtotal_rows: tuple = (), right_from: int | None = None, extra: list | None = None) -> Table:
    for row in rows[:header_rows]:
        row[:] = [_header_cell(cell, width) if isinstance(cell, _HeaderLabel) else cell
                  for cell, width in zip(row, widths, strict=False)]
    # A row moves whole to the next page: cut at a page end, the rest of its cells came after
    # the repeated column titles, and `verify`, which reads a school's row as one run of text,
    # refused the honest bundle.
    table = _Table(rows, colWidths=widths, repeatRows=header_rows, splitInRow=int(_ROWS_MAY_SPLIT.get()), hAlign="LEFT",
                   cellStyles=[[_CellStyle("") for _ in row] for row in rows])
    commands = [("GRID", (0, 0), (-1, -1), 0.3, GRID)]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
            ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, 7.5),
        ]
    if right_from is not None:
        commands.append(("ALIGN", (right_from, 0), (-1, -1), "RIGHT"))
    for row in subtotal_rows:
        commands += [("BACKGROUND", (0, row), (-1, row), SUBTOTAL_FILL),
                     ("FONT", (0, row), (-1, row), FONT_BOLD, 7.5)]
    for row in total_rows:
        commands += [("BACKGROUND", (0, row), (-1, row), TOTAL_FILL),
                     ("FONT", (0, row), (-1, row), FONT_BOLD, 7.5)]
    # after the rows' FONT commands, which set the size too
    commands += _fitted_amounts(rows, widths, header_rows, {*total_rows, *subtotal_rows})
    if header_rows:  # column titles read from the left, as the paragraphs they were did
        extra = [*(extra or []), ("ALIGN", (0, 0), (-1, header_rows - 1), "LEFT")]
    table.setStyle(TableStyle(commands + (extra or [])))
    return table


# An amount is never wrapped (its thousands separators are no-break spaces: « 3 » and
# « 500,00 € » on two lines would read as two figures). One wider than its column, up to the
# widest a dossier may hold (« 120 000 000 000,00 € », the dossier_json bounds), is drawn in a
# smaller size instead of running into the next cell.
_DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")
_CELL_SIZE = _CellStyle.fontsize


def _fitted_amounts(rows: list[list], widths: list[float], header_rows: int, bold_rows: set) -> list[tuple]:
    commands = []
    for row_index in range(header_rows, len(rows)):
        font = FONT_BOLD if row_index in bold_rows else FONT
        for column, cell in enumerate(rows[row_index]):
            if type(cell) is str and "€" in cell and "\n" not in cell and column < len(widths):
                # the digits of DejaVu Sans share one width: one measure per shape of amount
                size = _amount_size(cell.translate(_DIGITS_AS_ZERO), font, widths[column])
                if size is not None:
                    commands.append(("FONTSIZE", (column, row_index), (column, row_index), size))
    return commands


@cache
def _amount_size(shape: str, font: str, column_width: float) -> float | None:
    """The font size at which `shape` fits in the column; None when the cell's own size does."""
    width = stringWidth(shape, font, _CELL_SIZE)
    room = column_width - CELL_PADDING
    if width <= room:
        return None
    return int(_CELL_SIZE * room / width * 4) / 4  # down to a quarter point


class _HeaderLabel(str):
    """A column's title: wrapped in the header's bold font once its column width is known (_table)."""


def _head(*labels: str) -> list[str]:
    return [_HeaderLabel(label) for label in labels]


def _key_values(rows: list[tuple[str, object]], key_width: float = 55 * mm) -> Table:
    data = [[_markup(escape(key), "cell_bold"), value if isinstance(value, Flowable) else _p(value, "cell")]
            for key, value in rows]
    return _table(data, [key_width, CONTENT_WIDTH - key_width], header_rows=0,
                  extra=[("BACKGROUND", (0, 0), (0, -1), SUBTOTAL_FILL)])


# --- the story -------------------------------------------------------------------------------


def _story(context: _Context, layout: _Layout) -> list[Flowable]:
    story: list[Flowable] = []
    story += _cover(context)
    story.append(PageBreak())
    story += _collectivite_section(context)
    story += _schools_section(context)
    for number, volet in enumerate(VOLETS, start=1):
        story += _volet_section(context, volet, number)
    story += _financing_section(context)
    story += _narrative_section(context)
    story += _pieces_section(context)
    story += _findings_section(context)
    story += _parameters_annex(context)
    story.append(PageBreak())
    story += _signature_section(context, layout)  # the last page: the visible signature goes there
    headings = _headings(story)
    for number, heading in enumerate(headings, start=1):
        heading.outline_key = f"section-{number}"
    contents = next(flowable for flowable in story if isinstance(flowable, _Contents))
    contents.set_entries(layout, [heading for heading in headings if heading.outline_level == 0])
    return story


def _cover(context: _Context) -> list[Flowable]:
    dossier, result, total = context.dossier, context.result, context.result.total
    errors = sum(1 for constat in result.constats if constat.gravite == ERREUR)
    story: list[Flowable] = [
        _p("Appel à projets — France Relance", "cover_kicker"),
        _p(context.rules.titre, "cover_title"),
        _p("Dossier de candidature", "h2"),
        Spacer(1, 4 * mm),
        _p(dossier.collectivite.raison_sociale or "(collectivité non renseignée)", "cover_name"),
        _p(dossier.projet.intitule or "(intitulé du projet non renseigné)", "cover_project"),
    ]
    if context.draft:
        story.append(_banner(
            f"BROUILLON — {plural(errors, 'une erreur reste', '{n} erreurs restent')} à corriger : "
            "ce document ne peut pas être déposé.",
            DRAFT_RED,
        ))
    if context.example:
        story.append(_banner(
            "EXEMPLE FICTIF — document de démonstration produit par socle-desktop, sans valeur.",
            colors.HexColor("#6c7a89"),
        ))
    story.append(Spacer(1, 4 * mm))
    ecoles = dossier.ecoles
    story.append(_key_values([
        ("Dossier n°", dossier.id),
        ("Établi le", french_date(context.signing_time)),
        ("Règles de calcul", f"{context.rules.titre} — édition {result.regles}"),
        ("Écoles", ", ".join((plural(len(ecoles), "{n} école", "{n} écoles"),
                              plural(sum(e.nb_classes for e in ecoles), "{n} classe", "{n} classes"),
                              plural(sum(e.nb_eleves for e in ecoles), "{n} élève", "{n} élèves")))),
        ("Dépense totale TTC", format_euros(total.depense_ttc)),
        ("Subvention sollicitée", format_euros(total.subvention)),
        ("Reste à charge de la collectivité", format_euros(total.reste_a_charge)),
    ]))
    # Its entries are given once the whole story is known (_story).
    story += [_p("Sommaire", "toc_title"), _Contents()]
    return story


def _banner(text: str, color) -> Table:
    table = Table([[_p(text, "banner")]], colWidths=[CONTENT_WIDTH])
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), color),
                               ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
    return table


def _collectivite_section(context: _Context) -> list[Flowable]:
    c = context.dossier.collectivite
    adresse = "\n".join(part for part in (c.adresse, f"{c.code_postal} {c.commune}".strip()) if part)
    return [
        _Heading("1. Collectivité et contact", "h1", 0),
        _key_values([
            ("Raison sociale", c.raison_sociale),
            ("Type", COLLECTIVITE_TYPES.get(c.type, c.type)),
            ("SIRET", c.siret),
            ("Code INSEE", c.code_insee or "—"),
            ("Adresse", adresse or "—"),
            ("Représentant légal", ", ".join(x for x in (c.representant.nom, c.representant.qualite) if x) or "—"),
            ("Contact", c.contact.nom or "—"),
            ("Courriel", c.contact.courriel or "—"),
            ("Téléphone", c.contact.telephone or "—"),
        ]),
    ]


def _schools_section(context: _Context) -> list[Flowable]:
    ecoles = context.dossier.ecoles
    story: list[Flowable] = [CondPageBreak(TABLE_START), _Heading("2. Écoles concernées", "h1_table", 0)]
    if not ecoles:
        return [*story, _p("Aucune école n'est inscrite au dossier.")]
    header = _head("N°", "École", "UAI", "Commune", "Secteur", "Classes", "Élèves")
    widths = [9 * mm, 60 * mm, 19 * mm, 35 * mm, 21 * mm, 15 * mm, 15 * mm]
    rows = [[str(index), _cell(ecole.nom, widths[1]), _cell(ecole.uai, widths[2]), _cell(ecole.commune, widths[3]),
             SECTEURS.get(ecole.secteur, ecole.secteur), str(ecole.nb_classes), str(ecole.nb_eleves)]
            for index, ecole in enumerate(ecoles, start=1)]
    total = ["", _markup("Total", "cell_bold"), "", "", "",
             str(sum(e.nb_classes for e in ecoles)), str(sum(e.nb_eleves for e in ecoles))]
    story += _chunked_tables(header, rows, [total], widths, total_tail=True, right_from=5,
                             extra=[("ALIGN", (0, 0), (0, -1), "RIGHT")])
    return story


ROWS_PER_TABLE = 100


def _chunked_tables(header: list, rows: list[list], tail: list[list], widths: list[float], *,
                    total_tail: bool = False, **options) -> list[Table]:
    """A long table laid out as tables of ROWS_PER_TABLE rows, each with the header row, the
    `tail` rows closing the last. reportlab re-measures every remaining row of a table at each
    page it splits: one table of thousands of rows costs the square of its length, several
    tables cost their sum (a dossier the app accepts exports in seconds)."""
    tables = []
    starts = range(0, max(len(rows), 1), ROWS_PER_TABLE)
    for start in starts:
        last = start == starts[-1]
        chunk = [header, *rows[start:start + ROWS_PER_TABLE], *(tail if last else [])]
        total_rows = tuple(range(len(chunk) - len(tail), len(chunk))) if last and total_tail else ()
        tables.append(_table(chunk, widths, total_rows=total_rows, **options))
    return tables


_LINE_WIDTHS = [30 * mm, 46 * mm, 10 * mm, 23 * mm, 12 * mm, 26 * mm, 27 * mm]


def _volet_section(context: _Context, volet: str, number: int) -> list[Flowable]:
    dossier, result = context.dossier, context.result
    story: list[Flowable] = [CondPageBreak(TABLE_START + 15 * mm),
                             _Heading(f"{number + 2}. Volet {number} — {VOLET_LABELS[volet]}", "h1_table", 0)]
    lines = [ligne for ligne in dossier.lignes if ligne.volet == volet]
    if not lines:
        story.append(_p("Aucune dépense n'est prévue pour ce volet."))
        return story
    known = {ecole.id for ecole in dossier.ecoles}
    groups: list[tuple[str, Figures, list]] = []
    for ecole in dossier.ecoles:
        own = [ligne for ligne in lines if ligne.ecole == ecole.id]
        if own:
            title = f"École : {ecole.nom or ecole.uai or 'sans nom'}"
            groups.append((title, result.ecoles[ecole.id].volets[volet], own))
    orphans = [ligne for ligne in lines if ligne.ecole not in known]
    if orphans:
        groups.append(("Dépenses communes (rattachées à aucune école)", result.hors_ecole.volets[volet], orphans))
    for title, figures, own in groups:
        story.append(CondPageBreak(35 * mm))
        story.append(_Heading(title, "h3_table", 1))
        # A long group is laid out as several tables (see _chunked_tables).
        for start in range(0, len(own), ROWS_PER_TABLE):
            last = start + ROWS_PER_TABLE >= len(own)
            table = _lines_table(context, volet, own[start:start + ROWS_PER_TABLE], figures, subtotal=last)
            table.continued_title = f"{title} — volet {number} (suite)"
            story.append(table)
        story.append(Spacer(1, 3 * mm))
    totals = result.volets[volet]
    story.append(KeepTogether([
        _p(f"Total du volet {VOLET_LABELS[volet].lower()}", "h3"),
        _figures_table([(f"Volet {number}", totals)], total_last=False),
    ]))
    return story


def _lines_table(context: _Context, volet: str, lines: list, figures: Figures, *, subtotal: bool = True) -> Table:
    rows: list[list] = [_head("Catégorie", "Libellé", "Qté", "Prix unitaire HT", "TVA", "Total HT", "Total TTC")]
    labels = context.rules.categories.get(volet, {})
    for ligne in lines:
        amounts = context.result.lignes[ligne.id]
        rows.append([
            _cell(labels.get(ligne.categorie, ligne.categorie), _LINE_WIDTHS[0]),
            _cell(ligne.libelle or "(sans libellé)", _LINE_WIDTHS[1]),
            str(ligne.quantite),
            format_euros(ligne.prix_unitaire_ht_centimes),
            f"{ligne.taux_tva.replace('.', ',')} %",
            format_euros(amounts.ht) + ("" if amounts.counted else " *"),
            format_euros(amounts.ttc),
        ])
    if not subtotal:
        return _table(rows, _LINE_WIDTHS, right_from=2)
    rows.append([_markup("Sous-total", "cell_bold"), "", "", "", "",
                 format_euros(figures.depense_ht), format_euros(figures.depense_ttc)])
    last = len(rows) - 1
    return _table(rows, _LINE_WIDTHS, subtotal_rows=(last,), right_from=2,
                  extra=[("SPAN", (0, last), (4, last))])


_FIGURE_HEADINGS = ("", "Dépense HT", "Dépense TTC", "Assiette", "Subvention", "Reste à charge")


def _figures_table(rows_in: list[tuple[str, Figures]], *, total_last: bool) -> Table:
    rows: list[list] = [_head(*_FIGURE_HEADINGS)]
    for label, figures in rows_in:
        rows.append([_p(label, "cell"), format_euros(figures.depense_ht), format_euros(figures.depense_ttc),
                     format_euros(figures.assiette), format_euros(figures.subvention),
                     format_euros(figures.reste_a_charge)])
    widths = [44 * mm] + [26 * mm] * 5
    total_rows = (len(rows) - 1,) if total_last else ()
    subtotal = () if total_last else (len(rows) - 1,)
    return _table(rows, widths, total_rows=total_rows, subtotal_rows=subtotal, right_from=1)


def _edition_sentence(rules: Rules, edition: str) -> str:
    """« selon les paramètres de l'édition … (empreinte …) »: which rules, exactly, computed the figures."""
    fingerprint = " ".join(rules.empreinte[i:i + 4] for i in range(0, 16, 4)).upper() if rules.empreinte else ""
    where = f" (empreinte {fingerprint}…)" if fingerprint else ""
    return (f"Montants calculés selon les paramètres de l'édition {edition} « {rules.titre} »{where}, "
            "reproduits en annexe.")


def _financing_section(context: _Context) -> list[Flowable]:
    result, rules = context.result, context.rules
    notes = _ceiling_notes(context)
    rows = [(f"Volet {n} — {VOLET_LABELS[v]}" + (" *" if v in notes else ""), result.volets[v])
            for n, v in enumerate(VOLETS, start=1)]
    rows.append(("Total du projet", result.total))
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        _Heading("6. Plan de financement", "h1", 0),
        _p(_edition_sentence(rules, result.regles) + f" Assiette : dépenses {rules.base}."),
        _figures_table(rows, total_last=True),
    ]
    story += [_p(f"* {note}", "small") for note in notes.values()]
    story.append(Spacer(1, 4 * mm))
    story += _per_school_financing(context)
    return story


def _ceiling_notes(context: _Context) -> dict[str, str]:
    """Per volet, the sentence saying which ceiling changed its subsidy (printed by the figure)."""
    result, rules = context.result, context.rules
    notes = {}
    if result.plafond_depense_atteint:
        notes["equipement"] = (
            f"Plafond atteint : l'assiette d'équipement ({format_euros(result.volets['equipement'].assiette)}) "
            f"dépasse le plafond de {format_euros(rules.equipement_plafond_depense_centimes)} de dépense "
            "éligible par dossier ; la subvention est calculée sur ce plafond."
        )
    if result.plafond_ressources_atteint:
        pupils = sum(max(0, e.nb_eleves) for e in context.dossier.ecoles)
        notes["ressources"] = (
            f"Plafond atteint : la subvention des ressources est limitée à "
            f"{format_euros(rules.ressources_plafond_par_eleve_centimes)} par élève "
            f"({plural(pupils, '{n} élève', '{n} élèves')})."
        )
    return notes


def _school_observation(context: _Context, ecole) -> str:
    """What a rule changed in this school's figures, said next to them (issue 11)."""
    bucket = context.result.ecoles[ecole.id]
    rules = context.rules
    if bucket.equipement_ajustement == "minimum":
        return (f"Sous le minimum de {format_euros(rules.equipement_minimum_par_ecole_centimes)} "
                "d'équipement par école : équipement non retenu.")
    if bucket.equipement_ajustement == "privee":
        return "École privée dans une commune ayant une école publique : équipement non retenu."
    said = []
    if bucket.equipement_ajustement == "plafond_classe":
        said.append(f"Assiette plafonnée à {format_euros(rules.equipement_plafond_par_classe_centimes)} "
                    "par classe.")
    # A ceiling of the whole dossier shrinks each school's share of that volet's subsidy.
    marked = ceiling_marked(context.result)  # the volets the plan marks « * », as verify reads them
    capped = [VOLET_LABELS[volet].lower() for volet in VOLETS if volet in marked and bucket.volets[volet].assiette]
    if capped:
        said.append(f"Subvention ({' et '.join(capped)}) réduite : plafond du dossier atteint (*).")
    return " ".join(said)


def _parameter_value(parameter) -> str:
    """The printed value of a rules parameter (the document's own wording)."""
    unit, value = parameter.unit, parameter.value
    if unit == PERCENT:
        return f"{value} %"
    if unit == EUROS:
        return format_euros(value)
    if unit in (EUROS_PER_CLASS, EUROS_PER_PUPIL, EUROS_PER_DOSSIER):
        per = {EUROS_PER_CLASS: "classe", EUROS_PER_PUPIL: "élève", EUROS_PER_DOSSIER: "dossier"}[unit]
        return f"{format_euros(value)} par {per}" if value else "aucun"
    if unit == PRIVATE_SCHOOLS:
        return "éligibles seulement dans une commune sans école publique" if value else "éligibles"
    return str(value)


def _per_school_financing(context: _Context) -> list[Flowable]:
    dossier, result = context.dossier, context.result
    if not dossier.ecoles:
        return []
    header = _head("École", "Dépense TTC", "Assiette équipement", "Subvention", "Reste à charge",
                   "Observation")
    widths = [46 * mm, 23 * mm, 25 * mm, 23 * mm, 23 * mm, 34 * mm]
    rows: list[list] = []
    for ecole in dossier.ecoles:
        bucket = result.ecoles[ecole.id]
        total = bucket.total
        rows.append([_cell(ecole.nom or ecole.uai, widths[0]), format_euros(total.depense_ttc),
                     format_euros(bucket.volets["equipement"].assiette), format_euros(total.subvention),
                     format_euros(total.reste_a_charge), _p(_school_observation(context, ecole) or "—", "cell")])
    hors = result.hors_ecole.total
    tail = []
    if hors.depense_ttc or hors.subvention:
        tail.append([_p("Dépenses communes", "cell"), format_euros(hors.depense_ttc), "—",
                     format_euros(hors.subvention), format_euros(hors.reste_a_charge), "—"])
    return [
        CondPageBreak(TABLE_START),
        _p("Répartition par école", "h2_table"),
        *_chunked_tables(header, rows, tail, widths, right_from=1, extra=[("ALIGN", (5, 1), (5, -1), "LEFT")]),
        _p("La subvention de chaque volet est répartie entre les écoles au prorata de leur assiette.", "small"),
    ]


def _parameters_annex(context: _Context) -> list[Flowable]:
    """The parameters the figures were computed with: values only (their sources and status are
    the rules file's and the window's business, not the signed document's)."""
    rules = context.rules
    rows: list[list] = [_head("Paramètre", "Valeur")]
    for parameter in rules.parameters():
        rows.append([_p(parameter.label, "cell"), _p(_parameter_value(parameter), "cell")])
    story: list[Flowable] = [
        CondPageBreak(TABLE_START + 30 * mm),
        _Heading("Annexe — Paramètres de calcul", "h1_table", 0),
        _p(_edition_sentence(rules, context.result.regles).replace(", reproduits en annexe.", ".")),
        _table(rows, [90 * mm, 84 * mm]),
    ]
    if rules.empreinte:
        story += [Spacer(1, 2 * mm),
                  _markup(f"Empreinte SHA-256 du fichier de règles : <br/>{rules.empreinte[:32]}<br/>"
                          f"{rules.empreinte[32:]}", "mono")]
    return story


def _narrative_section(context: _Context) -> list[Flowable]:
    projet = context.dossier.projet
    story: list[Flowable] = [
        CondPageBreak(40 * mm),
        _Heading("7. Présentation du projet", "h1", 0),
        _p("Intitulé", "h3"),
        *_paragraphs(projet.intitule, "non renseigné"),
        _p("Description", "h3"),
    ]
    story += _paragraphs(projet.description, "non renseignée")
    for key, value in projet.autres.items():
        story.append(_p(_humanise(key), "h3"))
        story += _paragraphs(value if isinstance(value, str) else _readable(value),
                             _EMPTY_AGREEMENT.get(key, "non renseigné"))
    return story


# An empty narrative field prints « (non renseignée) », agreeing with its heading, in grey: a
# draft shows what is left to write, never a bare « — » that reads as a printing fault.
_EMPTY_AGREEMENT = {"objectifs": "non renseignés"}


def _readable(value, indent: int = 0) -> str:
    """A structured field of the project as lines a person reads (« Début : 2021-09 »), not JSON."""
    pad = "\u00a0" * 4 * indent  # kept by the paragraph, where plain spaces collapse
    if isinstance(value, dict):
        return "\n".join(
            f"{pad}{_humanise(key)} :\n{_readable(item, indent + 1)}" if isinstance(item, dict | list) and item
            else f"{pad}{_humanise(key)} : {_scalar(item)}"
            for key, item in value.items()
        ) or f"{pad}—"
    if isinstance(value, list):
        return "\n".join(
            _readable(item, indent + 1) if isinstance(item, dict | list) and item else f"{pad}• {_scalar(item)}"
            for item in value
        ) or f"{pad}—"
    return pad + _scalar(value)


def _scalar(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, float) else str(value)


def _humanise(key: str) -> str:
    words = str(key).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "—"


def _paragraphs(text: str, empty: str = "non renseigné") -> list[Flowable]:
    """Blank lines separate paragraphs, so a long narrative can break between them; an empty
    text is « (`empty`) » in grey."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]
    return [_p(block) for block in blocks] or [_markup(f'<font color="#6b6b6b">({empty})</font>')]


def _pieces_section(context: _Context) -> list[Flowable]:
    pieces = context.dossier.pieces
    story: list[Flowable] = [CondPageBreak(TABLE_START), _Heading("8. Pièces jointes", "h1_table", 0)]
    if not pieces:
        return [*story, _p("Aucune pièce jointe.")]
    rows: list[list] = [_head("Pièce", "Type", "Taille", "Empreinte SHA-256")]
    for piece in pieces:
        rows.append([_piece_cell(context, piece), PIECE_TYPES.get(piece.type, piece.type), format_size(piece.taille),
                     _markup(f"{piece.sha256[:32]}<br/>{piece.sha256[32:]}", "mono")])
    story.append(_table(rows, [68 * mm, 24 * mm, 18 * mm, 64 * mm]))
    story.append(Spacer(1, 2 * mm))
    story.append(_p("Chaque pièce figure dans le paquet de dépôt (dossier pieces/) ; son empreinte permet "
                    "de vérifier qu'elle n'a pas été modifiée.", "small"))
    return story


def _piece_cell(context: _Context, piece) -> Paragraph:
    """The piece's name, and for a devis the schools it covers when the user said so."""
    names = [ecole.nom or ecole.uai or "école sans nom" for ecole in context.dossier.ecoles if ecole.id in piece.ecoles]
    if piece.type != "devis" or not names:
        return _p(piece.nom, "cell")
    covers = plural(len(names), "Couvre l'école", "Couvre les écoles") + " " + ", ".join(f"« {n} »" for n in names)
    return _markup(f'{_text(piece.nom)}<br/><font color="#555555">{_text(covers)}</font>', "cell")


def _findings_section(context: _Context) -> list[Flowable]:
    constats = sorted(context.result.constats, key=lambda c: GRAVITES.index(c.gravite))
    if not constats:  # one line after the attachments, never a page of its own
        return [KeepTogether([
            _Heading("9. Constats en suspens", "h1", 0),
            _p("Aucun constat : le dossier respecte les règles vérifiées par l'application."),
        ])]
    story: list[Flowable] = [CondPageBreak(TABLE_START), _Heading("9. Constats en suspens", "h1_table", 0)]
    header = _head("Gravité", "Constat", "À corriger dans")
    widths = [24 * mm, 112 * mm, 38 * mm]
    # Laid out in tables of ROWS_PER_TABLE rows, like the other long tables (_chunked_tables).
    for start in range(0, len(constats), ROWS_PER_TABLE):
        rows: list[list] = [header]
        red_rows = []
        for constat in constats[start:start + ROWS_PER_TABLE]:
            rows.append([GRAVITE_LABELS.get(constat.gravite, constat.gravite), _cell(constat.message, widths[1]),
                         _cell(place_of(context.dossier, constat.chemin), widths[2])])
            if constat.gravite == ERREUR:
                red_rows.append(("TEXTCOLOR", (0, len(rows) - 1), (0, len(rows) - 1), DRAFT_RED))
        story.append(_table(rows, widths, extra=red_rows))
    return story


def _signature_section(context: _Context, layout: _Layout) -> list[Flowable]:
    c = context.dossier.collectivite
    # « Fait au Puy-en-Velay », « Fait aux Sables-d'Olonne », « Fait à Brioude »
    preposition, lieu = at(c.commune.strip()).split(" ", 1) if c.commune.strip() else ("à", "…………………………")
    nom = c.representant.nom or "…………………………"
    qualite = context.quality or c.representant.qualite or "…………………………"
    story: list[Flowable] = [
        _Heading("10. Signature", "h1", 0),
        _markup(f"Je soussigné(e), <b>{_text(nom)}</b>, {_text(qualite)}, certifie exactes les informations "
                "du présent dossier et sollicite la subvention de "
                f"<b>{format_euros(context.result.total.subvention)}</b> au titre de l'appel à projets."),
        Spacer(1, 3 * mm),
        _markup(f"Fait {preposition} <b>{_text(lieu)}</b>, le <b>{french_date(context.signing_time)}</b>."),
        Spacer(1, 3 * mm),
    ]
    handwritten = Table(
        [[_markup("Signature manuscrite", "cell_bold"), _markup("Cachet de la collectivité", "cell_bold")],
         ["", ""]],
        colWidths=[CONTENT_WIDTH / 2] * 2, rowHeights=[None, 42 * mm],
    )
    handwritten.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, GRID), ("INNERGRID", (0, 0), (-1, -1), 0.6, GRID),
                                     ("BACKGROUND", (0, 0), (-1, 0), SUBTOTAL_FILL)]))
    story += [handwritten, Spacer(1, 6 * mm), _p("Signature numérique", "h2")]
    story += _digital_block(context)
    story.append(Spacer(1, 3 * mm))
    story.append(_SignatureSpace(layout, *SIGNATURE_FIELD_SIZE))
    return story


def _digital_block(context: _Context) -> list[Flowable]:
    signer = context.signer
    if signer is None:
        return [_key_values([("Signataire", "document non signé numériquement")])]
    if signer.demo:
        nature = "identité de démonstration (exemple, sans valeur)"
    elif signer.self_signed:
        nature = ("identité locale de la collectivité (certificat autosigné) : confirmez le code de "
                  "vérification auprès de la collectivité par téléphone ou courrier")
    else:
        nature = (f"certificat délivré par « {signer.issuer} »" + (" (clé sur jeton matériel)" if signer.token else "")
                  + " : confirmé seulement si cette autorité figure dans la liste de confiance du service instructeur")
    organisation = signer.organization or "—"
    if signer.siren:
        organisation += f" — SIREN {signer.siren[:3]} {signer.siren[3:6]} {signer.siren[6:]}"
    else:
        organisation += " — le certificat ne porte pas de SIREN"
    # The signer, quality, date and time, verification code and certificate fingerprint are in the
    # visible signature below (signing.stamp_pdf draws it): printed once, not again in this table.
    # The collectivité stays (the stamp may shorten a long name), with what the stamp lacks.
    rows: list[tuple[str, object]] = [("Collectivité (certificat)", organisation)]
    if signer.not_before and signer.not_after:
        rows.append(("Validité du certificat",
                     f"du {french_date(signer.not_before)} au {french_date(signer.not_after)}"))
    rows.append(("Nature du certificat", nature))
    if context.json_sha256:
        rows.append(("Empreinte SHA-256 de dossier.json",
                     _markup(f"{context.json_sha256[:32]}<br/>{context.json_sha256[32:]}", "mono")))
    story: list[Flowable] = []
    if signer.other_signer:
        story += [_banner("Signataire différent du dossier, confirmé explicitement à l'export", DRAFT_RED),
                  _p(signer.other_signer, "small"), Spacer(1, 2 * mm)]
    story.append(_key_values(rows))
    return story
