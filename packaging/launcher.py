"""Entry script of the frozen program (PyInstaller runs it as a top-level script, not as a
module of the package, so it must import the package absolutely)."""

import sys

from socle_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
