"""Every item model passes Qt's model tester, and behaves as the views expect."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from civodesk.ideas.idea import IdeaFields, IdeaFilter, IdeaSource, IdeaView
from civodesk.ideas.reading import IdeaMatcher
from civodesk.services import Services
from tests.factories import AGENDA, meeting_fields
from ui.ideas.idea_wall_model import (
    IDEA_ID_ROLE,
    IDEA_ROLE,
    ColumnModel,
    IdeaWallModel,
    wall_buckets,
)
from ui.meetings.agenda_model import (
    DURATION_COLUMN,
    ERROR_ROLE,
    ITEM_ID_ROLE,
    TITLE_COLUMN,
    AgendaModel,
    AgendaRow,
)
from ui.meetings.meeting_list_model import (
    MEETING_ID_ROLE,
    STATUS_COLUMN,
    MeetingFilterProxyModel,
    MeetingListModel,
)


def test_meeting_list_model_and_its_filter(qtmodeltester: Any, services: Services) -> None:
    first = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.meetings.create_meeting(meeting_fields(title="Atelier jeunesse", place="Lycée"))
    model = MeetingListModel()
    model.set_rows(services.meetings.list_meetings())
    qtmodeltester.check(model)
    proxy = MeetingFilterProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_search("lycee")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data() == "Atelier jeunesse"
    proxy.set_search("")
    assert proxy.rowCount() == 2
    row = model.row_of(first)
    assert row is not None
    assert model.index(row, 0).data(MEETING_ID_ROLE) == first
    assert model.index(row, STATUS_COLUMN).data() == "En préparation"


def test_agenda_model_edits_moves_and_reports_errors(qtmodeltester: Any) -> None:
    model = AgendaModel()
    model.set_rows(
        [AgendaRow(item.title, item.duration_minutes, f"id-{n}") for n, item in enumerate(AGENDA)]
    )
    qtmodeltester.check(model)
    assert model.move_row(0, 2)
    assert [row.item_id for row in model.rows()] == ["id-1", "id-2", "id-0"]
    assert model.index(2, 0).data() == 3  # numbers follow the order
    assert model.move_row(2, 0)
    assert [row.item_id for row in model.rows()] == ["id-0", "id-1", "id-2"]
    assert not model.move_row(0, 5)
    assert model.setData(model.index(1, DURATION_COLUMN), 0)
    assert (
        model.index(1, DURATION_COLUMN).data(ERROR_ROLE)
        == "La durée prévue va de 1 à 1440 minutes."
    )
    assert model.index(1, DURATION_COLUMN).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.first_error() == "Point 2 : La durée prévue va de 1 à 1440 minutes."
    model.add_row("Conclusion", 5)
    assert model.index(3, TITLE_COLUMN).data(ITEM_ID_ROLE) is None
    qtmodeltester.check(model)
    read_only = AgendaModel(editable=False)
    read_only.set_rows(model.rows())
    assert not read_only.flags(read_only.index(0, TITLE_COLUMN)) & Qt.ItemFlag.ItemIsEditable
    assert not read_only.setData(read_only.index(0, TITLE_COLUMN), "x")


def test_idea_list_model(qtmodeltester: Any, qapp: Any, services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.ideas.capture_many(
        meeting_id,
        [IdeaFields("Plus de pistes cyclables"), IdeaFields("Un abri bus", IdeaSource.POSTIT)],
    )
    model = IdeaWallModel()
    ideas = services.ideas.list_ideas(meeting_id)
    model.set_ideas(ideas)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(1, 0).data(IDEA_ROLE).source == IdeaSource.POSTIT
    services.ideas.support(meeting_id, ideas[1].id, 3)
    model.update_ideas(services.ideas.get_ideas(meeting_id, [ideas[1].id]), {ideas[1].id})
    assert model.index(1, 0).data() == "Un abri bus\n+3"
    model.update_ideas([], {ideas[0].id})
    assert [model.index(0, 0).data(IDEA_ID_ROLE)] == [ideas[1].id]
    qtmodeltester.check(model)


def test_a_wall_column_updates_card_by_card_and_refills_on_a_filter(
    qtmodeltester: Any, qapp: Any
) -> None:
    def idea(idea_id: str, text: str, cluster: str | None, position: float) -> IdeaView:
        return IdeaView(idea_id, text, IdeaSource.FLOOR, None, cluster_id=cluster,
                        cluster_position=position, version=text)  # fmt: skip

    source = IdeaWallModel()
    source.set_ideas(
        [idea("a", "Vélo", "c1", 2), idea("b", "Bus", "c1", 1), idea("c", "Tram", None, 0)]
    )
    matcher = IdeaMatcher()
    column = ColumnModel("c1", source)
    column.refill(wall_buckets(source, matcher, IdeaFilter()).get("c1", []))
    qtmodeltester.check(column)
    assert column.ids() == ["b", "a"]  # by position in the cluster
    resets: list[int] = []
    column.modelReset.connect(lambda: resets.append(1))
    repainted: list[int] = []
    column.dataChanged.connect(lambda first, _last: repainted.append(first.row()))

    def everything(_idea: IdeaView) -> bool:
        return True

    source.update_ideas([idea("a", "Vélos", "c1", 2)], {"a"})  # an edit in place
    column.update({"a"}, everything)
    assert (column.ids(), repainted, column.index(1).data()) == (["b", "a"], [1], "Vélos")
    source.update_ideas([idea("n", "Piétons", "c1", 1.5), idea("c", "Tram", "c1", 3)], {"n", "c"})
    column.update({"n", "c"}, everything)  # a new idea, and one moved in from another column
    assert column.ids() == ["b", "n", "a", "c"]
    source.update_ideas([idea("b", "Bus", "c1", 9)], {"b"})  # moved to the end of the column
    column.update({"b"}, everything)
    assert column.ids() == ["n", "a", "c", "b"]
    source.update_ideas([], {"a"})  # gone
    column.update({"a"}, everything)
    assert column.ids() == ["n", "c", "b"]
    assert resets == []  # changes never reset the column
    column.refill(wall_buckets(source, matcher, IdeaFilter(text="tram")).get("c1", []))
    assert column.ids() == ["c"]
    qtmodeltester.check(column)
