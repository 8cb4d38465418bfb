"""Long jobs (PDF rendering, signing, export) run in a QThread so the window never freezes.

The job is a plain function `job(progress, cancel)`; it reports through `progress(done, total,
label)` and polls `cancel()`; signals carry its result or its French error back to the window.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator

from PySide6.QtCore import QThread, Signal


class JobThread(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Callable, describe_error: Callable[[BaseException], str | None], parent=None):
        super().__init__(parent)
        self.job = job
        self.describe_error = describe_error
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        # A full garbage collection over the objects a long PDF layout creates holds the GIL
        # for 100 ms and more, freezing the window; reference counting frees them anyway.
        collecting = gc.isenabled()
        gc.disable()
        try:
            result = self.job(self._report, self._cancel.is_set)
        except BaseException as error:  # every failure reaches the window as a French sentence
            message = self.describe_error(error)
            if message is None:
                self.cancelled.emit()
            else:
                self.failed.emit(message)
            return
        finally:
            if collecting:
                gc.enable()
        self.succeeded.emit(result)  # finished before the cancel was seen: the files exist

    def _report(self, done: int, total: int, label: str = "") -> None:
        self.progressed.emit(int(done), int(total), str(label))


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """No garbage collection inside: with the window's tens of thousands of Qt wrappers alive,
    the collections an object-heavy step triggers (validating and saving 3 000 imported lines)
    made it six times slower; reference counting frees what it makes anyway."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
