"""Dates, durations and statuses written the way the interface language expects."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from civodesk.i18n import N_, _, current_language
from civodesk.meetings.meeting import MeetingStatus

STATUS_LABELS = {
    MeetingStatus.DRAFT: N_("En préparation"),
    MeetingStatus.OPEN: N_("Ouverte"),
    MeetingStatus.CLOSED: N_("Close"),
}


def locale() -> QLocale:
    return QLocale("fr_FR" if current_language() == "fr" else "en_GB")


def to_qdatetime(value: datetime) -> QDateTime:
    """The wall-clock time where the meeting happens (its own offset), not this machine's."""
    return QDateTime(
        QDate(value.year, value.month, value.day), QTime(value.hour, value.minute, value.second)
    )


def format_datetime(value: datetime) -> str:
    """Like "jeudi 3 décembre 2026, 18:30", in the meeting's own time zone."""
    return locale().toString(to_qdatetime(value), _("dddd d MMMM yyyy, HH:mm"))


def format_short_datetime(value: datetime) -> str:
    return locale().toString(to_qdatetime(value), _("dd/MM/yyyy HH:mm"))


def format_time(value: datetime) -> str:
    return locale().toString(to_qdatetime(value), "HH:mm")


def format_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    if not rest:
        return _("{hours} h").format(hours=hours)
    return _("{hours} h {minutes:02d}").format(hours=hours, minutes=rest)


def status_label(status: MeetingStatus) -> str:
    return _(STATUS_LABELS[status])


def format_count(value: int) -> str:
    """A number as the interface language writes it: "20 000" in French, "20,000" in English."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale="fr_FR" if current_language() == "fr" else "en_GB")
