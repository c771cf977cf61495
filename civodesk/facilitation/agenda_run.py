"""The live agenda as the application sees it, and the timer arithmetic (pure, Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from civodesk.i18n import _
from civodesk.meetings.meeting import FieldError

WARNING_SHARE = 0.1
WARNING_MIN_MS = 60_000
MAX_NOTES = 100_000


class RunState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"


class TimerLevel(StrEnum):
    """``warning`` when little time is left (10 % of the plan, at least a minute), ``over`` after."""

    NORMAL = "normal"
    WARNING = "warning"
    OVER = "over"


class DecisionKind(StrEnum):
    DECISION = "decision"
    ACTION = "action"


@dataclass(frozen=True)
class AgendaRunView:
    item_id: str
    title: str
    planned_ms: int
    state: RunState
    elapsed_ms: int
    running_since_ms: int | None
    overrun_ms: int | None
    finished_ms: int | None
    notes: str
    notes_version: str | None


@dataclass(frozen=True)
class TimerReading:
    elapsed_ms: int
    remaining_ms: int
    level: TimerLevel

    @property
    def overrun_ms(self) -> int:
        return max(0, -self.remaining_ms)


def read_timer(run: AgendaRunView, now_ms: int) -> TimerReading:
    elapsed = run.elapsed_ms
    if run.state == RunState.RUNNING and run.running_since_ms is not None:
        elapsed += max(0, now_ms - run.running_since_ms)
    remaining = run.planned_ms - elapsed
    warn_at = max(WARNING_MIN_MS, int(run.planned_ms * WARNING_SHARE))
    if remaining < 0:
        level = TimerLevel.OVER
    elif remaining <= warn_at:
        level = TimerLevel.WARNING
    else:
        level = TimerLevel.NORMAL
    return TimerReading(elapsed, remaining, level)


def format_duration(ms: int) -> str:
    """« 12:05 », « 1:02:03 », « −0:30 » for time beyond the plan."""
    sign = "−" if ms < 0 else ""
    seconds = abs(ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes}:{seconds:02d}"


@dataclass(frozen=True)
class QuestionView:
    id: str
    agenda_item_id: str | None
    text: str


@dataclass(frozen=True)
class DecisionFields:
    text: str
    kind: DecisionKind = DecisionKind.DECISION
    agenda_item_id: str | None = None
    owner: str = ""
    """Who takes the action on when it is not a participant: a service, an elected office."""
    due_date: date | None = None
    owner_id: str | None = None
    """A participant of the meeting who takes it on: named from the participant's record, so
    erasing that person's data (RGPD) erases it here too."""


@dataclass(frozen=True)
class DecisionView:
    id: str
    agenda_item_id: str | None
    kind: DecisionKind
    text: str
    owner: str
    """What to show: the participant's name (empty once erased), or the text typed."""
    due_date: date | None
    owner_id: str | None = None


@dataclass(frozen=True)
class AgendaBoard:
    """Everything the agenda runner shows: items with their runs and notes, focus, decisions."""

    items: tuple[AgendaRunView, ...]
    current_item_id: str | None
    current_question: QuestionView | None
    questions: tuple[QuestionView, ...]
    decisions: tuple[DecisionView, ...]
    clock_offset_ms: int
    """Added to the reading desk's clock, it gives the clock the runs' times are on (each event's
    device time corrected by its device's journaled offset): read a timer at
    ``read_timer(item, now_ms + clock_offset_ms)``."""

    @property
    def current_item(self) -> AgendaRunView | None:
        return next((item for item in self.items if item.item_id == self.current_item_id), None)

    def next_item(self) -> AgendaRunView | None:
        """The item after the current one that is not done (or the first not done)."""
        ids = [item.item_id for item in self.items]
        start = ids.index(self.current_item_id) + 1 if self.current_item_id in ids else 0
        for item in (*self.items[start:], *self.items[:start]):
            if item.state != RunState.DONE and item.item_id != self.current_item_id:
                return item
        return None


def validate_decision(fields: DecisionFields) -> list[FieldError]:
    errors = []
    if not fields.text.strip():
        errors.append(FieldError("text", _("Le texte de la décision est vide.")))
    if fields.kind == DecisionKind.ACTION and not fields.owner.strip() and not fields.owner_id:
        errors.append(FieldError("owner", _("Une action doit dire qui s'en charge.")))
    if len(fields.owner) > 300:
        errors.append(FieldError("owner", _("Le responsable dépasse 300 caractères.")))
    return errors
