"""One-per-person rules two desks broke while apart, shown as conflicts and resolved by events.

The breaches are not stored: they are read from the check-in tables by the attendance rules
(``civodesk.checkin.attendance_rules.rule_breaches``), so every desk and the server see the same
ones, whatever order the events arrived in. Until a person resolves one, the rule's choice counts.
Resolving keeps that choice for good with events that already exist: the set-aside proxies and
badges are withdrawn, a second entry is cancelled (the journal keeps both).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, select

from civodesk.checkin.attendance_rules import RuleBreach, rule_breaches
from civodesk.checkin.handlers import (
    BADGE_REVOKED,
    CHECKIN_CANCELLED,
    PROXY_REVOKED,
    badges_table,
    proxies_table,
    scans_table,
)
from civodesk.devices.handlers import device_keys
from civodesk.i18n import _, elides
from civodesk.journal.store import NewEvent
from civodesk.participants.handlers import participants_table as participants


def breach_id(meeting_id: str, breach: RuleBreach) -> str:
    """A stable id: the same breach has the same id on every desk; a changed one, a new id."""
    key = "|".join(
        ["rule", meeting_id, breach.kind, breach.subject_id, *breach.kept, "/", *breach.set_aside]
    )
    return hashlib.sha256(key.encode()).hexdigest()


def breaches_by_id(conn: Connection, meeting_id: str) -> dict[str, RuleBreach]:
    return {breach_id(meeting_id, b): b for b in rule_breaches(conn, meeting_id)}


def describe(conn: Connection, meeting_id: str, breach: RuleBreach, ids: tuple[str, ...]) -> str:
    """The kept or the set-aside side of a breach, in words (names, desks, times)."""
    if breach.kind in ("proxy_giver", "proxy_limit"):
        return "; ".join(_describe_proxy(conn, meeting_id, proxy_id) for proxy_id in ids)
    if breach.kind == "badge":
        return "; ".join(_describe_badge(conn, meeting_id, breach.subject_id, key) for key in ids)
    return "; ".join(_describe_entry(conn, meeting_id, event_id) for event_id in ids)


def _name(conn: Connection, participant_id: str) -> str:
    row = conn.execute(
        select(participants.c.first_name, participants.c.last_name).where(
            participants.c.id == participant_id
        )
    ).one_or_none()
    if row is None:
        return "?"
    return f"{row.first_name or ''} {row.last_name or ''}".strip() or _("(nom effacé)")


def _desk(conn: Connection, meeting_id: str, device_id: str) -> str:
    label = conn.execute(
        select(device_keys.c.label).where(
            device_keys.c.meeting_id == meeting_id, device_keys.c.device_id == device_id
        )
    ).scalar()
    return str(label or device_id[:8])


def _describe_proxy(conn: Connection, meeting_id: str, proxy_id: str) -> str:
    row = conn.execute(
        select(proxies_table.c.giver_id, proxies_table.c.holder_id).where(
            proxies_table.c.meeting_id == meeting_id, proxies_table.c.id == proxy_id
        )
    ).one()
    return _("{holder} vote pour {giver}").format(
        holder=_name(conn, row.holder_id), giver=_name(conn, row.giver_id)
    )


def _split_badge_key(key: str) -> tuple[str, int]:
    device_id, serial = key.rsplit(":", 1)
    return device_id, int(serial)


def _describe_badge(conn: Connection, meeting_id: str, person: str, key: str) -> str:
    device_id, serial = _split_badge_key(key)
    code = conn.execute(
        select(badges_table.c.manual_code).where(
            badges_table.c.meeting_id == meeting_id,
            badges_table.c.participant_id == person,
            badges_table.c.device_id == device_id,
            badges_table.c.serial == serial,
        )
    ).scalar()
    name = _name(conn, person)
    text = (
        _("badge d'{name} émis par le poste « {desk} » (code {code})")
        if elides(name)
        else _("badge de {name} émis par le poste « {desk} » (code {code})")
    )
    return text.format(name=name, desk=_desk(conn, meeting_id, device_id), code=code or "?")


def _describe_entry(conn: Connection, meeting_id: str, event_id: str) -> str:
    row = conn.execute(
        select(
            scans_table.c.participant_id, scans_table.c.device_id, scans_table.c.device_time_ms
        ).where(scans_table.c.meeting_id == meeting_id, scans_table.c.event_id == event_id)
    ).one()
    at = datetime.fromtimestamp(row.device_time_ms / 1000).strftime("%H:%M")  # desk's local time
    name = _name(conn, row.participant_id)
    text = (
        _("entrée d'{name} au poste « {desk} » à {time}")
        if elides(name)
        else _("entrée de {name} au poste « {desk} » à {time}")
    )
    return text.format(name=name, desk=_desk(conn, meeting_id, row.device_id), time=at)


def resolution_events(conn: Connection, meeting_id: str, breach: RuleBreach) -> list[NewEvent]:
    """The events that make the rule's choice final: what was set aside is withdrawn."""
    if breach.kind in ("proxy_giver", "proxy_limit"):
        return [NewEvent(PROXY_REVOKED, {"proxy_id": proxy_id}) for proxy_id in breach.set_aside]
    if breach.kind == "badge":
        events = []
        for key in breach.set_aside:
            device_id, serial = _split_badge_key(key)
            payload: dict[str, Any] = {
                "participant_id": breach.subject_id,
                "serial": serial,
                "device_id": device_id,
            }
            events.append(NewEvent(BADGE_REVOKED, payload))
        return events
    return [
        NewEvent(CHECKIN_CANCELLED, {"participant_id": breach.subject_id, "scan_event_id": e})
        for e in breach.set_aside
        if conn.execute(
            select(scans_table.c.event_id).where(
                and_(scans_table.c.meeting_id == meeting_id, scans_table.c.event_id == e)
            )
        ).first()
        is not None
    ]
