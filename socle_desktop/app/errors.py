"""The one error a job raises for input the user must fix: a code and the values it names."""

from __future__ import annotations


class JobRefused(Exception):
    """`code` names the reason; `values` what the message quotes (a path, a limit…).
    The front-ends' catalogue turns them into one French sentence."""

    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code = code
        self.values = values
