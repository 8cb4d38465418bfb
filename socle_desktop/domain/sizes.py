"""Byte counts as a French reader expects them (attachments, bundles)."""

from __future__ import annotations

_UNITS = (("Ko", 1024), ("Mo", 1024**2), ("Go", 1024**3))


def format_size(octets: int) -> str:
    """812 octets, 48,3 Ko, 1,4 Mo, 2,0 Go: one decimal, rounded half up, integer arithmetic."""
    if octets < 1024:
        return f"{octets} octet" + ("s" if octets > 1 else "")
    for unit, scale in _UNITS:
        if octets < scale * 1024 or unit == "Go":
            tenths = (octets * 10 + scale // 2) // scale
            return f"{tenths // 10},{tenths % 10}\u00a0{unit}"
    raise AssertionError("unreachable")  # the last unit takes every size
