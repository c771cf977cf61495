"""The central team's detailed views: agenda, check-ins, proxies and ideas of a pushed meeting.

Each runs on SQLite and PostgreSQL (``server_api``), shows only the device's organization, and
identifies people by participant id, never by name or scanned text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from civodesk.ideas.handlers import IDEA_EDITED
from civodesk.ideas.idea import IdeaFields, IdeaSource
from civodesk.participants.participant import ParticipantFields
from sync.protocol import (
    MAX_VIEW_PAGE_LIMIT,
    MEETINGS_PATH,
    AgendaView,
    CheckInList,
    ErrorCode,
    IdeaList,
    ProxyList,
)
from tests.factories import AGENDA
from tests.sync.journal_data import SyncDesk, fill_meeting
from tests.sync.server_api import EnrolledDevice, ServerApi

DeskFactory = Callable[..., SyncDesk]
NEW_VIEWS = ("agenda", "checkins", "proxies", "ideas")


@dataclass
class PushedMeeting:
    api: ServerApi
    device: EnrolledDevice
    desk: SyncDesk
    meeting_id: str

    def get(self, view: str, **params: int) -> dict[str, object]:
        response = self.api.client.get(
            f"{MEETINGS_PATH}/{self.meeting_id}/{view}", headers=self.device.headers, params=params
        )
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body


@pytest.fixture
def pushed(server_api: ServerApi, sync_desk_factory: DeskFactory) -> PushedMeeting:
    """A workshop like the demo's: agenda edited, people checked in, a proxy, ideas captured."""
    desk = sync_desk_factory("accueil")
    services = desk.services
    meeting = fill_meeting(desk, participants=6, idea_count=5)
    agenda = services.meetings.get_meeting(meeting).agenda
    services.meetings.remove_agenda_item(meeting, agenda[1].id)
    services.meetings.move_agenda_item(meeting, agenda[2].id, 0)
    services.ideas.capture_many(
        meeting,
        [IdeaFields("Un marché de producteurs", IdeaSource.FLOOR, agenda_item_id=agenda[0].id)],
    )
    removed_idea = services.ideas.list_ideas(meeting)[0]
    with services.database.write() as conn:
        services.journal.append(
            conn,
            meeting,
            IDEA_EDITED,
            {"idea_id": removed_idea.id, "changes": {"removed": True}, "base": None},
        )
    services.participants.register_many(meeting, [ParticipantFields("Awa", "Diallo")])
    people = services.participants.list_participants(meeting)
    for person in people[:3]:
        desk.clock.advance(1_000)
        services.checkin.check_in(meeting, person.id)
    desk.clock.advance(1_000)
    services.checkin.check_in(meeting, people[0].id)  # duplicate
    desk.clock.advance(1_000)
    services.checkin.scan(meeting, "ZZZZ-ZZZZ")  # refused: matches nobody
    desk.clock.advance(1_000)
    services.checkin.check_out(meeting, people[2].id)
    services.checkin.grant_proxy(meeting, people[3].id, people[0].id)
    second = services.checkin.grant_proxy(meeting, people[4].id, people[1].id).created_ids[0]
    services.checkin.revoke_proxy(meeting, second)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(device, desk.events())
    return PushedMeeting(server_api, device, desk, meeting)


def test_the_agenda_lists_current_items_in_order(pushed: PushedMeeting) -> None:
    view = AgendaView.model_validate(pushed.get("agenda"))
    on_desk = pushed.desk.services.meetings.get_meeting(pushed.meeting_id).agenda
    assert [item.item_id for item in view.items] == [item.id for item in on_desk]
    assert [item.title for item in view.items] == [AGENDA[2].title, AGENDA[0].title]
    assert [item.index for item in view.items] == [0, 1]
    assert view.items[0].duration_minutes == AGENDA[2].duration_minutes


def test_check_ins_list_every_scan_by_participant_id(pushed: PushedMeeting) -> None:
    view = CheckInList.model_validate(pushed.get("checkins"))
    people = [p.id for p in pushed.desk.services.participants.list_participants(pushed.meeting_id)]
    assert view.page.total == len(view.check_ins) == 6
    rows = [(c.participant_id, c.direction, c.accepted, c.duplicate) for c in view.check_ins]
    assert rows[:4] == [
        (people[0], "in", True, False),
        (people[1], "in", True, False),
        (people[2], "in", True, False),
        (people[0], "in", True, True),
    ]
    refused = view.check_ins[4]
    assert (refused.participant_id, refused.accepted, refused.reason) == (
        None,
        False,
        "unknown_code",
    )
    assert view.check_ins[5].direction == "out"
    assert view.check_ins[5].participant_id == people[2]
    assert all(c.reason == "" for c in view.check_ins if c.accepted)
    assert all(c.device_id == pushed.desk.device_id for c in view.check_ins)
    times = [c.device_time_ms for c in view.check_ins]
    assert times == sorted(times)
    assert times[0] >= pushed.desk.clock.now_ms() - 10_000


def test_no_names_or_scanned_text_leave_the_server(pushed: PushedMeeting) -> None:
    people = pushed.desk.services.participants.list_participants(pushed.meeting_id)
    bodies = " ".join(
        pushed.api.client.get(
            f"{MEETINGS_PATH}/{pushed.meeting_id}/{view}", headers=pushed.device.headers
        ).text
        for view in ("checkins", "proxies")
    )
    for person in people:
        assert person.last_name not in bodies
    assert "ZZZZ" not in bodies
    assert "excerpt" not in bodies


def test_proxies_show_givers_and_holders_including_revoked(pushed: PushedMeeting) -> None:
    view = ProxyList.model_validate(pushed.get("proxies"))
    people = [p.id for p in pushed.desk.services.participants.list_participants(pushed.meeting_id)]
    assert view.page.total == 2
    assert [(p.giver_id, p.holder_id, p.revoked) for p in view.proxies] == [
        (people[3], people[0], False),
        (people[4], people[1], True),
    ]
    active = pushed.desk.services.checkin.list_proxies(pushed.meeting_id)
    assert [p.proxy_id for p in view.proxies if not p.revoked] == [a.id for a in active]


def test_ideas_leave_out_removed_ones(pushed: PushedMeeting) -> None:
    view = IdeaList.model_validate(pushed.get("ideas"))
    on_desk = pushed.desk.services.ideas.list_ideas(pushed.meeting_id)
    assert len(on_desk) == 5
    assert view.page.total == 5
    assert [i.idea_id for i in view.ideas] == [i.id for i in on_desk]
    assert [i.text for i in view.ideas] == [i.text for i in on_desk]
    market = view.ideas[-1]
    assert market.text == "Un marché de producteurs"
    assert market.source == "floor"
    assert market.agenda_item_id == on_desk[-1].agenda_item_id is not None


@pytest.mark.parametrize("view", ["checkins", "ideas"])
def test_pages_cover_the_list_without_overlap(pushed: PushedMeeting, view: str) -> None:
    key = {"checkins": "check_ins", "ideas": "ideas"}[view]
    whole = pushed.get(view)[key]
    assert isinstance(whole, list)
    collected: list[object] = []
    offset = 0
    while True:
        body = pushed.get(view, offset=offset, limit=2)
        page = body["page"]
        assert page == {"total": len(whole), "offset": offset, "limit": 2}
        items = body[key]
        assert isinstance(items, list)
        if not items:
            break
        assert len(items) <= 2
        collected.extend(items)
        offset += len(items)
    assert collected == whole


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": MAX_VIEW_PAGE_LIMIT + 1}, {"offset": -1}]
)
def test_out_of_range_paging_is_refused(pushed: PushedMeeting, params: dict[str, int]) -> None:
    for view in ("checkins", "proxies", "ideas"):
        response = pushed.api.client.get(
            f"{MEETINGS_PATH}/{pushed.meeting_id}/{view}",
            headers=pushed.device.headers,
            params=params,
        )
        assert response.status_code == 422, (view, params)
        assert response.json()["error"] == ErrorCode.INVALID_REQUEST


def test_the_largest_page_is_accepted(pushed: PushedMeeting) -> None:
    body = pushed.get("ideas", limit=MAX_VIEW_PAGE_LIMIT)
    assert body["page"] == {"total": 5, "offset": 0, "limit": MAX_VIEW_PAGE_LIMIT}


def test_another_organization_gets_the_same_refusal_as_the_existing_views(
    pushed: PushedMeeting, sync_desk_factory: DeskFactory
) -> None:
    api = pushed.api
    other_desk = sync_desk_factory("awala")
    fill_meeting(other_desk, participants=2, idea_count=1, seed=3)
    stranger = api.enroll(api.organization("Commune d'Awala"), other_desk.device_id)
    api.push(stranger, other_desk.events())
    existing = api.client.get(
        f"{MEETINGS_PATH}/{pushed.meeting_id}/attendance", headers=stranger.headers
    )
    assert existing.status_code == 404
    for view in NEW_VIEWS:
        response = api.client.get(
            f"{MEETINGS_PATH}/{pushed.meeting_id}/{view}", headers=stranger.headers
        )
        assert response.status_code == existing.status_code, view
        assert response.json() == existing.json()
        assert response.json()["error"] == ErrorCode.NOT_FOUND
        assert "Un marché" not in response.text


def test_an_empty_meeting_answers_empty_lists(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=0, idea_count=0)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(device, desk.events())
    empty = PushedMeeting(server_api, device, desk, meeting)
    assert CheckInList.model_validate(empty.get("checkins")).check_ins == []
    assert ProxyList.model_validate(empty.get("proxies")).page.total == 0
    assert IdeaList.model_validate(empty.get("ideas")).ideas == []
    assert len(AgendaView.model_validate(empty.get("agenda")).items) == len(AGENDA)


def test_openapi_documents_the_new_views(server_api: ServerApi) -> None:
    schema = server_api.client.get("/openapi.json").json()
    for view in NEW_VIEWS:
        assert f"{MEETINGS_PATH}/{{meeting_id}}/{view}" in schema["paths"], view
    for name in ("AgendaView", "CheckInList", "ProxyList", "IdeaList", "PageInfo"):
        assert name in schema["components"]["schemas"], name
