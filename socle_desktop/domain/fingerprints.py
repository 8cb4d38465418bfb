"""Certificate fingerprints as people read and type them (pure: no crypto library needed)."""

from __future__ import annotations

import re

_HEX64 = re.compile(r"[0-9a-f]{64}")


def format_fingerprint(hex_digest: str) -> str:
    """AB:CD:... in upper case, the way certificate viewers show it."""
    upper = hex_digest.upper()
    return ":".join(upper[i:i + 2] for i in range(0, len(upper), 2))


def normalise_fingerprint(text: str) -> str:
    """« AB:CD:… », « ab cd … » or « abcd… » -> 64 lower-case hex digits ("" when it is not a SHA-256)."""
    cleaned = re.sub(r"[\s:]", "", str(text)).lower()
    return cleaned if _HEX64.fullmatch(cleaned) else ""
