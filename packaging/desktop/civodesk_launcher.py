"""What the frozen CivoDesk runs: the same ``main`` as the installed ``civodesk`` command."""

from __future__ import annotations

import sys

from ui.shell.launcher import main

if __name__ == "__main__":
    sys.exit(main())
