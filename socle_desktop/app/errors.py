"""The one error a job raises for input the user must fix: a code and the values it names."""

from __future__ import annotations

from ..domain.coded_error import CodedError


class JobRefused(CodedError):
    """`code` names the reason; `values` what the message quotes (a path, a limit…).
    The front-ends' catalogue turns them into one French sentence."""
