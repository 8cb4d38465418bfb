"""Fixtures shared by every part's tests."""

import pytest

from socle_desktop.resources import load_rules


@pytest.fixture(scope="session")
def rules():
    """The shipped rules of the snee-2021 edition."""
    return load_rules("snee-2021")
