import multiprocessing
import sys

from .cli import main

# The reception's verification pool starts processes (spawn): in a frozen build (PyInstaller)
# each of them re-runs this executable, which must then act as a worker, not open the window.
multiprocessing.freeze_support()
sys.exit(main())
