"""What keeps the PDF's layout fast on a large dossier (issue 15, issue 17 item 15)."""

from __future__ import annotations

import types

from reportlab.pdfbase import pdfmetrics

from socle_desktop.export import pdf


def test_reportlab_runs_with_its_c_accelerator():
    """rl-accel is a dependency: without it string widths are measured in pure Python."""
    from reportlab.lib import rl_accel

    assert isinstance(rl_accel.instanceStringWidthTTF, types.BuiltinFunctionType)
    assert isinstance(rl_accel.fp_str, types.BuiltinFunctionType)


def test_long_cells_are_wrapped_once_within_their_column():
    pdf._register_fonts()
    width = 46 * 72 / 25.4  # the Libellé column
    text = "Vidéoprojecteur interactif " * 12 + "X" * 200 + " fin\nseconde ligne"
    cell = pdf._cell(text, width)
    lines = cell.split("\n")
    font = pdfmetrics.getFont(pdf.FONT)
    assert len(lines) > 5
    for line in lines:
        assert font.stringWidth(line, 7.5) <= width - pdf.CELL_PADDING
    assert "".join(cell.split()) == "".join(text.split())  # nothing lost, nothing added
    assert "X" * 200 not in cell  # the unbreakable word is cut to fit
    assert lines[-1] == "seconde ligne"  # the user's line break is kept


def test_hidden_characters_are_still_shown_in_a_wrapped_cell():
    assert pdf._cell("École\u202eevil", 100) == "École\\u202eevil"
