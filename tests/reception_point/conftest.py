"""Fixtures of the reception point's tests (helpers in tests/reception_point_support.py)."""

from __future__ import annotations

import pytest
from reception_point_support import (
    cutting_proxy_fixture,
    make_real_bundles,
    make_server_tls,
    reception_point_fixture,
)

reception_point = pytest.fixture(reception_point_fixture, name="reception_point")
cutting_proxy_factory = pytest.fixture(cutting_proxy_fixture, name="cutting_proxy_factory")


@pytest.fixture(scope="session")
def real_bundles(tmp_path_factory):
    return make_real_bundles(tmp_path_factory)


@pytest.fixture(scope="session")
def server_tls(tmp_path_factory):
    return make_server_tls(tmp_path_factory)
