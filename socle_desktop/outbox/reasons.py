"""What the queue keeps of a reason (a failure, an incident, a forgotten upload, an addition):
its code and values as a JSON record, never a sentence; the front-ends' catalogue words it when
it is shown (catalogue.outbox_errors.stored_text).

A value that JSON cannot hold is kept as what the wording needs of it: an OSError as its errno,
a wrapped coded error as its own record, a path as its text. A queue written by an older version
holds sentences: `from_record` gives None for them, and they are shown as they are.
"""

from __future__ import annotations

import json
from pathlib import PurePath

from ..domain.coded_error import CodedError

OS_ERRNO = "os_errno"


def to_record(error: CodedError) -> str:
    """`error` as one line of JSON: {"code": …, "values": {…}}."""
    return json.dumps(_plain(error), ensure_ascii=False, sort_keys=True)


def _plain(value):
    if isinstance(value, CodedError):
        return {"code": value.code, "values": {name: _plain(item) for name, item in value.values.items()}}
    if isinstance(value, OSError):
        return {OS_ERRNO: value.errno}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, PurePath):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def from_record(text: str | None) -> CodedError | None:
    """The coded error a record holds, or None for anything else (an older version's sentence)."""
    if not text or not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not (isinstance(data, dict) and isinstance(data.get("code"), str) and isinstance(data.get("values"), dict)):
        return None
    return _rebuilt(data)


def _rebuilt(value):
    if isinstance(value, dict) and isinstance(value.get("code"), str) and isinstance(value.get("values"), dict):
        return CodedError(value["code"], **{name: _rebuilt(item) for name, item in value["values"].items()})
    if isinstance(value, dict) and set(value) == {OS_ERRNO}:
        return OSError(value[OS_ERRNO], "") if isinstance(value[OS_ERRNO], int) else OSError()
    if isinstance(value, list):
        return tuple(_rebuilt(item) for item in value)
    return value
