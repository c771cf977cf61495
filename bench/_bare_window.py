"""The reference for the start-up benchmark: a bare PySide6 ``QMainWindow`` that quits once shown.

Run as a script (``python bench/_bare_window.py``) so it pays the same interpreter and Qt start-up
costs as CivoDesk, and nothing else.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QMainWindow


class BareWindow(QMainWindow):
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self._leave)

    def _leave(self) -> None:
        self.repaint()  # drawn for real, as CivoDesk does before it leaves
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv)
    window = BareWindow()
    window.setWindowTitle("CivoDesk")
    window.resize(1280, 760)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
