"""Events a hostile or broken desk could push: a clean story of every event type, correctly
hash-chained, and the ways to spoil one of its payloads.

``clean_story`` writes one event of every projected type (creation first), with the payloads the
desk's services write; its ``device.joined`` announces the key the test holds for that device id
(``tests.identities``), so the harness's pushes carry heads signed by the certified key. ``chain``
turns (type, payload, personal) triples into a genuine stream of one device, so the server's chain
and signature checks pass and only the payload decides.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from civodesk.features import registry
from civodesk.ids import new_id, new_meeting_id
from civodesk.journal.event import (
    GENESIS_HASH,
    JournalEvent,
    JsonObject,
    compute_hash,
    personal_digest,
)
from civodesk.journal.store import DEVICE_JOINED
from civodesk.meetings.service import meeting_payload
from tests.factories import meeting_fields
from tests.identities import identity_for

Step = tuple[str, JsonObject, JsonObject | None]

NAMES = ("Éloïse", "Quentin-Marceau")
EMAIL = "eloise.quentin-marceau@example.fr"
PHONE = "0694112233"


def chain(
    meeting_id: str,
    device_id: str,
    steps: list[Step],
    start_ms: int = 1_764_150_000_000,
    event_ids: list[str] | None = None,
) -> list[JournalEvent]:
    """A genuine stream (seq from 1, each hash chained on the previous one)."""
    events = []
    prev_hash = GENESIS_HASH
    for seq, (event_type, payload, personal) in enumerate(steps, start=1):
        fields: dict[str, Any] = {
            "event_id": event_ids[seq - 1] if event_ids else new_id(),
            "meeting_id": meeting_id,
            "device_id": device_id,
            "seq": seq,
            "device_time_ms": start_ms + seq,
            "hlc": (start_ms + seq) << 16,
            "type": event_type,
            "payload": payload,
            "personal_digest": personal_digest(personal),
            "prev_hash": prev_hash,
        }
        prev_hash = compute_hash(**fields)
        events.append(JournalEvent(**fields, hash=prev_hash, personal=personal))
    return events


@dataclass(frozen=True)
class Story:
    meeting_id: str
    device_id: str
    steps: list[Step]

    def events(self, steps: list[Step] | None = None) -> list[JournalEvent]:
        return chain(self.meeting_id, self.device_id, self.steps if steps is None else steps)


def clean_story(device_id: str) -> Story:
    """One event of every projected type, in an order every handler accepts."""
    identity = identity_for(device_id)
    meeting_id = new_meeting_id(device_id)
    item, idea, proxy = new_id(), new_id(), new_id()
    secret_vote, public_vote, dropped_vote = new_id(), new_id(), new_id()
    giver, holder = new_id(), new_id()
    person = {"first_name": NAMES[0], "last_name": NAMES[1], "email": EMAIL, "phone": PHONE}
    public = {"commune": "Mana", "neighbourhood": "Bourg", "age_bracket": "26-40"}
    steps: list[Step] = [
        (
            DEVICE_JOINED,
            {
                "public_key": identity.public_key_b64,
                "key_id": identity.key_id,
                "label": "Accueil",
            },
            None,
        ),
        ("meeting.created", meeting_payload(meeting_fields()), None),
        (
            "agenda_item.added",
            {"item_id": item, "title": "Ouverture", "duration_minutes": 20, "position": 1.0},
            None,
        ),
        (
            "agenda_item.edited",
            {"item_id": item, "base": None, "changes": {"title": "Accueil"}},
            None,
        ),
        (
            "participant.registered",
            {"participant_id": giver, **public, "consent": True, "consent_purpose": "émargement"},
            {**person, "_salt": "00ff00ff00ff00ff"},
        ),
        (
            "participant.registered",
            {"participant_id": holder, **public},
            {**person, "first_name": "Ange", "_salt": "11ee11ee11ee11ee"},
        ),
        (
            "participant.edited",
            {
                "participant_id": giver,
                "base": None,
                "changes": {"commune": "Iracoubo", "consent": True, "consent_purpose": "suivi"},
            },
            {"phone": PHONE, "_salt": "22dd22dd22dd22dd"},
        ),
        (
            "idea.captured",
            {
                "idea_id": idea,
                "text": "Un marché le samedi\nprès de l'école",
                "source": "floor",
                "agenda_item_id": item,
            },
            None,
        ),
        (
            "idea.edited",
            {"idea_id": idea, "base": None, "changes": {"text": "Un marché couvert"}},
            None,
        ),
        (
            "badge.issued",
            {
                "participant_id": giver,
                "serial": 1,
                "token": "CV1.demo-token",
                "manual_code": "ABCD1234",
                "key_id": identity.key_id,
                "issued_on": "2026-12-01",
            },
            None,
        ),
        ("badge.revoked", {"participant_id": giver, "serial": 1}, None),
        (
            "checkin.scanned",
            {
                "participant_id": holder,
                "method": "qr",
                "accepted": True,
                "reason": "",
                "excerpt": "",
            },
            None,
        ),
        (
            "checkin.scanned",
            {
                "participant_id": None,
                "method": "manual",
                "accepted": False,
                "reason": "unknown_code",
                "excerpt": "ZZZZ",
            },
            None,
        ),
        ("proxy.granted", {"proxy_id": proxy, "giver_id": giver, "holder_id": holder}, None),
        ("proxy.revoked", {"proxy_id": proxy}, None),
        ("checkin.checked_out", {"participant_id": holder, "method": "desk"}, None),
        ("meeting.opened", {"base": None}, None),
        (
            "meeting.edited",
            {"base": None, "changes": {"place": "Salle des fêtes", "quorum_percent": 25.0}},
            None,
        ),
        ("meeting.closed", {"base": None, "reason": "fin de séance"}, None),
        ("meeting.reopened", {"base": None, "reason": "oubli"}, None),
        ("conflict.reviewed", {"conflict_id": "0" * 64}, None),
        *_vote_steps(secret_vote, public_vote, dropped_vote, item, giver, holder),
        ("personal_data.purged", {"participants": 2}, None),
        ("checkin.cancelled", {"participant_id": holder, "scan_event_id": new_id()}, None),
        ("participant.erased", {"participant_id": holder}, None),
        *_facilitation_steps(item, idea),
        ("vote.restored", {"vote_id": dropped_vote}, None),  # the removal undone…
        ("vote.removed", {"vote_id": dropped_vote}, None),  # …and redone
        ("device.renamed", {"label": "salle du conseil"}, None),
        ("device.clock_offset", {"offset_ms": -86_400_000, "rtt_ms": 600}, None),
    ]
    return Story(meeting_id, device_id, steps)


def _facilitation_steps(item: str, idea: str) -> list[Step]:
    """The live agenda run through one item, and the idea wall: a cluster, supports, a merge."""
    question, decision, cluster, twin, merged = (new_id() for _ in range(5))
    run = {
        "item_id": item,
        "state": "done",
        "elapsed_ms": 60_000,
        "running_since_ms": None,
        "overrun_ms": 0,
        "finished_ms": 1_000,
    }
    return [
        ("agenda_item.started", {"item_id": item}, None),
        ("agenda_item.paused", {"item_id": item}, None),
        ("agenda_item.finished", {"item_id": item, "planned_ms": 1_200_000}, None),
        ("agenda_item.runs_restored", {"runs": [run], "focus_item_id": item}, None),
        ("agenda_item.notes_edited", {"item_id": item, "notes": "Débat animé", "base": None}, None),
        (
            "question.asked",
            {"question_id": question, "agenda_item_id": item, "text": "Où ?", "position": 1.0},
            None,
        ),
        (
            "question.edited",
            {"question_id": question, "base": None, "changes": {"text": "Où le placer ?"}},
            None,
        ),
        ("facilitation.focus_set", {"item_id": item, "question_id": question}, None),
        (
            "decision.recorded",
            {
                "decision_id": decision,
                "agenda_item_id": item,
                "kind": "action",
                "text": "Chiffrer le projet",
                "owner": "Services techniques",
                "due_date": "2027-01-15",
            },
            None,
        ),
        (
            "decision.edited",
            {"decision_id": decision, "base": None, "changes": {"owner": "Mairie"}},
            None,
        ),
        (
            "idea_cluster.created",
            {"cluster_id": cluster, "name": "Commerces", "position": 1.0, "agenda_item_id": item},
            None,
        ),
        (
            "idea_cluster.edited",
            {"cluster_id": cluster, "base": None, "changes": {"name": "Commerce local"}},
            None,
        ),
        ("idea.supported", {"idea_id": idea, "amount": 1}, None),
        ("idea.support_counted", {"idea_id": idea, "count": 7}, None),
        ("idea.captured", {"idea_id": twin, "text": "Un marché", "tags": ["commerce"]}, None),
        (
            "ideas.merged",
            {
                "idea_id": merged,
                "text": "Un marché couvert le samedi",
                "cluster_id": cluster,
                "merged_from": [idea, twin],
            },
            None,
        ),
    ]


def _vote_steps(
    secret: str, public: str, dropped: str, item: str, giver: str, holder: str
) -> list[Step]:
    """A secret yes/no vote run to its reveal, a public approval vote, a vote removed unopened."""
    yes_no = [{"id": "yes", "label": "Pour"}, {"id": "no", "label": "Contre"}]
    setup = {"agenda_item_id": item, "secret": True, "projector_live": False}
    rules = {"majority": "custom", "base": "cast", "share": "3/5", "strict": False}
    presence = {"quorum": None, "present": None, "registered": None}
    snapshot = {
        "registered": 2,
        "present": 1,
        "represented": 1,
        "quorum_required": 1,
        "quorum_met": True,
    }
    ballots = ["no", "yes", "yes", {"mark": "blank"}]  # canonical order (sealed_order)
    return [
        (
            "vote.created",
            {
                "vote_id": secret,
                **setup,
                "question": "Adoptez-vous le projet de marché couvert ?",
                "method": "yes_no_abstain",
                "options": yes_no,
                "rules": {**rules, **presence},
                "meeting_quorum": True,
            },
            None,
        ),
        ("vote.opened", {"vote_id": secret}, None),
        (
            "vote.voted",
            {"vote_id": secret, "participant_id": giver, "cast_by": holder, "origin": "kiosk"},
            None,
        ),
        (
            "vote.tallied",
            {
                "vote_id": secret,
                "origin": "hands",
                "counts": {"options": {"yes": 3}, "blank": 0, "spoiled": 1},
            },
            None,
        ),
        ("vote.box_sealed", {"vote_id": secret, "ballots": ballots}, None),
        ("vote.closed", {"vote_id": secret, "snapshot": snapshot}, None),
        ("vote.revealed", {"vote_id": secret, "revealed": True}, None),
        (
            "vote.created",
            {
                "vote_id": public,
                **setup,
                "agenda_item_id": None,
                "question": "Quels aménagements ?",
                "method": "approval",
                "options": [
                    {"id": "opt-1", "label": "Un préau"},
                    {"id": "opt-2", "label": "Des bancs"},
                ],
                "rules": {"max_choices": 1},
                "secret": False,
                "meeting_quorum": False,
            },
            None,
        ),
        ("vote.opened", {"vote_id": public}, None),
        (
            "vote.voted",
            {
                "vote_id": public,
                "participant_id": holder,
                "cast_by": holder,
                "origin": "desk",
                "ballot": ["opt-2"],
            },
            None,
        ),
        ("vote.double_reviewed", {"vote_id": public, "mark_event_id": new_id()}, None),
        (
            "vote.created",
            {
                "vote_id": dropped,
                **setup,
                "question": "Classez les jours",
                "method": "borda",
                "options": [{"id": "mardi", "label": "Mardi"}, {"id": "jeudi", "label": "Jeudi"}],
                "rules": None,
                "meeting_quorum": False,
            },
            None,
        ),
        ("vote.removed", {"vote_id": dropped}, None),
    ]


HUGE_INTEGERS = (2**63, 2**64 + 1, -(2**63) - 1, 10**30)
WRONG_VALUES: tuple[Any, ...] = (None, True, 0, -1, 1.5, "", "texte", [], [1, "a"], {}, {"a": 1})
SPOILED_TEXTS = (
    "a\x00b",
    "\x00",
    "bip\x07",
    "esc\x1b[2J",
    "x" * 100_001,
    "\x7f",
    "\u0085",
    "\u33af" * 200,  # valid, but folds to 8 characters each for the search key
    "ß" * 200,
)
INJECTED_KEYS = (
    "meeting_id",
    "organization_id",
    "id",
    "version",
    "stamps",
    "removed ",
    "\x00",
    "x" * 300,
)


def payload_paths(payload: JsonObject) -> list[tuple[str, ...]]:
    """Every key path of a payload, nested objects included (changes, organization)."""
    paths: list[tuple[str, ...]] = []
    for key, value in payload.items():
        paths.append((key,))
        if isinstance(value, dict):
            paths += [(key, *inner) for inner in payload_paths(value)]
    return paths


def spoil(payload: JsonObject, path: tuple[str, ...], how: str, value: Any) -> JsonObject:
    """A copy of ``payload`` with one change at ``path``: delete, set a value, or add a key."""
    spoiled = copy.deepcopy(payload)
    target = spoiled
    for key in path[:-1]:
        target = target[key]
    if how == "delete":
        del target[path[-1]]
    elif how == "set":
        target[path[-1]] = value
    else:  # "add": a key beside the path's last one
        target[str(value)] = "injecté"
    return spoiled


def is_valid(event: JournalEvent) -> bool:
    return registry.payload_problem(event) is None
