"""Transitional alias for ``civodesk.documents.badges``, which another change is splitting.

The meeting's rules live in ``civodesk.meetings.meeting``; remove this module (and the package)
once ``civodesk/documents`` imports ``MeetingDetails`` from there.
"""

from civodesk.meetings.meeting import MeetingDetails

__all__ = ["MeetingDetails"]
