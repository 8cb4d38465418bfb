"""`pytest.raises(…, match=…)` for the export's coded errors: the French the user reads is the
catalogue's wording of the error's code (catalogue.errors.error_text), not str(error)."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from socle_desktop.catalogue.errors import MESSAGES, error_text


@contextmanager
def raises_worded(cls, match: str):
    """Like pytest.raises(cls, match=match), matched against the worded error; the error must
    carry a code the catalogue words (never a sentence of its own)."""
    with pytest.raises(cls) as caught:
        yield caught
    error = caught.value
    assert getattr(error, "code", None) in MESSAGES, f"not a worded code: {error!r}"
    text = error_text(error)
    assert re.search(match, text), f"{match!r} not in {text!r}"
