"""The name of a rules edition (`snee-2021`) and its one check.

The name comes from a dossier, a bundle or a command line and becomes a file name under
resources/rules/: a path (`/tmp/x`, `../x`) or anything else than a plain name must never pick
a file on the disk. Every part checks it here.
"""

from __future__ import annotations

import re

DEFAULT_EDITION = "snee-2021"
# Lower-case letters, digits, `-` and `_`; no dot, so never `..` nor a file extension.
EDITION_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def is_edition_name(edition: object) -> bool:
    """May this value name shipped rules?"""
    return isinstance(edition, str) and EDITION_PATTERN.fullmatch(edition) is not None


def edition_problem(edition: object) -> str | None:
    """None for a valid edition name, else the code of its problem: the caller raises it with the
    value (`edition=`), and the front-ends' catalogue words it (« édition de règles … invalide »)."""
    if is_edition_name(edition):
        return None
    return "edition_invalid"
