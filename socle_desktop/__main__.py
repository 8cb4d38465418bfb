"""`python -m socle_desktop` and the frozen executable: the command line (cli/), which opens the window."""

import sys

from .cli import main

if getattr(sys, "frozen", False):
    # The reception's verification pool starts processes (spawn): in a frozen build (PyInstaller)
    # each of them re-runs this executable, which must then act as a worker, not open the window.
    # (A no-op elsewhere: not imported then, multiprocessing stays off the start-up.)
    import multiprocessing

    multiprocessing.freeze_support()
sys.exit(main())
