"""The check-in desk: badges, admission at the door, proxies and attendance, as one service.

Each concern lives in its own module (``badges``, ``admission``, ``proxies``, ``attendance``); this
class joins them over one database and journal, so callers hold a single ``services.checkin``.
"""

from __future__ import annotations

from civodesk.checkin.admission import AdmissionDesk
from civodesk.checkin.attendance import AttendanceQueries
from civodesk.checkin.badges import BadgeDesk
from civodesk.checkin.cancellation import CancellationDesk
from civodesk.checkin.proxies import ProxyDesk


class CheckinService(BadgeDesk, AdmissionDesk, CancellationDesk, ProxyDesk, AttendanceQueries):
    """Everything the Accueil page and the ``participants`` commands do at the door."""
