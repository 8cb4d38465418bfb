"""`python -m socle_desktop.cli`: the same entry point as `python -m socle_desktop`."""

import sys

from . import main

sys.exit(main())
