"""Run by test_kill_resume.py in a child process: send the queue once, as a separate program.

    python send_worker.py DATA_DIR ENDPOINT

The test kills this process (SIGKILL) in the middle of an upload; nothing here cleans up.
"""

import sys
from pathlib import Path

import sqlite_utils

from socle_desktop.outbox import Outbox, Sender, TusClient

data_dir, endpoint = Path(sys.argv[1]), sys.argv[2]
outbox = Outbox(sqlite_utils.Database(data_dir / "bibliotheque.db"), data_dir)
report = Sender(outbox, endpoint, client=TusClient(timeout=20, chunk_size=8 * 1024 * 1024)).send_all()
print(report.text())
