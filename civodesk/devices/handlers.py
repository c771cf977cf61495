"""``device.joined``: the public key (and name) of each device that wrote to a meeting;
``device.renamed``: the desk's new name, in its own stream; ``device.clock_offset``: the offsets
from the server's clock each device journaled (``civodesk.journal.clock_offset``)."""

from __future__ import annotations

from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.db.schema import DeviceKey, table_of
from civodesk.journal.clock_offset import CLOCK_OFFSET, project_observation
from civodesk.journal.clock_tables import observations_table
from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.store import DEVICE_JOINED
from civodesk.journal.trust_tables import trusted_devices  # noqa: F401  (registers the table)

DEVICE_RENAMED = "device.renamed"

device_keys = table_of(DeviceKey)
registry.own_tables(device_keys, observations_table)


@registry.on(DEVICE_JOINED)
def _device_joined(context: HandlerContext, event: JournalEvent) -> None:
    insert_ignoring_duplicates(
        context.conn,
        device_keys,
        [
            {
                "meeting_id": event.meeting_id,
                "device_id": event.device_id,
                "key_id": event.payload["key_id"],
                "public_key": event.payload["public_key"],
                "label": event.payload.get("label", ""),
            }
        ],
    )


@registry.on(DEVICE_RENAMED)
def _device_renamed(context: HandlerContext, event: JournalEvent) -> None:
    context.conn.execute(
        device_keys.update()
        .where(
            device_keys.c.meeting_id == event.meeting_id,
            device_keys.c.device_id == event.device_id,
        )
        .values(label=event.payload["label"])
    )


@registry.on(CLOCK_OFFSET)
def _clock_offset(context: HandlerContext, event: JournalEvent) -> None:
    project_observation(context, event)
