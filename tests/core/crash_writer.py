"""Child process for the crash-safety test: journaled actions in a loop until it is killed.

Usage: ``python -m tests.core.crash_writer DATABASE DEVICE_DIR``. It prints ``ready`` once the database is open,
then, after each committed action, the sequence number of the newest event of its stream. The
device identity is kept in the database, so every run continues the same stream.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import replace
from pathlib import Path

from civodesk.clock import SystemClock
from civodesk.db.database import open_database
from civodesk.devices.store import database_device
from civodesk.ideas.idea import IdeaFields
from civodesk.journal.store import stream_head
from civodesk.meetings.meeting import AgendaItemFields, MeetingFields
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services, build_services
from tests.factories import meeting_fields


def _meeting(services: Services) -> tuple[str, MeetingFields]:
    meeting_id = services.meetings.most_recent_meeting_id()
    if meeting_id is None:
        meeting_id = services.meetings.create_meeting(meeting_fields(title="Crash 0")).meeting_id
    return meeting_id, services.meetings.get_meeting(meeting_id).fields


def main(database_path: str, device_dir: str) -> None:
    database = open_database(database_path)
    database.claim_instance()
    device = database_device(database, Path(device_dir), "crash-writer")
    services = build_services(database, device, SystemClock())
    meeting_id, fields = _meeting(services)
    print("ready", flush=True)
    for number in itertools.count(1):
        action = number % 4
        if action == 0:
            fields = replace(fields, title=f"Crash {number}")
            services.meetings.update_meeting(meeting_id, fields)
        elif action == 1:
            services.meetings.add_agenda_item(meeting_id, AgendaItemFields(f"Point {number}", 5))
        elif action == 2:
            people = [ParticipantFields(f"Prénom {number}", f"Nom {n}") for n in range(5)]
            services.participants.register_many(meeting_id, people)
        else:
            services.ideas.capture_many(meeting_id, [IdeaFields(f"Idée {number}")])
        with database.read() as conn:
            seq, _hash = stream_head(conn, meeting_id, device.device_id)
        print(seq, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
