"""The Idées page driven like a facilitator: type ideas, drop one into a cluster, merge, undo;
and what the wall and the projector show."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from civodesk.facilitation.agenda_run import DecisionKind
from civodesk.participants.participant import ParticipantFields
from civodesk.projector.slides import ProjectorMode, WallSlide
from civodesk.services import Services
from ui.ideas.idea_wall_model import IDEA_ID_ROLE
from ui.ideas.ideas_page import IdeasPage
from ui.shell.main_window import MainWindow


def open_ideas(qtbot: QtBot, window: MainWindow, meeting_id: str) -> IdeasPage:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting_id)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace is not None
    page = window.workspace.page(2)
    assert isinstance(page, IdeasPage)
    return page


def type_idea(qtbot: QtBot, page: IdeasPage, text: str) -> None:
    """Typed key by key; what QTest cannot type (accents, emoji) arrives as a paste would."""
    page.capture.edit.setFocus()
    if text.isascii():
        qtbot.keyClicks(page.capture.edit, text)
    else:
        page.capture.edit.insertPlainText(text)
    qtbot.keyClick(page.capture.edit, Qt.Key.Key_Return)


def column_texts(page: IdeasPage) -> dict[str | None, list[str]]:
    return {
        (column.cluster.name if column.cluster else None): [
            str(column.list_view.cards.index(row, 0).data()).split("\n")[0]
            for row in range(column.list_view.cards.rowCount())
        ]
        for column in page.wall.columns
        if column.isVisible()
    }


def wall_slide(window: MainWindow) -> dict[str | None, list[str]]:
    slide = window.projector.slide
    assert isinstance(slide, WallSlide)
    return {column.name: [card.text for card in column.cards] for column in slide.columns}


def drop_on(page: IdeasPage, idea_ids: list[str], cluster_name: str) -> None:
    """What Qt delivers when cards are dragged onto a column."""
    column = next(c for c in page.wall.columns if c.cluster and c.cluster.name == cluster_name)
    data = page.model.mimeData(
        [page.model.index(page.model._rows[idea_id], 0) for idea_id in idea_ids]
    )
    target = column.list_view.viewport()
    where, buttons, keys = QPoint(10, 10), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    move = Qt.DropAction.MoveAction
    for event in (
        QDragEnterEvent(where, move, data, buttons, keys),
        QDragMoveEvent(where, move, data, buttons, keys),
        QDropEvent(QPointF(where), move, data, buttons, keys),
    ):
        QApplication.sendEvent(target, event)
    assert event.isAccepted()


def test_typing_grouping_merging_and_undo_reach_the_wall_and_the_projector(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    page = open_ideas(qtbot, window, meeting_id)
    window.projector.set_mode(ProjectorMode.WALL)
    projector = window.projector.show_window()
    assert page.empty_state.isVisible()

    for text in ("Des bancs a l'ombre", "Plus de bancs", "Un marché le soir 🌙"):
        type_idea(qtbot, page, text)
    assert page.capture.edit.toPlainText() == ""
    assert page.capture.edit.hasFocus()
    assert page.count_label.text() == "3 idées"
    assert column_texts(page) == {
        None: ["Des bancs a l'ombre", "Plus de bancs", "Un marché le soir 🌙"]
    }
    assert wall_slide(window) == {
        None: ["Des bancs a l'ombre", "Plus de bancs", "Un marché le soir 🌙"]
    }

    # A group made from the keyboard, then an idea dragged into it.
    ids = [page.model.index(row, 0).data(IDEA_ID_ROLE) for row in range(3)]
    services.ideas.create_cluster(meeting_id, "Mobilier urbain")
    window.changes.record(services.ideas.create_cluster(meeting_id, "Commerces"))
    # (the first group was made outside the window: a sync would bring it the same way)
    page.reload()
    drop_on(page, [ids[2]], "Commerces")
    loose = page.wall.column_for(None)
    assert loose is not None
    loose.list_view.setFocus()
    loose.list_view.selectAll()
    qtbot.keyClick(loose.list_view, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert column_texts(page) == {
        "Mobilier urbain": ["Des bancs a l'ombre", "Plus de bancs"],
        "Commerces": ["Un marché le soir 🌙"],
    }
    assert wall_slide(window) == {
        "Mobilier urbain": ["Des bancs a l'ombre", "Plus de bancs"],
        "Commerces": ["Un marché le soir 🌙"],
    }

    # Merge the two benches, with their supports.
    bench_column = page.wall.column_for(page.clusters[0].id)
    assert bench_column is not None
    bench_column.list_view.setFocus()
    bench_column.list_view.setCurrentIndex(bench_column.list_view.cards.index(0, 0))
    qtbot.keyClick(bench_column.list_view, Qt.Key.Key_Plus)
    bench_column.list_view.selectAll()
    qtbot.keyClick(bench_column.list_view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert column_texts(page)["Mobilier urbain"] == ["Des bancs a l'ombre"]
    merged = page.model.idea(bench_column.list_view.cards.index(0, 0).data(IDEA_ID_ROLE))
    assert merged is not None
    assert (merged.supports, len(merged.merged_from)) == (1, 2)
    assert wall_slide(window)["Mobilier urbain"] == ["Des bancs a l'ombre"]

    # Undo the merge from the keyboard: both ideas are back, on the wall and the projector.
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert column_texts(page)["Mobilier urbain"] == ["Des bancs a l'ombre", "Plus de bancs"]
    assert wall_slide(window)["Mobilier urbain"] == ["Des bancs a l'ombre", "Plus de bancs"]

    # The projector keeps showing while the facilitator moves to another page.
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert projector.isVisible()
    projector.close()
    assert window.projector.mode == ProjectorMode.WALL
    assert window.projector.show_window().view.slide == window.projector.slide


def test_blank_ideas_are_refused_and_search_filters_as_you_type(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    page = open_ideas(qtbot, window, meeting_id)
    type_idea(qtbot, page, "   ")
    assert page.capture.message.isVisible()
    assert page.capture.message.text() == "Le texte de l'idée est vide."
    for text in ("Rénover l'école", "Une piste cyclable", "Une école de musique"):  # pasted
        type_idea(qtbot, page, text)
    qtbot.keyClicks(page.search, "ecole")
    assert column_texts(page) == {None: ["Rénover l'école", "Une école de musique"]}
    page.search.clear()
    assert len(column_texts(page)[None]) == 3


def test_anonymous_is_the_default_author_and_the_projector_never_names_it(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    (awa,) = services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo", email="awa@example.org")], "Émargement"
    ).created_ids
    services.checkin.check_in(meeting_id, awa)
    page = open_ideas(qtbot, window, meeting_id)
    page.capture.author.setCurrentIndex(page.capture.author.findData(awa))
    type_idea(qtbot, page, "Des arbres")
    assert page.capture.author.currentData() is None  # back to anonymous for the next one
    type_idea(qtbot, page, "Un banc")
    window.projector.set_credit_authors(True)
    window.projector.set_mode(ProjectorMode.WALL)
    slide = window.projector.slide
    assert isinstance(slide, WallSlide)
    assert [(c.text, c.author) for c in slide.columns[0].cards] == [
        ("Des arbres", "Awa D."),
        ("Un banc", None),
    ]
    assert "awa@example.org" not in repr(slide)


def test_the_runner_starts_times_and_moves_to_the_next_item(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    page = open_ideas(qtbot, window, meeting_id)
    qtbot.mouseClick(page.runner.start_button, Qt.MouseButton.LeftButton)
    assert page.board is not None
    first = page.board.current_item
    assert first is not None
    assert page.runner.item_label.text() == first.title
    assert page.runner.pause_button.isEnabled()
    qtbot.mouseClick(page.runner.next_button, Qt.MouseButton.LeftButton)
    assert page.board.current_item is not None
    assert page.board.current_item.item_id != first.item_id
    page.runner.decision_text.setText("Chiffrer les bancs")
    qtbot.keyClick(page.runner.decision_text, Qt.Key.Key_Return)
    assert page.runner.decision_error.isHidden(), page.runner.decision_error.text()
    assert window.message_label.text() == ""
    assert page.board.decisions
    assert page.runner.decisions.count() == 1
    assert page.runner.decisions.item(0).text() == "Décision : Chiffrer les bancs"


def test_an_action_goes_to_a_checked_in_participant_or_to_a_typed_service(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    (awa,) = services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo", email="awa@example.org")], "Émargement"
    ).created_ids
    services.checkin.check_in(meeting_id, awa)
    page = open_ideas(qtbot, window, meeting_id)
    runner = page.runner
    runner.decision_kind.setCurrentIndex(runner.decision_kind.findData(DecisionKind.ACTION))
    runner.decision_text.setText("Relancer le bailleur")
    runner.decision_owner.setFocus()
    qtbot.keyClicks(runner.decision_owner, "Awa Diallo")  # picked from the checked-in people
    qtbot.keyClick(runner.decision_text, Qt.Key.Key_Return)
    runner.decision_kind.setCurrentIndex(runner.decision_kind.findData(DecisionKind.ACTION))
    runner.decision_text.setText("Chiffrer les bancs")
    qtbot.keyClicks(runner.decision_owner, "Services techniques")
    qtbot.keyClick(runner.decision_text, Qt.Key.Key_Return)
    assert runner.decision_error.isHidden(), runner.decision_error.text()
    assert page.board is not None
    assert [(d.owner, d.owner_id) for d in page.board.decisions] == [
        ("Awa Diallo", awa),
        ("Services techniques", None),
    ]
    assert [runner.decisions.item(row).text() for row in range(runner.decisions.count())] == [
        "Action : Relancer le bailleur — Awa Diallo",
        "Action : Chiffrer les bancs — Services techniques",
    ]
    assert runner.decision_owner.currentText() == ""

    services.privacy.erase_participant(meeting_id, awa)  # her right to erasure
    page.reload()
    assert [runner.decisions.item(row).text() for row in range(runner.decisions.count())] == [
        "Action : Relancer le bailleur",
        "Action : Chiffrer les bancs — Services techniques",
    ]
