"""Proxies (procurations): an absent person gives their vote to someone present.

A proxy is recorded once and withdrawn by event; whether it is in force at a given moment (holder
present, giver absent) is decided by the attendance rules, not here.
"""

from __future__ import annotations

from sqlalchemy import Connection, or_, select

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.attendance_rules import meeting_proxy_limit
from civodesk.checkin.desk import CHECKIN_TOPICS, DeskPart, join_name, require_meeting
from civodesk.checkin.handlers import (
    PROXY_GRANTED,
    PROXY_REVOKED,
    attendance_table,
    proxies_table,
)
from civodesk.checkin.views import ProxyView
from civodesk.i18n import _
from civodesk.ids import new_id
from civodesk.meetings.meeting import FieldError, ValidationError
from civodesk.participants.handlers import participants_table as participants
from civodesk.participants.service import participant_row


class ProxyDesk(DeskPart):
    def grant_proxy(self, meeting_id: str, giver_id: str, holder_id: str) -> ChangeSet:
        """Record that ``holder_id`` (present) holds the proxy of ``giver_id`` (absent), within
        the meeting's limit of proxies per holder."""
        with self._db.write() as conn:
            require_meeting(conn, meeting_id, writable=True)
            participant_row(conn, meeting_id, giver_id)
            participant_row(conn, meeting_id, holder_id)
            limit = meeting_proxy_limit(conn, meeting_id)
            problem = proxy_problem(conn, meeting_id, giver_id, holder_id, limit)
            if problem:
                raise ValidationError([FieldError("proxy", problem)])
            proxy_id = new_id()
            self._journal.append(
                conn,
                meeting_id,
                PROXY_GRANTED,
                {"proxy_id": proxy_id, "giver_id": giver_id, "holder_id": holder_id},
            )
        people = [giver_id, holder_id]
        return ChangeSet(
            meeting_id,
            _("Enregistrer une procuration"),
            CHECKIN_TOPICS,
            1,
            created_ids=(proxy_id,),
            changed=touched(proxies=[proxy_id], attendance=people, checkin=people),
        )

    def revoke_proxy(self, meeting_id: str, proxy_id: str) -> ChangeSet:
        """Withdraw a recorded proxy of this meeting; an unknown or already withdrawn one is
        refused with nothing written (a stray event would be replayed on every desk)."""
        with self._db.write() as conn:
            require_meeting(conn, meeting_id, writable=True)
            proxy = conn.execute(
                select(
                    proxies_table.c.revoked, proxies_table.c.giver_id, proxies_table.c.holder_id
                ).where(proxies_table.c.id == proxy_id, proxies_table.c.meeting_id == meeting_id)
            ).one_or_none()
            if proxy is None:
                raise LookupError(_("Procuration introuvable dans cette réunion."))
            if proxy.revoked:
                raise LookupError(_("Cette procuration a déjà été retirée."))
            self._journal.append(conn, meeting_id, PROXY_REVOKED, {"proxy_id": proxy_id})
        people = [proxy.giver_id, proxy.holder_id]
        return ChangeSet(
            meeting_id,
            _("Retirer la procuration"),
            CHECKIN_TOPICS,
            1,
            changed=touched(proxies=[proxy_id], attendance=people, checkin=people),
        )

    def list_proxies(self, meeting_id: str) -> list[ProxyView]:
        giver = participants.alias("giver")
        holder = participants.alias("holder")
        query = (
            select(
                proxies_table,
                giver.c.first_name.label("giver_first"),
                giver.c.last_name.label("giver_last"),
                holder.c.first_name.label("holder_first"),
                holder.c.last_name.label("holder_last"),
            )
            .join(giver, giver.c.id == proxies_table.c.giver_id)
            .join(holder, holder.c.id == proxies_table.c.holder_id)
            .where(proxies_table.c.meeting_id == meeting_id, proxies_table.c.revoked.is_(False))
            .order_by(proxies_table.c.granted_hlc)
        )
        with self._db.read() as conn:
            rows = conn.execute(query).all()
        return [
            ProxyView(
                id=row.id,
                giver_id=row.giver_id,
                giver_name=join_name(row.giver_first, row.giver_last),
                holder_id=row.holder_id,
                holder_name=join_name(row.holder_first, row.holder_last),
            )
            for row in rows
        ]


def proxy_problem(
    conn: Connection, meeting_id: str, giver_id: str, holder_id: str, limit: int
) -> str:
    if giver_id == holder_id:
        return _("Une personne ne peut pas se donner procuration à elle-même.")
    present = set(
        conn.execute(
            select(attendance_table.c.participant_id).where(
                attendance_table.c.participant_id.in_([giver_id, holder_id]),
                attendance_table.c.present.is_(True),
            )
        ).scalars()
    )
    if holder_id not in present:
        return _("La personne qui reçoit la procuration doit être présente.")
    if giver_id in present:
        return _("La personne présente vote elle-même : pas de procuration.")
    active = conn.execute(
        select(proxies_table.c.giver_id, proxies_table.c.holder_id).where(
            proxies_table.c.meeting_id == meeting_id,
            proxies_table.c.revoked.is_(False),
            or_(proxies_table.c.giver_id == giver_id, proxies_table.c.holder_id == holder_id),
        )
    ).all()
    if any(row.giver_id == giver_id for row in active):
        return _("Cette personne a déjà donné procuration.")
    if sum(row.holder_id == holder_id for row in active) >= limit:
        return _("Cette personne détient déjà {limit} procuration(s), le maximum.").format(
            limit=limit
        )
    return ""
