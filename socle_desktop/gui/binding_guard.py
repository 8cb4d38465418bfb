"""A guard against a reference-counting bug of PySide6 6.12.0 that kills the window.

In PySide6 6.12.0 every conversion to or from a QVariant (`item.setData`, `combo.addItem(text,
data)`, `combo.currentData()`…) drops one reference to Python's `None` that it never took. On
CPython before 3.12, where `None` is an ordinary object, its count reaches zero after a few
thousand edits and the interpreter aborts (« Fatal Python error: none_dealloc ») — the window
vanishes in the middle of the secretary's work. CPython 3.12 made `None` immortal, and PySide6
6.11 does not have the bug.

`protect_none()` probes the binding once; only when the leak is there does it give `None` a
reference count so large that it can never reach zero (what CPython 3.12 does by design).
"""

from __future__ import annotations

import sys

_PROBE_CALLS = 64
_IMMORTAL = 1 << 40  # more leaked references than a process can make in its life
_protected = False


def binding_leaks_none() -> bool:
    """Whether setting an item's data takes references to `None` it never gave back."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QStandardItem

    item = QStandardItem()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        item.setData("x", Qt.UserRole)
    return before - sys.getrefcount(None) >= _PROBE_CALLS // 2


def _none_is_mortal() -> bool:
    """CPython before 3.12, release build: the first field of an object is its reference count."""
    return (sys.implementation.name == "cpython" and sys.version_info < (3, 12)
            and not hasattr(sys, "gettotalrefcount"))


def protect_none() -> bool:
    """Make `None` immortal when the binding leaks it; returns whether it did (once per process)."""
    global _protected
    if _protected or not _none_is_mortal() or not binding_leaks_none():
        return False
    import ctypes  # only where the leak is: not on every start

    ctypes.c_ssize_t.from_address(id(None)).value += _IMMORTAL
    _protected = True
    return True
