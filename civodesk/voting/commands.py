"""Undo and redo of vote actions, as data replayed through ``VoteService``.

A draft's setup (creating or removing it), showing the result and a tally entered by hand can be
undone. Opening a vote, a ballot cast and the close cannot: their marks and sealed boxes are in
the journal, and a secret ballot in the urn is tied to no one, so nothing could take it back out.
Those changes record ``CannotUndo``: Ctrl+Z then says why instead of silently undoing an earlier
action over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from civodesk.changes import ChangeSet
from civodesk.i18n import _
from civodesk.voting.tally import Tally
from civodesk.voting.vote import Origin

if TYPE_CHECKING:
    from civodesk.services import Services


class CannotUndoError(ValueError):
    """This vote action is final; the message says why."""


@dataclass(frozen=True)
class RemoveVote:
    meeting_id: str
    vote_id: str
    destructive: bool = True  # undo asks first (``civodesk.undo.destroys``)

    def run(self, services: Services) -> ChangeSet:
        return services.votes.remove_vote(self.meeting_id, self.vote_id)


@dataclass(frozen=True)
class RestoreVote:
    meeting_id: str
    vote_id: str

    def run(self, services: Services) -> ChangeSet:
        return services.votes.restore_vote(self.meeting_id, self.vote_id)


@dataclass(frozen=True)
class RevealVote:
    meeting_id: str
    vote_id: str
    revealed: bool

    def run(self, services: Services) -> ChangeSet:
        return services.votes.reveal(self.meeting_id, self.vote_id, self.revealed)


@dataclass(frozen=True)
class RecordTally:
    meeting_id: str
    vote_id: str
    origin: Origin
    tally: Tally

    def run(self, services: Services) -> ChangeSet:
        return services.votes.record_tally(self.meeting_id, self.vote_id, self.origin, self.tally)


OPENED, CAST, CLOSED = "opened", "cast", "closed"


@dataclass(frozen=True)
class CannotUndo:
    """Stands in the history for a final action; running it only explains."""

    meeting_id: str
    action: str

    def run(self, services: Services) -> ChangeSet:
        del services
        raise CannotUndoError(cannot_undo_reason(self.action))


def cannot_undo_reason(action: str) -> str:
    return {
        OPENED: _("Un vote ouvert ne revient pas en préparation : il reste au compte-rendu."),
        CAST: _(
            "Un vote enregistré ne s'annule pas : son « a voté » est au journal et, pour un vote "
            "secret, rien ne relie le bulletin à la personne. Le dernier bulletin papier se "
            "corrige depuis la saisie des bulletins."
        ),
        CLOSED: _("Un vote clos ne se rouvre pas : ses urnes sont scellées dans le journal."),
    }[action]
