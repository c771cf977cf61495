"""What Enter does at the desk: a scan is always the badge, a name admits only a chosen person.

When Enter (or a scanner's Tab) comes, the search text is read by its content
(``civodesk.checkin.typed_entry``): a badge or a manual code, in any case, is handed to the scan
check — never taken as "the highlighted row"; an empty search does nothing; a name admits only
the row the user picked (arrow keys from the search field or in the list, or a click), or, when
exactly one person matches, that person once the user confirms. Results still on their way for
the text typed are waited for, so the decision is never taken on an older list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from civodesk.checkin.typed_entry import EntryKind, read_typed_entry
from civodesk.checkin.views import CheckinRow
from civodesk.i18n import _, elides
from ui.widgets.confirmation import ask_confirmation

if TYPE_CHECKING:
    from ui.checkin.checkin_page import CheckinPage

LIST_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}
TERMINATORS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}


class SearchEntry(QObject):
    """Watches the page's search field and list; ``picked_id`` is the person the user chose."""

    def __init__(self, page: CheckinPage) -> None:
        super().__init__(page)
        self._page = page
        self.picked_id: str | None = None
        self._selecting = False
        page.search.installEventFilter(self)
        page.search.textChanged.connect(self._forget_pick)
        page.table.pressed.connect(self._pick_index)
        page.table.activated.connect(self._on_table_activated)
        page.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

    # Picks -----------------------------------------------------------------------------------

    def select_quietly(self, row: int) -> None:
        """Highlight a row for the action buttons without it counting as the user's choice."""
        self._selecting = True
        try:
            if row < 0:
                self._page.table.clearSelection()
            else:
                self._page.table.selectRow(row)
        finally:
            self._selecting = False

    def quietly(self) -> _Quiet:
        """A context in which selection changes (a model reset) are not the user's doing."""
        return _Quiet(self)

    def _forget_pick(self) -> None:
        self.picked_id = None

    def _pick_index(self, index: object) -> None:
        row = self._page.model.row_at(index.row())  # type: ignore[attr-defined]
        self.picked_id = row.participant_id if row is not None else None

    def _on_current_row_changed(self, current: object, _previous: object) -> None:
        if not self._selecting and current.isValid():  # type: ignore[attr-defined]
            self._pick_index(current)

    def _move_from_search(self, key: int) -> None:
        table = self._page.table
        count = self._page.model.rowCount()
        if not count:
            return
        selected = table.selectionModel().selectedRows()
        current = selected[0].row() if selected else -1
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10}.get(Qt.Key(key), 10)
        # The first Down picks the highlighted row (the top one) rather than jumping past it.
        target = current if self.picked_id is None and current >= 0 and step > 0 else current + step
        target = max(0, min(count - 1, target))
        table.selectRow(target)  # not quiet: this is the user's choice
        self._pick_index(self._page.model.index(target, 0))

    def picked_row(self) -> CheckinRow | None:
        if self.picked_id is None:
            return None
        model = self._page.model
        rows = (model.row_at(i) for i in range(model.rowCount()))
        return next((r for r in rows if r is not None and r.participant_id == self.picked_id), None)

    # Keys ------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key in LIST_KEYS:
            self._move_from_search(key)
            return True
        if key in TERMINATORS or (key == Qt.Key.Key_Tab and self._is_scan_text()):
            self.submit()
            return True
        return False

    def _is_scan_text(self) -> bool:
        return read_typed_entry(self._page.search.text()).is_scan

    def _on_table_activated(self, index: object) -> None:
        """Enter or a double click in the list: only a row the user picked is admitted."""
        row = self._page.model.row_at(index.row())  # type: ignore[attr-defined]
        if row is not None and row.participant_id == self.picked_id:
            self._page.admit(row)
        else:
            self._ask_for_a_choice()

    # Enter -----------------------------------------------------------------------------------

    def submit(self) -> None:
        page = self._page
        text = page.search.text()
        entry = read_typed_entry(text)
        if entry.kind == EntryKind.NOTHING:
            return
        if entry.kind == EntryKind.BADGE:
            page.search.clear()
            page.handle_scan(entry.text, "qr")
            return
        if page.results_text != text:
            page.run_search(then=lambda rows: self._decide(text, rows))
        else:
            model = page.model
            self._decide(text, [model.row_at(i) for i in range(model.rowCount())])

    def _decide(self, text: str, rows: Sequence[CheckinRow]) -> None:
        page = self._page
        if page.search.text() != text:
            return  # the person typed on meanwhile: the next Enter decides
        entry = read_typed_entry(text)
        if entry.kind == EntryKind.MANUAL_CODE and not _names_match(entry.text, rows):
            page.search.clear()
            page.handle_scan(entry.text, "code")
            return
        picked = self.picked_row()
        if picked is not None:
            page.admit(picked)
        elif len(rows) == 1:
            self._confirm(rows[0])
        elif rows:
            self._ask_for_a_choice()

    def _confirm(self, row: CheckinRow) -> None:
        ask_confirmation(
            self._page,
            _("Enregistrer l'entrée"),
            (
                _("Enregistrer l'entrée d'{name} ({commune}) ?")
                if elides(row.display_name)
                else _("Enregistrer l'entrée de {name} ({commune}) ?")
            ).format(name=row.display_name, commune=row.commune or _("commune non précisée")),
            _("Enregistrer l'entrée"),
            lambda: self._page.admit(row),
        )

    def _ask_for_a_choice(self) -> None:
        self._page.banner.show_idle(
            _("Plusieurs personnes correspondent : choisissez-la avec ↑ ↓ ou un clic, puis Entrée.")
        )


def _names_match(code: str, rows: Sequence[CheckinRow]) -> bool:
    """A typed "code" that is also a name in the list (a surname of 8 code letters) is a name."""
    compact = "".join(code.split()).replace("-", "").upper()
    return any(row.manual_code != compact for row in rows)


class _Quiet:
    def __init__(self, entry: SearchEntry) -> None:
        self._entry = entry

    def __enter__(self) -> None:
        self._entry._selecting = True

    def __exit__(self, *_exc: object) -> None:
        self._entry._selecting = False
