"""The projector's read model, without Qt: what each slide shows, and what it must never show."""

from __future__ import annotations

import dataclasses

import pytest

from civodesk.clock import ManualClock
from civodesk.facilitation.agenda_run import TimerLevel
from civodesk.ideas.idea import IdeaFields
from civodesk.meetings.meeting import AgendaItemFields
from civodesk.participants.participant import ParticipantFields
from civodesk.projector.slides import (
    BlankSlide,
    ProjectorMode,
    QuestionSlide,
    TimerSlide,
    WallCard,
    WallColumn,
    WallSlide,
    WelcomeSlide,
    WordCloudSlide,
    patch_wall,
)
from civodesk.projector.word_cloud import word_cloud, words_of
from civodesk.services import Services
from tests.factories import meeting_fields

PERSONAL = ("awa.diallo@example.org", "06 12 34 56 78", "Cayenne", "Diallo")


@pytest.fixture
def meeting(services: Services) -> str:
    agenda = [AgendaItemFields("Mobilités", 20), AgendaItemFields("Budget", 30)]
    return services.meetings.create_meeting(meeting_fields(), agenda).meeting_id


@pytest.fixture
def awa(services: Services, meeting: str) -> str:
    (person,) = services.participants.register_many(
        meeting,
        [
            ParticipantFields(
                "Awa", "Diallo", email=PERSONAL[0], phone=PERSONAL[1], commune=PERSONAL[2]
            )
        ],
        "Émargement",
    ).created_ids
    services.checkin.check_in(meeting, person)
    return person


def _slide_text(slide: object) -> str:
    return repr(dataclasses.asdict(slide))  # type: ignore[call-overload]


def test_welcome_shows_title_and_live_attendance(
    services: Services, meeting: str, awa: str, clock: ManualClock
) -> None:
    slide = services.projector.slide(meeting, ProjectorMode.WELCOME, clock.now_ms())
    assert isinstance(slide, WelcomeSlide)
    assert slide.title == meeting_fields().title
    assert slide.present_count == 1
    services.checkin.check_out(meeting, awa)
    assert services.projector.welcome(meeting).present_count == 0
    assert not any(value in _slide_text(slide) for value in PERSONAL)


def test_wall_never_shows_anonymous_authors_nor_personal_data(
    services: Services, meeting: str, awa: str, clock: ManualClock
) -> None:
    services.ideas.capture(meeting, IdeaFields("Des bancs", author_id=awa))
    services.ideas.capture(meeting, IdeaFields("Un marché le soir"))
    withdrawn = services.ideas.capture(meeting, IdeaFields("Retirée")).created_ids[0]
    services.ideas.withdraw(meeting, withdrawn)
    hidden = services.projector.slide(meeting, ProjectorMode.WALL, clock.now_ms())
    credited = services.projector.slide(
        meeting, ProjectorMode.WALL, clock.now_ms(), credit_authors=True
    )
    assert isinstance(hidden, WallSlide)
    assert isinstance(credited, WallSlide)
    assert [(c.text, c.author) for c in hidden.columns[0].cards] == [
        ("Des bancs", None),
        ("Un marché le soir", None),
    ]
    assert [(c.text, c.author) for c in credited.columns[0].cards] == [
        ("Des bancs", "Awa D."),
        ("Un marché le soir", None),
    ]
    for slide in (hidden, credited):
        text = _slide_text(slide)
        assert "Retirée" not in text
        assert not any(value in text for value in PERSONAL)


def test_erased_people_are_never_named(services: Services, meeting: str, awa: str) -> None:
    services.ideas.capture(meeting, IdeaFields("Des bancs", author_id=awa))
    services.meetings.close_meeting(meeting)
    services.privacy.purge_personal_data(meeting)
    slide = services.projector.slide(meeting, ProjectorMode.WALL, 0, credit_authors=True)
    assert isinstance(slide, WallSlide)
    assert slide.columns[0].cards[0].author is None
    assert "Awa" not in _slide_text(slide)


def test_wall_columns_follow_clusters_and_shorten_long_ideas(
    services: Services, meeting: str, clock: ManualClock
) -> None:
    a, b, c = services.ideas.capture_many(
        meeting, [IdeaFields("Vélo"), IdeaFields("Bus " * 200), IdeaFields("Parc")]
    ).created_ids
    services.ideas.create_cluster(meeting, "Mobilité", [b, a])
    merged = services.ideas.merge(meeting, [a, b], "Vélo et bus").created_ids[0]
    slide = services.projector.slide(meeting, ProjectorMode.WALL, clock.now_ms())
    assert isinstance(slide, WallSlide)
    assert [(col.name, [card.text for card in col.cards]) for col in slide.columns] == [
        ("Mobilité", ["Vélo et bus"]),
        (None, ["Parc"]),
    ]
    assert slide.columns[0].cards[0].merged_count == 2
    long_card = services.projector.cards(meeting, [b])[b]
    assert long_card is None  # merged into another: shown only inside it
    services.ideas.edit_idea(meeting, c, {"text": "Parc " * 100})
    card = services.projector.cards(meeting, [c, merged])[c]
    assert card is not None
    assert card.shortened
    assert len(card.text) <= 280
    assert card.text.endswith("…")


def test_question_and_timer_follow_the_agenda_runner(
    services: Services, meeting: str, clock: ManualClock
) -> None:
    now = clock.now_ms
    assert services.projector.slide(meeting, ProjectorMode.QUESTION, now()) == QuestionSlide(
        None, None
    )
    services.facilitation.start(meeting)
    item = services.facilitation.board(meeting).items[0].item_id
    services.facilitation.ask_question(meeting, item, "Comment venez-vous ici ?")
    assert services.projector.slide(meeting, ProjectorMode.QUESTION, now()) == QuestionSlide(
        "Mobilités", "Comment venez-vous ici ?"
    )
    clock.advance(19 * 60_000 + 30_000)
    timer = services.projector.slide(meeting, ProjectorMode.TIMER, now())
    assert isinstance(timer, TimerSlide)
    assert (timer.remaining_ms, timer.level, timer.running) == (30_000, TimerLevel.WARNING, True)
    assert services.projector.slide(meeting, ProjectorMode.BLANK, now()) == BlankSlide()


def test_word_cloud_of_the_current_item(services: Services, meeting: str) -> None:
    services.facilitation.start(meeting)
    board = services.facilitation.board(meeting)
    mobility, budget = (item.item_id for item in board.items)
    services.ideas.capture_many(
        meeting,
        [
            IdeaFields("Des pistes cyclables pour aller à l'école", agenda_item_id=mobility),
            IdeaFields("Une piste cyclable sûre", agenda_item_id=mobility),
            IdeaFields("Baisser les impôts", agenda_item_id=budget),
        ],
    )
    slide = services.projector.slide(meeting, ProjectorMode.WORD_CLOUD, 0)
    assert isinstance(slide, WordCloudSlide)
    words = {word.text: word.count for word in slide.words}
    assert words["piste"] == 2
    assert words["cyclable"] == 2
    assert "impôts" not in words
    assert not {"des", "pour", "une", "l'école"} & set(words)


def test_word_cloud_groups_stems_and_drops_stop_words_in_both_languages() -> None:
    cloud = word_cloud(["More bikes and a bike lane", "The bike is great", "Les vélos, le vélo"])
    assert [(w.text, w.count) for w in cloud[:2]] == [("bike", 3), ("vélo", 2)]
    assert cloud[0].weight == 1.0
    assert words_of("Qu'on l'écrive : the and of, 2027 ! 🚲") == ["écrive"]
    assert word_cloud([]) == ()


def test_patch_wall_updates_only_the_named_cards_or_asks_for_a_full_read() -> None:
    def card(idea_id: str, text: str, cluster: str | None) -> WallCard:
        return WallCard(idea_id, text, False, 0, None, None, 0, cluster)

    wall = WallSlide(
        "Point",
        (
            WallColumn("c1", "Mobilité", (card("a", "Vélo", "c1"),)),
            WallColumn(None, None, (card("b", "Bus", None),)),
        ),
        2,
    )
    edited = patch_wall(wall, {"a": card("a", "Vélos", "c1"), "n": card("n", "Tram", "c1")})
    assert edited is not None
    assert [[c.text for c in col.cards] for col in edited.columns] == [["Vélos", "Tram"], ["Bus"]]
    assert edited.columns[1] is wall.columns[1]  # untouched: the projector reuses its painting
    withdrawn = patch_wall(wall, {"b": None})
    assert withdrawn is not None
    assert [col.name for col in withdrawn.columns] == ["Mobilité"]
    assert withdrawn.idea_count == 1
    assert patch_wall(wall, {"b": card("b", "Bus", "c1")}) is None  # moved: read it all
    assert patch_wall(wall, {"n": card("n", "Tram", "c9")}) is None  # a column it lacks
