"""Who may vote: the kiosk's turn after a badge scan, and the one-ballot-per-person check."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from civodesk.checkin.desk import display_name
from civodesk.i18n import _
from civodesk.meetings.meeting import FieldError, ValidationError
from civodesk.participants.handlers import participants_table as participants
from civodesk.voting.attendance_link import is_present, represented_by
from civodesk.voting.handlers import marks_table
from civodesk.voting.results import vote_row
from civodesk.voting.vote import VoteStatus


class AlreadyVotedError(ValueError):
    """This person's vote was already recorded for this vote: one ballot per person."""


@dataclass(frozen=True)
class VoterTurn:
    """Whose votes one person casts at the kiosk: their own and their proxies' not yet cast."""

    participant_id: str
    name: str
    cast_for: tuple[tuple[str, str], ...]
    refusal: str = ""

    @property
    def ballots(self) -> int:
        return len(self.cast_for)


def voter_turn(
    conn: Connection, meeting_id: str, vote_id: str, person: str, name: str
) -> VoterTurn:
    """Whose votes ``person`` (found by a badge scan) may cast now, or why not."""
    try:
        row = vote_row(conn, meeting_id, vote_id)
    except LookupError:
        return VoterTurn(person, name, (), _("Ce vote n'existe plus."))
    if row.status != VoteStatus.OPEN:
        return VoterTurn(person, name, (), _("Ce vote n'est pas ouvert."))
    if not is_present(conn, person):
        return VoterTurn(
            person,
            name,
            (),
            _("Vous n'êtes pas enregistré comme présent : passez d'abord à l'accueil."),
        )
    candidates = [person, *represented_by(conn, meeting_id, person)]
    voted = set(
        conn.execute(
            select(marks_table.c.participant_id).where(
                marks_table.c.meeting_id == meeting_id,
                marks_table.c.vote_id == vote_id,
                marks_table.c.participant_id.in_(candidates),
            )
        ).scalars()
    )
    cast_for = tuple((pid, display_name(conn, pid)) for pid in candidates if pid not in voted)
    if not cast_for:
        return VoterTurn(person, name, (), _("Vous avez déjà voté."))
    return VoterTurn(person, name, cast_for)


def check_voter(
    conn: Connection, meeting_id: str, vote_id: str, person: str | None, cast_by: str | None
) -> None:
    """Refuse a person not registered, a proxy not in force, or a second vote of the person."""
    registered = conn.execute(
        select(participants.c.removed).where(
            participants.c.id == person, participants.c.meeting_id == meeting_id
        )
    ).one_or_none()
    if registered is None or registered.removed:
        raise ValidationError(
            [FieldError("participant", _("Cette personne n'est pas inscrite à la réunion."))]
        )
    proxied = cast_by is not None and cast_by != person
    if proxied and person not in represented_by(conn, meeting_id, cast_by or ""):
        raise ValidationError(
            [FieldError("participant", _("Aucune procuration en vigueur pour ce vote."))]
        )
    already = conn.execute(
        select(marks_table.c.event_id).where(
            marks_table.c.meeting_id == meeting_id,
            marks_table.c.vote_id == vote_id,
            marks_table.c.participant_id == person,
        )
    ).first()
    if already is not None:
        raise AlreadyVotedError(
            _("{name} a déjà voté.").format(name=display_name(conn, person or ""))
        )
