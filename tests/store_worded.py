"""The store's errors as the user reads them: tests match the French the catalogue words from
their code and values (catalogue.errors.error_text), never str(), which is the code (issue 9)."""

from __future__ import annotations

import contextlib
import re

import pytest

from socle_desktop.catalogue.errors import error_text


@contextlib.contextmanager
def raises_said(kind, match: str):
    """pytest.raises(kind, match=…), the match searched in the worded French."""
    with pytest.raises(kind) as caught:
        yield caught
    said = error_text(caught.value)
    assert re.search(match, said), said


def said(error) -> str:
    """An error, or excinfo, as the user reads it."""
    return error_text(getattr(error, "value", error))
