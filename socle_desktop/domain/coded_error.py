"""The base of every error the user reads: a code and the values it names, never a sentence.

Below gui/ and cli/ nothing words a message (DESIGN.md §3): a layer raises
`SomeError("code", path=…, limit=…)` and the front-ends turn it into one French sentence through
`catalogue.error_text`, which finds the code's wording in the catalogue's tables. `str()` of such
an error is its code and values: what a log file or a developer reads, not the user.
"""

from __future__ import annotations


class CodedError(Exception):
    """`code` names the reason (snake_case, one wording in the catalogue); `values` what the
    message quotes (a path, a limit, a name…), raw: the catalogue formats them."""

    def __init__(self, code: str, /, **values):
        super().__init__(code)
        self.code = code
        self.values = values

    def __str__(self) -> str:
        if not self.values:
            return self.code
        shown = ", ".join(f"{name}={value!r}" for name, value in self.values.items())
        return f"{self.code} ({shown})"
