"""Tables of the live agenda: item runs, the focus, questions, notes, decisions (from the journal).

Agenda items themselves (title, planned duration, order) stay in ``civodesk.meetings``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.schema import ID, Base


class AgendaRun(Base):
    """How an agenda item's time went: pending, running, paused or done.

    ``elapsed_ms`` counts the time already spent before ``running_since_ms`` (device times, which
    are what people see); ``overrun_ms`` is recorded when the item is finished.
    """

    __tablename__ = "agenda_runs"
    __table_args__ = (Index("ix_agenda_runs_meeting", "meeting_id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)  # the agenda item's id
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    elapsed_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    running_since_ms: Mapped[int | None] = mapped_column(BigInteger)
    started_ms: Mapped[int | None] = mapped_column(BigInteger)
    finished_ms: Mapped[int | None] = mapped_column(BigInteger)
    overrun_ms: Mapped[int | None] = mapped_column(BigInteger)


class AgendaAction(Base):
    """Every start, pause, finish and undo of the meeting's timer and every focus move, kept so
    that the runs and the focus are recomputed from all of them in one causal order
    (``civodesk.facilitation.timer_runs``)."""

    __tablename__ = "agenda_actions"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    event_id: Mapped[str] = mapped_column(ID, primary_key=True)
    rank: Mapped[int] = mapped_column(BigInteger)
    """One more than the highest rank its desk had seen (0 for actions from before ranks)."""
    at_ms: Mapped[int] = mapped_column(BigInteger)
    """The event's device time corrected by its desk's journaled clock offset."""
    hlc: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)


class FacilitationFocus(Base):
    """What the meeting is on now: the current agenda item and question."""

    __tablename__ = "facilitation_focus"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    item_id: Mapped[str | None] = mapped_column(ID)
    question_id: Mapped[str | None] = mapped_column(ID)


class Question(Base):
    """A question put to the room for an agenda item; ideas may answer it."""

    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_meeting", "meeting_id", "position"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    agenda_item_id: Mapped[str | None] = mapped_column(ID)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[float] = mapped_column(Float)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[str] = mapped_column(ID)
    stamps: Mapped[str] = mapped_column(Text)


class AgendaNotes(Base):
    """The gist of the debate on an item, for the minutes (last writer wins, conflicts flagged)."""

    __tablename__ = "agenda_notes"
    __table_args__ = (Index("ix_agenda_notes_meeting", "meeting_id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)  # the agenda item's id
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    notes: Mapped[str] = mapped_column(Text)
    version: Mapped[str] = mapped_column(ID)
    stamps: Mapped[str] = mapped_column(Text)


class Decision(Base):
    """The relevé de décisions: what was decided, or an action (who does what, by when)."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_meeting", "meeting_id", "recorded_hlc"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    agenda_item_id: Mapped[str | None] = mapped_column(ID)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(300))
    """Typed text (a service, an office): from the events' erasable personal part."""
    owner_id: Mapped[str | None] = mapped_column(ID)
    """A participant who takes the action on (their name is read from their record)."""
    due_date: Mapped[str | None] = mapped_column(String(10))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_hlc: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[str] = mapped_column(ID)
    stamps: Mapped[str] = mapped_column(Text)
