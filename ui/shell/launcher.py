"""The installed ``civodesk`` program: the command line, with this desktop application as default.

It imports no Qt itself, so ``civodesk sync`` and the other commands still run on a machine
without a display; the GUI module is imported only when no command is given.
"""

from __future__ import annotations

import sys

from civodesk.cli.main import GuiRunner
from civodesk.cli.main import main as run_command_line


def _load_gui() -> GuiRunner:
    from ui.shell.app import run_gui

    return run_gui


def main() -> int:
    return run_command_line(load_gui=_load_gui)


if __name__ == "__main__":
    sys.exit(main())
