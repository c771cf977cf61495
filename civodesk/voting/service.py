"""Setting up, running and closing votes; every ballot, from any origin, comes in through ``cast``.

A closed vote is locked: nothing of it changes afterwards (only the reveal and the review of a
double vote, which are not part of the count). Closing seals this desk's ballot box into the
journal, records the presence and quorum of that moment, erases the open box and empties the WAL
(``Database.flush_erased_data``), so no copy of a secret ballot outlives the vote on this desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.service import CheckinService
from civodesk.db.database import Database
from civodesk.i18n import _
from civodesk.ids import new_id
from civodesk.journal.store import Journal, NewEvent
from civodesk.meetings.guards import require_editable
from civodesk.meetings.meeting import FieldError, ValidationError
from civodesk.voting import ballot_box
from civodesk.voting.attendance_link import attendance_snapshot
from civodesk.voting.ballots import Ballot, InvalidBallotError
from civodesk.voting.commands import (
    CAST,
    CLOSED,
    OPENED,
    CannotUndo,
    RecordTally,
    RemoveVote,
    RestoreVote,
    RevealVote,
)
from civodesk.voting.counting import ballot_json, validate_ballot
from civodesk.voting.handlers import (
    VOTE_BOX_SEALED,
    VOTE_CAST,
    VOTE_CLOSED,
    VOTE_CREATED,
    VOTE_DOUBLE_REVIEWED,
    VOTE_OPENED,
    VOTE_REMOVED,
    VOTE_RESTORED,
    VOTE_REVEALED,
    VOTE_TALLIED,
    marks_table,
    votes_table,
)
from civodesk.voting.results import (
    ballot_rules,
    latest_tallies,
    mark_count,
    vote_outcome,
    vote_row,
    vote_view,
)
from civodesk.voting.tally import Tally, excess_over_voters, tally_problems
from civodesk.voting.vote import (
    Origin,
    VoteOutcome,
    VoteSetup,
    VoteStatus,
    VoteView,
    checked_rules,
    validate_setup,
)
from civodesk.voting.voters import VoterTurn, check_voter, voter_turn

VOTE_TOPICS = frozenset({"votes"})


class VoteStateError(ValueError):
    """The vote is not in a state that allows this (not open, already closed…)."""


@dataclass(frozen=True)
class BallotIntake:
    """One ballot handed in, from any origin (kiosk, paper, phone, the facilitator's desk).

    ``participant_id`` is whose vote it is (``None`` for an anonymous paper ballot);
    ``cast_by`` the person voting, when it is a proxy holder voting for ``participant_id``.
    """

    ballot: Ballot
    origin: Origin
    participant_id: str | None = None
    cast_by: str | None = None


@dataclass(frozen=True)
class CastReceipt:
    change: ChangeSet
    box_key: str | None
    """The random key of a ballot put in the open box (to correct the last paper ballot)."""


class VoteService:
    def __init__(self, database: Database, journal: Journal, checkin: CheckinService) -> None:
        self._db = database
        self._journal = journal
        self._checkin = checkin

    # Setup ----------------------------------------------------------------------------------

    def create_vote(self, meeting_id: str, setup: VoteSetup) -> ChangeSet:
        errors = validate_setup(setup)
        if errors:
            raise ValidationError(errors)
        rules = checked_rules(setup.method, setup.rules)
        vote_id = new_id()
        payload: dict[str, Any] = {
            "vote_id": vote_id,
            "agenda_item_id": setup.agenda_item_id,
            "question": setup.question.strip(),
            "method": setup.method,
            "options": [{"id": o.id, "label": o.label.strip()} for o in setup.options],
            "rules": rules,
            "secret": setup.secret,
            "projector_live": setup.projector_live,
            "meeting_quorum": setup.meeting_quorum,
        }
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            self._journal.append(conn, meeting_id, VOTE_CREATED, payload)
        return ChangeSet(
            meeting_id,
            _("Préparer un vote"),
            VOTE_TOPICS,
            1,
            undo=RemoveVote(meeting_id, vote_id),
            redo=RestoreVote(meeting_id, vote_id),
            created_ids=(vote_id,),
            changed=touched(votes=[vote_id]),
        )

    def remove_vote(self, meeting_id: str, vote_id: str) -> ChangeSet:
        """Remove a vote still in preparation (an opened vote stays in the record)."""
        with self._db.write() as conn:
            self._require(conn, meeting_id, vote_id, VoteStatus.DRAFT)
            self._journal.append(conn, meeting_id, VOTE_REMOVED, {"vote_id": vote_id})
        return ChangeSet(
            meeting_id,
            _("Supprimer le vote"),
            VOTE_TOPICS,
            1,
            undo=RestoreVote(meeting_id, vote_id),
            redo=RemoveVote(meeting_id, vote_id),
            changed=touched(votes=[vote_id]),
        )

    def restore_vote(self, meeting_id: str, vote_id: str) -> ChangeSet:
        """Bring back a removed draft (undoing its removal, or redoing its creation)."""
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            removed = conn.execute(
                select(votes_table.c.status).where(
                    votes_table.c.id == vote_id,
                    votes_table.c.meeting_id == meeting_id,
                    votes_table.c.removed.is_(True),
                )
            ).scalar()
            if removed != VoteStatus.DRAFT.value:
                raise VoteStateError(_("Ce vote n'est pas un brouillon supprimé."))
            self._journal.append(conn, meeting_id, VOTE_RESTORED, {"vote_id": vote_id})
        return ChangeSet(
            meeting_id,
            _("Rétablir le vote"),
            VOTE_TOPICS,
            1,
            undo=RemoveVote(meeting_id, vote_id),
            redo=RestoreVote(meeting_id, vote_id),
            changed=touched(votes=[vote_id]),
        )

    def open_vote(self, meeting_id: str, vote_id: str) -> ChangeSet:
        with self._db.write() as conn:
            self._require(conn, meeting_id, vote_id, VoteStatus.DRAFT)
            self._journal.append(conn, meeting_id, VOTE_OPENED, {"vote_id": vote_id})
        final = CannotUndo(meeting_id, OPENED)
        return ChangeSet(
            meeting_id,
            _("Ouvrir le vote"),
            VOTE_TOPICS,
            1,
            undo=final,
            redo=final,
            changed=touched(votes=[vote_id]),
        )

    # Ballots --------------------------------------------------------------------------------

    def cast(self, meeting_id: str, vote_id: str, intake: BallotIntake) -> CastReceipt:
        """Record one ballot: the voter's "a voté" mark and, for a secret vote, the ballot in the
        open box, in one transaction. Refused with nothing written if the vote is not open, the
        ballot breaks the rules, or the person already voted."""
        with self._db.write() as conn:
            row = self._require(conn, meeting_id, vote_id, VoteStatus.OPEN)
            vote = vote_view(row, 0)
            self._check_ballot(vote, intake.ballot)
            if intake.participant_id is None:
                if intake.origin is not Origin.PAPER:
                    raise ValidationError(
                        [FieldError("participant", _("Ce bulletin n'est rattaché à personne."))]
                    )
                paper_key = ballot_box.put(conn, vote_id, vote.method, intake.ballot)
                return CastReceipt(
                    ChangeSet(
                        meeting_id,
                        _("Saisir un bulletin"),
                        VOTE_TOPICS,
                        0,
                        undo=CannotUndo(meeting_id, CAST),
                        redo=CannotUndo(meeting_id, CAST),
                        changed=touched(votes=[vote_id]),
                    ),
                    paper_key,
                )
            check_voter(conn, meeting_id, vote_id, intake.participant_id, intake.cast_by)
            payload: dict[str, Any] = {
                "vote_id": vote_id,
                "participant_id": intake.participant_id,
                "cast_by": intake.cast_by or intake.participant_id,
                "origin": intake.origin.value,
            }
            key: str | None = None
            if vote.secret:
                key = ballot_box.put(conn, vote_id, vote.method, intake.ballot)
            else:
                payload["ballot"] = ballot_json(vote.method, intake.ballot)
            self._journal.append(conn, meeting_id, VOTE_CAST, payload)
        final = CannotUndo(meeting_id, CAST)
        return CastReceipt(
            ChangeSet(
                meeting_id,
                _("Voter"),
                VOTE_TOPICS,
                1,
                undo=final,
                redo=final,
                changed=touched(votes=[vote_id]),
            ),
            key,
        )

    def correct_paper_ballot(
        self, meeting_id: str, vote_id: str, box_key: str, ballot: Ballot
    ) -> ChangeSet:
        """Change the last paper ballot entered (still in the open box) to ``ballot``."""
        with self._db.write() as conn:
            row = self._require(conn, meeting_id, vote_id, VoteStatus.OPEN)
            vote = vote_view(row, 0)
            self._check_ballot(vote, ballot)
            if not ballot_box.replace(conn, vote_id, box_key, vote.method, ballot):
                raise LookupError(_("Ce bulletin n'est plus dans l'urne de ce poste."))
        return ChangeSet(
            meeting_id, _("Corriger le bulletin"), VOTE_TOPICS, 0, changed=touched(votes=[vote_id])
        )

    def record_tally(
        self, meeting_id: str, vote_id: str, origin: Origin, tally: Tally
    ) -> ChangeSet:
        """Record counts entered by hand; they replace the previous tally of the same origin.

        Refused when the counts do not fit the vote, or when all the votes recorded would be
        more than the people present and represented."""
        with self._db.write() as conn:
            row = self._require(conn, meeting_id, vote_id, VoteStatus.OPEN)
            vote = vote_view(row, 0)
            if not vote.takes_tally:
                raise ValidationError(
                    [FieldError("tally", _("Cette méthode ne se compte pas à main levée."))]
                )
            problems = tally_problems(tally, [option.id for option in vote.options])
            others = sum(
                t.total for o, t in latest_tallies(conn, meeting_id, vote_id).items() if o != origin
            )
            recorded = self._recorded(conn, meeting_id, vote) + others
            excess = excess_over_voters(
                recorded + tally.total, attendance_snapshot(conn, meeting_id).voters
            )
            if excess:
                problems.append(excess)
            if problems:
                raise ValidationError([FieldError("tally", problem) for problem in problems])
            previous = latest_tallies(conn, meeting_id, vote_id).get(origin, Tally({}))
            self._journal.append(
                conn,
                meeting_id,
                VOTE_TALLIED,
                {"vote_id": vote_id, "origin": origin.value, "counts": tally.to_dict()},
            )
        return ChangeSet(
            meeting_id,
            _("Saisir un décompte"),
            VOTE_TOPICS,
            1,
            undo=RecordTally(meeting_id, vote_id, origin, previous),
            redo=RecordTally(meeting_id, vote_id, origin, tally),
            changed=touched(votes=[vote_id]),
        )

    # Kiosk ----------------------------------------------------------------------------------

    def voter_turn(self, meeting_id: str, vote_id: str, scanned: str) -> VoterTurn:
        """Who a badge scanned at the kiosk lets vote now; never raises on input (nothing written)."""
        found = self._checkin.verify(meeting_id, scanned)
        if found.participant_id is None or found.reason is not None:
            return VoterTurn("", found.display_name, (), found.message)
        with self._db.read() as conn:
            return voter_turn(conn, meeting_id, vote_id, found.participant_id, found.display_name)

    # Close ----------------------------------------------------------------------------------

    def close_vote(self, meeting_id: str, vote_id: str) -> ChangeSet:
        """Seal this desk's box, record presence and quorum, and lock the vote.

        A vote another desk already closed is only sealed here (its ballots join the count)."""
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            row = vote_row(conn, meeting_id, vote_id)
            if row.status == VoteStatus.DRAFT:
                raise VoteStateError(_("Ce vote n'a pas été ouvert."))
            events = []
            if ballot_box.size(conn, vote_id):
                sealed = ballot_box.seal(conn, vote_id, row.method)
                events.append(NewEvent(VOTE_BOX_SEALED, {"vote_id": vote_id, "ballots": sealed}))
            if row.status == VoteStatus.OPEN:
                snapshot = attendance_snapshot(conn, meeting_id)
                events.append(
                    NewEvent(VOTE_CLOSED, {"vote_id": vote_id, "snapshot": snapshot.to_dict()})
                )
            if not events:
                raise VoteStateError(_("Ce vote est déjà clos."))
            self._journal.append_many(conn, meeting_id, events)
        self._db.flush_erased_data()
        return ChangeSet(
            meeting_id,
            _("Clore le vote"),
            VOTE_TOPICS,
            len(events),
            undo=CannotUndo(meeting_id, CLOSED),
            redo=CannotUndo(meeting_id, CLOSED),
            changed=touched(votes=[vote_id]),
        )

    def reveal(self, meeting_id: str, vote_id: str, revealed: bool = True) -> ChangeSet:
        """Show (or hide again) the result on the projector."""
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            vote_row(conn, meeting_id, vote_id)
            self._journal.append(
                conn, meeting_id, VOTE_REVEALED, {"vote_id": vote_id, "revealed": revealed}
            )
        label = _("Afficher le résultat") if revealed else _("Masquer le résultat")
        return ChangeSet(
            meeting_id,
            label,
            VOTE_TOPICS,
            1,
            undo=RevealVote(meeting_id, vote_id, not revealed),
            redo=RevealVote(meeting_id, vote_id, revealed),
            changed=touched(votes=[vote_id]),
        )

    def review_double_vote(self, meeting_id: str, vote_id: str, mark_event_id: str) -> ChangeSet:
        """Record that the facilitator looked at a double vote and settled it."""
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            known = conn.execute(
                select(marks_table.c.event_id).where(
                    marks_table.c.event_id == mark_event_id,
                    marks_table.c.meeting_id == meeting_id,
                    marks_table.c.vote_id == vote_id,
                    marks_table.c.duplicate.is_(True),
                )
            ).first()
            if known is None:
                raise LookupError(_("Double vote introuvable."))
            self._journal.append(
                conn,
                meeting_id,
                VOTE_DOUBLE_REVIEWED,
                {"vote_id": vote_id, "mark_event_id": mark_event_id},
            )
        return ChangeSet(
            meeting_id,
            _("Marquer le double vote comme vu"),
            VOTE_TOPICS,
            1,
            changed=touched(votes=[vote_id]),
        )

    # Reading --------------------------------------------------------------------------------

    def list_votes(self, meeting_id: str) -> list[VoteView]:
        with self._db.read() as conn:
            rows = conn.execute(
                select(votes_table)
                .where(votes_table.c.meeting_id == meeting_id, votes_table.c.removed.is_(False))
                .order_by(votes_table.c.created_hlc, votes_table.c.id)
            ).all()
            return [vote_view(row, mark_count(conn, meeting_id, row.id)) for row in rows]

    def outcome(self, meeting_id: str, vote_id: str) -> VoteOutcome:
        """The count now: live while open (this desk's open box included), final once closed."""
        with self._db.read() as conn:
            return vote_outcome(conn, meeting_id, vote_id)

    def outcomes(self, meeting_id: str) -> list[VoteOutcome]:
        with self._db.read() as conn:
            ids = conn.execute(
                select(votes_table.c.id)
                .where(votes_table.c.meeting_id == meeting_id, votes_table.c.removed.is_(False))
                .order_by(votes_table.c.created_hlc, votes_table.c.id)
            ).scalars()
            return [vote_outcome(conn, meeting_id, vote_id) for vote_id in list(ids)]

    # Checks ---------------------------------------------------------------------------------

    def _require(self, conn: Connection, meeting_id: str, vote_id: str, status: VoteStatus) -> Any:
        require_editable(conn, meeting_id)
        row = vote_row(conn, meeting_id, vote_id)
        if row.status != status:
            raise VoteStateError(
                {
                    VoteStatus.DRAFT: _("Ce vote est déjà ouvert : il ne se modifie plus."),
                    VoteStatus.OPEN: _("Ce vote n'est pas ouvert."),
                    VoteStatus.CLOSED: _("Ce vote n'est pas clos."),
                }[status]
            )
        return row

    @staticmethod
    def _check_ballot(vote: VoteView, ballot: Ballot) -> None:
        try:
            validate_ballot(vote.method, vote.labels, ballot, ballot_rules(vote))
        except InvalidBallotError as error:
            raise ValidationError([FieldError("ballot", str(error))]) from error

    def _recorded(self, conn: Connection, meeting_id: str, vote: VoteView) -> int:
        """Votes recorded as marks and ballots: a secret ballot cast here has both a mark and a
        box entry, counted once; the box's other entries are anonymous paper ballots. Both
        ballots of a double vote count, as in the result."""
        mine = marks_table.c.device_id == self._journal.device.device_id
        marks, marked_here = conn.execute(
            select(func.count(), func.count().filter(mine)).where(
                marks_table.c.meeting_id == meeting_id, marks_table.c.vote_id == vote.id
            )
        ).one()
        box = ballot_box.size(conn, vote.id)
        return int(marks) + box - (int(marked_here) if vote.secret else 0)
