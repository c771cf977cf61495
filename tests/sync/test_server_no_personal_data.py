"""No answer, log line or error message of the server holds a participant's name, e-mail or phone.

Desks push registrations (names in the erasable personal part), then spoiled events carrying the
same names and contacts in every wrong place: as field values, oversized, after a NUL, as an
event type, as ids. Every JSON answer (push, views, errors) and every log record, at every level,
is searched for them. (Pull bodies carry personal parts to the organization's desks by design;
they are compressed batches, not answers about events.)
"""

from __future__ import annotations

import logging

import pytest

from civodesk.ids import new_id
from civodesk.journal.event import JournalEvent
from sync.batch_codec import WIRE_CHECKPOINT_EVENTS, encode_batch
from sync.protocol import DEVICE_PATH, MEETINGS_PATH, PULL_PATH
from tests.identities import sign_as_origin
from tests.sync.hostile_events import EMAIL, NAMES, PHONE, Step, chain, clean_story
from tests.sync.server_api import ServerApi

SECRETS = (*NAMES, EMAIL, PHONE)


def _carriers() -> list[Step]:
    """Registrations and edits with the personal data where it must never be."""
    steps: list[Step] = []
    for secret in SECRETS:
        for value in (secret, secret * 5000, f"{secret}\x00", f"\x1b{secret}"):
            steps += [
                ("participant.registered", {"participant_id": new_id(), "commune": value}, None),
                ("participant.registered", {"participant_id": value}, None),
                ("idea.captured", {"idea_id": new_id(), "text": value, "source": value}, None),
                ("participant.edited", {"participant_id": new_id(), "changes": {"first_name": value}}, None),
                (value, {"x": value}, None),
            ]  # fmt: skip
    return steps


def test_no_answer_or_log_line_holds_personal_data(
    server_api: ServerApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    device = server_api.enroll(server_api.organization("Commune de Mana"), "mana-desk")
    story = clean_story(device.device_id)
    events = story.events(story.steps[:8])
    answers = [server_api.push_raw(device, _batch(events))]
    for step in _carriers():
        spoiled = chain(story.meeting_id, device.device_id, [*story.steps[:8], step])
        spoiled = [*events, spoiled[-1]]
        answers.append(server_api.push_raw(device, _batch(spoiled)))
    headers = device.headers
    for view in (
        "",
        "/attendance",
        "/agenda",
        "/ideas",
        "/proxies",
        "/checkins",
        "/events/summary",
        "/fingerprint",
    ):
        answers.append(
            server_api.client.get(f"{MEETINGS_PATH}/{story.meeting_id}{view}", headers=headers)
        )
        answers.append(server_api.client.get(f"{MEETINGS_PATH}/{NAMES[0]}{view}", headers=headers))
    answers.append(server_api.client.get(MEETINGS_PATH, headers=headers))
    answers.append(server_api.client.get(DEVICE_PATH, headers=headers))
    answers.append(server_api.client.get(PULL_PATH, params={"cursor": NAMES[0]}, headers=headers))
    answers.append(server_api.client.get(PULL_PATH, params={"limit": EMAIL}, headers=headers))
    answers.append(server_api.client.post("/v1/enroll", json={"code": EMAIL, "device_id": NAMES[1], "label": PHONE}, headers=headers))  # fmt: skip
    assert all(answer.status_code < 500 for answer in answers)
    assert answers[0].json()["accepted"] == 8
    assert any(answer.status_code == 200 and answer.json()["rejected"] for answer in answers[1:])
    for answer in answers:
        shown = answer.text + " ".join(f"{k}: {v}" for k, v in answer.headers.items())
        for secret in SECRETS:
            assert secret not in shown, (answer.request.url, shown[:300])
    for record in caplog.records:
        logged = record.getMessage() + (record.exc_text or "")
        for secret in SECRETS:
            assert secret not in logged, logged[:300]


def _batch(events: list[JournalEvent]) -> bytes:
    """Signed by the pushing device, so the payloads (not the signature) decide."""
    return encode_batch(
        events, level=1, signer=sign_as_origin, checkpoint_every=WIRE_CHECKPOINT_EVENTS
    )
