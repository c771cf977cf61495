"""When to sync, and running one sync at a time in the background.

A sync is asked for after local changes (debounced, so a burst of check-ins makes one sync), every
``interval_s`` seconds, when the operating system says the network came back
(``QNetworkInformation``), and when the person clicks "Synchroniser maintenant". The sync itself
runs on the task runner's network pool; nothing the facilitator does waits for it. Requests that
arrive while a sync runs are merged into one more sync afterwards. After the server refused this
desk (401/403) automatic syncs stop until a person re-enrolls or asks explicitly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QNetworkInformation

from civodesk.services import Services
from sync.client.status import SyncStatus, read_status
from ui.shell.tasks import BaseTaskRunner

if TYPE_CHECKING:
    from sync.client.engine import SyncClient, SyncReport

PULLED_TOPICS = frozenset(
    {
        "meetings",
        "meeting",
        "agenda",
        "participants",
        "ideas",
        "attendance",
        "checkin",
        "badges",
        "conflicts",
        "sync",
    }
)
"""Views to refresh when events made elsewhere arrived (a pull, or an imported package)."""

DEFAULT_INTERVAL_S = 120
DEFAULT_DEBOUNCE_MS = 4000

_one_sync_per_process = threading.Lock()
"""Two workspaces (one closing, one opening) must not sync the same database at once."""

ClientFactory = Callable[..., "SyncClient"]
"""Called as ``factory(services, sleep=...)``; ``SyncClient`` itself by default."""


def _default_client(services: Services, **options: object) -> SyncClient:
    """The real client, imported on the network thread: httpx and pydantic stay out of start-up."""
    from sync.client.engine import SyncClient

    return SyncClient(services, **options)  # type: ignore[arg-type]


class SyncScheduler(QObject):
    status_changed = Signal(object)  # SyncStatus
    sync_started = Signal()
    sync_finished = Signal(object)  # SyncReport, or None when another sync was already running

    def __init__(
        self,
        services: Services,
        tasks: BaseTaskRunner,
        *,
        interval_s: int = DEFAULT_INTERVAL_S,
        debounce_ms: int = DEFAULT_DEBOUNCE_MS,
        client_factory: ClientFactory = _default_client,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self._client_factory = client_factory
        self.running = False
        self._again: bool | None = None  # None: nothing queued; else "automatic" of the request
        self._stopped = False
        self._cancelled = threading.Event()
        self.status: SyncStatus | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._periodic = QTimer(self)
        self._periodic.setInterval(interval_s * 1000)
        self._periodic.timeout.connect(self._on_periodic_timeout)
        self._network = _network_information()
        if self._network is not None:
            self._network.reachabilityChanged.connect(self._on_network_reachability_changed)

    def set_timing(self, debounce_ms: int, interval_s: int) -> None:
        """Change how long after a change, and how often, automatic syncs run."""
        self._debounce.setInterval(debounce_ms)
        self._periodic.setInterval(interval_s * 1000)

    def start(self) -> None:
        self._periodic.start()
        self.refresh_status()

    def stop(self) -> None:
        """Stop scheduling; a sync waiting to retry gives up at once (closing never waits)."""
        self._stopped = True
        self._cancelled.set()
        self._debounce.stop()
        self._periodic.stop()
        if self._network is not None:
            self._network.reachabilityChanged.disconnect(self._on_network_reachability_changed)
            self._network = None

    def local_change(self) -> None:
        """Something was written on this desk: sync a few seconds after the last such change."""
        self._debounce.start()

    @property
    def local_sync_pending(self) -> bool:
        """A sync is due shortly because of local changes (the short delay is running)."""
        return self._debounce.isActive()

    def request_sync(self, automatic: bool = False) -> None:
        if self._stopped:
            return
        if self.running:
            self._again = automatic if self._again is None else (self._again and automatic)
            return
        self.running = True
        self.sync_started.emit()
        self._tasks.submit_io(
            self._sync, automatic, on_done=self._on_sync_done, on_error=self._on_sync_error
        )

    def refresh_status(self) -> None:
        self._tasks.submit_db(
            read_status,
            self._services.database,
            self._services.device.device_id,
            on_done=self._on_status_read,
        )

    def _sync(self, automatic: bool) -> SyncReport | None:
        """On the network pool: one sync, unless another one holds the database."""
        if not _one_sync_per_process.acquire(blocking=False):
            return None
        try:
            client = self._client_factory(self._services, sleep=self._interruptible_sleep)
            return client.sync_once(automatic=automatic)
        finally:
            _one_sync_per_process.release()

    def _interruptible_sleep(self, seconds: float) -> None:
        """The backoff wait, cut short when the scheduler stops."""
        if self._cancelled.wait(seconds):
            from sync.client.transport import SyncCancelledError

            raise SyncCancelledError

    def _on_sync_done(self, report: SyncReport | None) -> None:
        self.running = False
        self.sync_finished.emit(report)
        self.refresh_status()
        if self._again is not None:
            automatic, self._again = self._again, None
            self.request_sync(automatic)

    def _on_sync_error(self, error: BaseException) -> None:
        self.running = False
        self.sync_finished.emit(None)
        self.refresh_status()

    def _on_status_read(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)

    def _on_debounce_timeout(self) -> None:
        self.request_sync(automatic=True)

    def _on_periodic_timeout(self) -> None:
        self.request_sync(automatic=True)

    def _on_network_reachability_changed(
        self, reachability: QNetworkInformation.Reachability
    ) -> None:
        if reachability in (
            QNetworkInformation.Reachability.Online,
            QNetworkInformation.Reachability.Site,
        ):
            self.request_sync(automatic=True)


def _network_information() -> QNetworkInformation | None:
    """The platform's network reachability, when a backend exists (none on some Linux setups)."""
    if QNetworkInformation.instance() is None and not QNetworkInformation.loadDefaultBackend():
        return None
    instance = QNetworkInformation.instance()
    if instance is None or not instance.supports(QNetworkInformation.Feature.Reachability):
        return None
    return instance
