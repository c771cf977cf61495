"""The rest of the Idées page's promises, driven through the widgets: groups named, split,
reordered and removed; an idea edited with its history, withdrawn and restored; filters by tag,
group and author; and the projector's blank key, word cloud, screens and high contrast."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from civodesk.participants.participant import ParticipantFields
from civodesk.projector.slides import (
    BlankSlide,
    ProjectorMode,
    WallColumn,
    WallSlide,
    WordCloudSlide,
)
from civodesk.services import Services
from tests.ui.test_ideas_page import column_texts, open_ideas, type_idea, wall_slide
from ui.ideas.idea_dialogs import IdeaEditDialog, NameDialog
from ui.ideas.ideas_page import IdeasPage
from ui.projector.slide_view import HIGH_CONTRAST, STANDARD, projected_columns
from ui.shell.main_window import MainWindow


def name_group(qtbot: QtBot, page: IdeasPage, name: str) -> None:
    """The naming dialog the shortcut or the Groupe menu opened: type the name, Enter."""
    (dialog,) = [d for d in page.findChildren(NameDialog) if d.isVisible()]
    dialog.name.selectAll()
    if name.isascii():
        qtbot.keyClicks(dialog.name, name)
    else:  # what QTest cannot type arrives as a paste would
        dialog.name.insert(name)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    page.window().activateWindow()  # as the window manager does once the dialog is gone
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window())


def select_in(page: IdeasPage, group: str | None, rows: list[int]) -> None:
    column = next(c for c in page.wall.columns if (c.cluster.name if c.cluster else None) == group)
    view = column.list_view
    view.setFocus()
    view.clearSelection()
    flag = view.selectionModel().SelectionFlag.Select
    for row in rows:
        view.selectionModel().select(view.cards.index(row, 0), flag)


def group_menu(page: IdeasPage, text: str) -> None:
    menu = page.group_menu_button.menu()
    action = next(a for a in menu.actions() if a.text().startswith(text))
    action.trigger()


def test_groups_are_made_split_renamed_reordered_and_removed_from_the_keyboard(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    page = open_ideas(qtbot, window, meeting_id)
    window.projector.set_mode(ProjectorMode.WALL)
    for text in ("Plus de bus", "Des pistes cyclables", "Un tram"):
        type_idea(qtbot, page, text)
    select_in(page, None, [0, 1, 2])
    qtbot.keyClick(
        page.wall.column_for(None).list_view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier
    )
    name_group(qtbot, page, "Mobilité")
    assert column_texts(page) == {"Mobilité": ["Plus de bus", "Des pistes cyclables", "Un tram"]}

    # Ctrl+G from inside a group splits it.
    select_in(page, "Mobilité", [2])
    qtbot.keyClick(
        page.wall.columns[0].list_view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier
    )
    name_group(qtbot, page, "Tram")
    assert column_texts(page) == {
        "Mobilité": ["Plus de bus", "Des pistes cyclables"],
        "Tram": ["Un tram"],
    }

    select_in(page, "Tram", [0])
    group_menu(page, "Renommer")
    name_group(qtbot, page, "Tramway")
    select_in(page, "Tramway", [0])
    group_menu(page, "Déplacer le groupe vers la gauche")
    assert list(column_texts(page)) == ["Tramway", "Mobilité"]
    assert list(wall_slide(window)) == ["Tramway", "Mobilité"]

    # Alt+2 moves the selection into the second group, Alt+0 out of any group.
    select_in(page, "Mobilité", [0])
    qtbot.keyClick(page.wall.columns[1].list_view, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert column_texts(page)["Tramway"] == ["Un tram", "Plus de bus"]
    select_in(page, "Tramway", [1])
    qtbot.keyClick(page.wall.columns[0].list_view, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert column_texts(page)[None] == ["Plus de bus"]

    select_in(page, "Tramway", [0])
    group_menu(page, "Supprimer le groupe")
    assert column_texts(page) == {
        "Mobilité": ["Des pistes cyclables"],
        None: ["Plus de bus", "Un tram"],
    }
    assert wall_slide(window) == {
        "Mobilité": ["Des pistes cyclables"],
        None: ["Plus de bus", "Un tram"],
    }


def test_an_edit_shows_in_the_history_and_withdrawn_ideas_come_back(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    page = open_ideas(qtbot, window, meeting_id)
    window.projector.set_mode(ProjectorMode.WALL)
    type_idea(qtbot, page, "Des bancs")
    editors: list[IdeaEditDialog] = []
    page.editor_opened.connect(editors.append)
    select_in(page, None, [0])
    qtbot.keyClick(page.wall.column_for(None).list_view, Qt.Key.Key_F2)
    (first,) = editors
    assert first.history.count() == 0  # not edited yet
    first.text.setPlainText("Des bancs à l'ombre")
    first.tags.setText("mobilier")
    first._accept_if_valid()  # what OK does
    assert column_texts(page) == {None: ["Des bancs à l'ombre"]}
    select_in(page, None, [0])
    qtbot.keyClick(page.wall.column_for(None).list_view, Qt.Key.Key_F2)
    second = editors[-1]
    assert second is not first
    assert second.history.count() == 1
    assert "Des bancs à l'ombre" in second.history.item(0).text()
    second.reject()

    qtbot.keyClick(page.wall.column_for(None).list_view, Qt.Key.Key_Delete)
    assert column_texts(page) == {}
    assert wall_slide(window) == {}
    page.show_withdrawn.setChecked(True)
    loose = page.wall.column_for(None)
    assert loose is not None
    card = loose.list_view.cards.index(0, 0)
    assert str(card.data()).startswith("Des bancs à l'ombre")
    assert card.data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#777777")  # greyed
    select_in(page, None, [0])
    qtbot.mouseClick(page.buttons["restore"], Qt.MouseButton.LeftButton)
    page.show_withdrawn.setChecked(False)
    assert column_texts(page) == {None: ["Des bancs à l'ombre"]}
    assert wall_slide(window) == {None: ["Des bancs à l'ombre"]}
    select_in(page, None, [0])
    qtbot.keyClick(page.wall.column_for(None).list_view, Qt.Key.Key_F2)
    assert editors[-1].history.count() == 3  # edited, withdrawn, restored: all still there
    editors[-1].reject()


def test_the_tag_group_and_author_filters_narrow_the_wall(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    (awa,) = services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo")]
    ).created_ids
    services.checkin.check_in(meeting_id, awa)
    page = open_ideas(qtbot, window, meeting_id)
    page.capture.tags.setText("vélo")
    type_idea(qtbot, page, "Des arceaux")
    page.capture.tags.clear()  # tags stay for a series of post-its until cleared
    page.capture.author.setCurrentIndex(page.capture.author.findData(awa))
    type_idea(qtbot, page, "Un marché")
    type_idea(qtbot, page, "Un banc")
    select_in(page, None, [2])
    qtbot.keyClick(
        page.wall.column_for(None).list_view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier
    )
    name_group(qtbot, page, "Mobilier")

    def first_lines() -> dict[str | None, list[str]]:
        return {k: [t.split("\n")[0] for t in v] for k, v in column_texts(page).items()}

    page.tag_filter.setCurrentIndex(page.tag_filter.findData("vélo"))
    assert first_lines() == {None: ["Des arceaux"]}  # a group with no match steps aside
    page.tag_filter.setCurrentIndex(0)
    page.author_filter.setCurrentIndex(page.author_filter.findData(awa))
    assert first_lines() == {None: ["Un marché"]}
    page.author_filter.setCurrentIndex(0)
    page.cluster_filter.setCurrentIndex(page.cluster_filter.findData(page.clusters[0].id))
    assert first_lines() == {"Mobilier": ["Un banc"]}  # only that group's column
    page.cluster_filter.setCurrentIndex(0)
    assert first_lines() == {"Mobilier": ["Un banc"], None: ["Des arceaux", "Un marché"]}


def test_projector_blank_key_word_cloud_screens_and_contrast(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    page = open_ideas(qtbot, window, meeting_id)
    for text in ("Un vélo pour tous", "Des vélos partagés", "The bike lane"):
        type_idea(qtbot, page, text)
    controller = window.projector
    projector = controller.show_window()
    qtbot.keyClick(
        window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    cloud = controller.slide
    assert isinstance(cloud, WordCloudSlide)
    assert (cloud.words[0].text, cloud.words[0].count) == ("vélo", 2)  # vélo and vélos: one stem
    assert "pour" not in {w.text for w in cloud.words}  # a stop word
    assert "the" not in {w.text for w in cloud.words}

    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert isinstance(controller.slide, BlankSlide)
    assert isinstance(projector.view.slide, BlankSlide)
    qtbot.keyClick(projector, Qt.Key.Key_B)  # the presenter remote's blank key, on the projector
    assert controller.slide == cloud

    qtbot.keyClick(
        window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert isinstance(controller.slide, WallSlide)
    controller.screen_menu.aboutToShow.emit()
    screens = controller.screen_menu.actions()
    assert len(screens) == len(QGuiApplication.screens())
    screens[0].trigger()
    assert controller.screen_name == QGuiApplication.screens()[0].name()

    assert projector.view.theme == HIGH_CONTRAST
    controller.contrast_action.trigger()
    assert projector.view.theme == STANDARD

    # The screen unplugged, then the window closed: nothing is lost, Ctrl+F5 brings it back.
    controller._on_screen_removed(projector.screen())
    assert projector.isVisible()
    assert not projector.isFullScreen()
    projector.close()
    assert not controller.show_action.isChecked()
    controller.show_action.trigger()
    assert projector.isVisible()
    assert controller.mode == ProjectorMode.WALL
    assert projector.view.slide == controller.slide
    assert projector.view.theme == STANDARD


def test_a_wall_of_many_groups_projects_six_readable_columns_and_keeps_the_new_ideas() -> None:
    def column(cluster_id: str | None) -> WallColumn:
        return WallColumn(cluster_id, cluster_id, ())

    groups = tuple(column(f"g{n}") for n in range(9))
    assert projected_columns(groups[:6]) == (groups[:6], 0)
    assert projected_columns(groups) == (groups[:6], 3)
    shown, hidden = projected_columns((*groups, column(None)))
    assert [c.cluster_id for c in shown] == ["g0", "g1", "g2", "g3", "g4", None]
    assert hidden == 4
