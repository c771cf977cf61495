"""Ideas: capture, edit/withdraw/restore with history, clusters, merges, supports, search, undo."""

from __future__ import annotations

import pytest

from civodesk.ideas.idea import ClusterNotFoundError, IdeaFields, IdeaFilter, IdeaSource
from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from civodesk.undo import UndoHistory
from tests.factories import AGENDA, meeting_fields


@pytest.fixture
def meeting(services: Services) -> str:
    return services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id


def _capture(services: Services, meeting: str, *texts: str, **extra: object) -> list[str]:
    change = services.ideas.capture_many(meeting, [IdeaFields(t, **extra) for t in texts])  # type: ignore[arg-type]
    return list(change.created_ids)


def _texts(services: Services, meeting: str, **filters: object) -> list[str]:
    return [i.text for i in services.ideas.list_ideas(meeting, IdeaFilter(**filters))]  # type: ignore[arg-type]


def test_blank_ideas_are_refused_and_nothing_is_written(services: Services, meeting: str) -> None:
    with pytest.raises(ValidationError):
        services.ideas.capture_many(meeting, [IdeaFields("Des bancs"), IdeaFields("  \n\t ")])
    assert services.ideas.list_ideas(meeting) == []
    (idea,) = _capture(services, meeting, "Des bancs")
    with pytest.raises(ValidationError):
        services.ideas.edit_idea(meeting, idea, {"text": "   "})
    assert _texts(services, meeting) == ["Des bancs"]


def test_long_emoji_and_mixed_scripts_are_stored_intact(services: Services, meeting: str) -> None:
    long_text = ("Une piste cyclable 🚲 sûre, منطقة آمنة, 安全な道 — " * 500)[:19_999] + "x"
    (idea,) = _capture(services, meeting, long_text)
    (stored,) = services.ideas.get_ideas(meeting, [idea])
    assert stored.text == long_text.strip()
    assert len(stored.text) == 20_000


def test_author_must_be_checked_in_and_anonymous_ideas_have_none(
    services: Services, meeting: str
) -> None:
    awa, ben = services.participants.register_many(
        meeting, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Ben", "Martin")]
    ).created_ids
    services.checkin.check_in(meeting, awa)
    with pytest.raises(ValidationError):
        services.ideas.capture(meeting, IdeaFields("Plus d'arbres", author_id=ben))
    _capture(services, meeting, "Plus d'arbres", author_id=awa)
    _capture(services, meeting, "Un marché le soir")
    ideas = services.ideas.list_ideas(meeting)
    assert [(i.author_name, i.anonymous) for i in ideas] == [("Awa D.", False), (None, True)]
    assert _texts(services, meeting, author_id=awa) == ["Plus d'arbres"]


def test_edit_withdraw_restore_are_journaled_with_history(services: Services, meeting: str) -> None:
    (idea,) = _capture(services, meeting, "Des bancs", tags=("mobilier",))
    services.ideas.edit_idea(meeting, idea, {"text": "Des bancs à l'ombre", "colour": "green"})
    services.ideas.withdraw(meeting, idea)
    assert _texts(services, meeting) == []
    assert _texts(services, meeting, include_withdrawn=True) == ["Des bancs à l'ombre"]
    services.ideas.restore(meeting, idea)
    history = services.ideas.history(meeting, idea)
    assert [entry.changes for entry in history] == [
        {"colour": "green", "text": "Des bancs à l'ombre"},
        {"withdrawn": True},
        {"withdrawn": False},
    ]
    with pytest.raises(ValidationError):
        services.ideas.edit_idea(meeting, idea, {"colour": "chartreuse"})


def test_clusters_group_reorder_split_and_move_out(services: Services, meeting: str) -> None:
    a, b, c = _capture(services, meeting, "Vélo", "Bus", "Parc")
    mobility = services.ideas.create_cluster(meeting, "Mobilité", [a, b]).created_ids[0]
    nature = services.ideas.create_cluster(meeting, "Nature", [c]).created_ids[0]
    services.ideas.move_cluster(meeting, nature, 0)
    assert [cl.name for cl in services.ideas.clusters(meeting)] == ["Nature", "Mobilité"]
    services.ideas.rename_cluster(meeting, mobility, "Déplacements")
    split = services.ideas.create_cluster(meeting, "Transports en commun", [b]).created_ids[0]
    wall = services.ideas.wall(meeting)
    assert [i.text for i in wall.in_cluster(mobility)] == ["Vélo"]
    assert [i.text for i in wall.in_cluster(split)] == ["Bus"]
    services.ideas.move_to_cluster(meeting, [a], None)
    assert [i.text for i in services.ideas.wall(meeting).in_cluster(None)] == ["Vélo"]
    assert _texts(services, meeting, cluster_id=split) == ["Bus"]
    with pytest.raises(ClusterNotFoundError):
        services.ideas.move_to_cluster(meeting, [a], "no-such-cluster")
    with pytest.raises(ValidationError):
        services.ideas.create_cluster(meeting, "  ")


def test_merge_keeps_originals_and_adds_supporters(services: Services, meeting: str) -> None:
    a, b = _capture(services, meeting, "Plus de bancs", "Des bancs sur la place")
    services.ideas.support(meeting, a, 3)
    services.ideas.set_support_count(meeting, b, 5)
    merged = services.ideas.merge(meeting, [a, b], "Des bancs sur la place").created_ids[0]
    services.ideas.support(meeting, merged)
    ideas = services.ideas.list_ideas(meeting)
    assert [(i.text, i.supports) for i in ideas] == [("Des bancs sur la place", 9)]
    wall = services.ideas.wall(meeting)
    assert sorted(i.text for i in wall.originals[merged]) == [
        "Des bancs sur la place",
        "Plus de bancs",
    ]
    with pytest.raises(ValidationError):
        services.ideas.merge(meeting, [a])


def test_show_of_hands_then_plus_one(services: Services, meeting: str) -> None:
    (idea,) = _capture(services, meeting, "Un composteur")
    services.ideas.support(meeting, idea)
    services.ideas.set_support_count(meeting, idea, 12)
    services.ideas.support(meeting, idea)
    assert services.ideas.get_ideas(meeting, [idea])[0].supports == 13
    with pytest.raises(ValidationError):
        services.ideas.set_support_count(meeting, idea, -1)


def test_search_ignores_case_and_accents_and_filters_by_tag(
    services: Services, meeting: str
) -> None:
    _capture(services, meeting, "Rénover l'ÉCOLE", tags=("Éducation",))
    _capture(services, meeting, "Une école de musique")
    _capture(services, meeting, "Des pistes cyclables", source=IdeaSource.POSTIT)
    assert _texts(services, meeting, text="ecole") == ["Rénover l'ÉCOLE", "Une école de musique"]
    assert _texts(services, meeting, text="ecole musique") == ["Une école de musique"]
    assert _texts(services, meeting, tag="éducation") == ["Rénover l'ÉCOLE"]


def test_every_action_undoes_and_redoes(services: Services, meeting: str) -> None:
    history = UndoHistory(services.execute)
    history.scope = meeting
    a, b = _capture(services, meeting, "Vélo", "Bus")
    for change in (
        services.ideas.capture(meeting, IdeaFields("Tram")),
        services.ideas.create_cluster(meeting, "Mobilité", [a, b]),
        services.ideas.support(meeting, a, 2),
        services.ideas.set_support_count(meeting, b, 7),
        services.ideas.edit_idea(meeting, a, {"text": "Vélos"}),
        services.ideas.merge(meeting, [a, b]),
    ):
        history.record(change)
    after = services.ideas.wall(meeting)
    for _step in range(6):
        history.undo()
    wall = services.ideas.wall(meeting)
    assert [(i.text, i.supports, i.cluster_id) for i in wall.ideas] == [
        ("Vélo", 0, None),
        ("Bus", 0, None),
    ]
    assert wall.clusters == ()
    for _step in range(6):
        history.redo()
    redone = services.ideas.wall(meeting)
    assert [(i.text, i.supports) for i in redone.ideas] == [
        (i.text, i.supports) for i in after.ideas
    ]
    assert [c.name for c in redone.clusters] == ["Mobilité"]


def test_change_sets_name_the_ideas_they_touched(services: Services, meeting: str) -> None:
    a, b = _capture(services, meeting, "Vélo", "Bus")
    change = services.ideas.create_cluster(meeting, "Mobilité", [a])
    assert change.ids("ideas") == {a}
    assert change.ids("clusters") == set(change.created_ids)
    assert services.ideas.support(meeting, b).ids("ideas") == {b}
