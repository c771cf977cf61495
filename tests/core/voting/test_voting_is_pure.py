"""The counting core stands alone: the server and scripts import it without a database or Qt."""

from __future__ import annotations

import subprocess
import sys


def test_importing_and_counting_loads_no_database_nor_qt() -> None:
    script = (
        "import sys\n"
        "from civodesk.voting import count\n"
        "count('schulze', ['a', 'b'], [['a', 'b']])\n"
        "print(sorted({name.split('.')[0] for name in sys.modules}))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    for heavy in ("sqlalchemy", "alembic", "PySide6", "shiboken6", "ui", "sync"):
        assert f"'{heavy}'" not in loaded
