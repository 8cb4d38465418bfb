import pytest

from socle_desktop.domain.sizes import format_size


@pytest.mark.parametrize(("octets", "text"), [
    (0, "0 octet"),
    (1, "1 octet"),
    (812, "812 octets"),
    (1024, "1,0\u00a0Ko"),
    (49_460, "48,3\u00a0Ko"),    # 48,30 Ko
    (1_468_006, "1,4\u00a0Mo"),  # 1,39999 Mo
    (1_280, "1,3\u00a0Ko"),      # 1,25 Ko exactly: half up
    (1_520_435, "1,4\u00a0Mo"),  # 1,4499998 Mo
    (50 * 1024**2, "50,0\u00a0Mo"),
    (3 * 1024**4, "3072,0\u00a0Go"),
])
def test_french_byte_counts(octets, text):
    assert format_size(octets) == text
