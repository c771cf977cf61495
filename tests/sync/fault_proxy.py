"""A fault-injecting, throttling HTTP proxy on loopback, between a desk and the sync server.

Each request from the client is read whole, then a *plan* decides what happens to it: forwarded
normally, dropped before the server sees it, reset, forwarded but its response lost (the server
committed, the desk never hears), forwarded twice, delayed, or cut at a random point of the
transfer. A bandwidth and a round-trip time can be set to imitate a weak mobile link. Every
request is forwarded on a fresh upstream connection with ``Connection: close``, which keeps the
proxy simple and lets it count the exact bytes that cross the "wire" in each direction.

Used by the fault-tolerance tests and by ``bench/sync_poor_link.py``.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Fault(StrEnum):
    NONE = "none"
    DROP = "drop"
    """Close the client's connection before forwarding: the server never sees the request."""
    RESET = "reset"
    """Like DROP, but with a TCP reset."""
    LOSE_RESPONSE = "lose_response"
    """Forward, let the server answer (and commit), then close without answering the client."""
    RESET_AFTER_COMMIT = "reset_after_commit"
    """Forward, then reset the client connection instead of answering."""
    DUPLICATE = "duplicate"
    """Forward the request twice; the client gets the second answer."""
    DELAY = "delay"
    """Wait ``delay_s`` before forwarding."""
    TRUNCATE_RESPONSE = "truncate_response"
    """Send half of the server's answer, then reset."""
    CUT = "cut"
    """A cut at a random point: during the upload (server never sees it) or during the download."""


@dataclass(frozen=True)
class RequestInfo:
    index: int
    method: str
    path: str
    body_size: int


Plan = Callable[[RequestInfo], Fault]


@dataclass
class ProxyStats:
    requests: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    paths: Counter[str] = field(default_factory=Counter)
    bytes_up: int = 0
    bytes_down: int = 0
    """Bytes delivered to the client (a cut response counts what got through)."""
    bytes_up_by_path: Counter[str] = field(default_factory=Counter)
    """Request bytes (head and body) that crossed the link, per path; cut uploads included."""


def _no_fault(_info: RequestInfo) -> Fault:
    return Fault.NONE


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        plan: Plan = _no_fault,
        *,
        bandwidth_bps: float | None = None,
        rtt_s: float = 0.0,
        delay_s: float = 0.5,
        seed: int = 0,
    ) -> None:
        self.upstream_port = upstream_port
        self.plan = plan
        self.bandwidth_bps = bandwidth_bps
        self.rtt_s = rtt_s
        self.delay_s = delay_s
        self.partitioned = False
        """While True, every connection is closed at once (no route to the server)."""
        self.stats = ProxyStats()
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping = True
        self._listener.close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # Serving -----------------------------------------------------------------------------------

    def _serve(self) -> None:
        while not self._stopping:
            try:
                client, _addr = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        try:
            if self.partitioned:
                _reset(client)
                return
            request = _read_request(client)
            if request is None:
                client.close()
                return
            head, body = request
            method, path = head.split(b" ", 2)[:2]
            with self._lock:
                index = self.stats.requests
                self.stats.requests += 1
                self.stats.paths[path.decode().split("?")[0]] += 1
            info = RequestInfo(index, method.decode(), path.decode(), len(body))
            fault = self.plan(info)
            with self._lock:
                self.stats.faults[fault.value] += 1
            self._run(client, fault, _close_upstream(head) + body, path.decode().split("?")[0])
        except OSError:
            pass
        finally:
            client.close()

    def _run(self, client: socket.socket, fault: Fault, wire_request: bytes, path: str) -> None:
        if fault is Fault.CUT:
            fault = self._random.choice([Fault.DROP, Fault.TRUNCATE_RESPONSE])
            if fault is Fault.DROP:  # cut somewhere during the upload
                sent = int(len(wire_request) * self._random.random())
                self._transfer_time(sent)
                with self._lock:
                    self.stats.bytes_up += sent
                    self.stats.bytes_up_by_path[path] += sent
                _reset(client)
                return
        if fault in (Fault.DROP, Fault.RESET):
            if fault is Fault.RESET:
                _reset(client)
            return
        if fault is Fault.DELAY:
            time.sleep(self.delay_s)
        self._transfer_time(len(wire_request), half_rtt=True)
        with self._lock:
            self.stats.bytes_up += len(wire_request)
            self.stats.bytes_up_by_path[path] += len(wire_request)
        response = self._forward(wire_request)
        if response is None:
            _reset(client)
            return
        if fault is Fault.DUPLICATE:
            response = self._forward(wire_request) or response
        if fault is Fault.LOSE_RESPONSE:
            return
        if fault is Fault.RESET_AFTER_COMMIT:
            _reset(client)
            return
        if fault is Fault.TRUNCATE_RESPONSE:
            cut = self._random.randrange(0, max(1, len(response)))
            self._send(client, response[:cut], half_rtt=True)
            _reset(client)
            return
        self._send(client, response, half_rtt=True)

    def _forward(self, wire_request: bytes) -> bytes | None:
        try:
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as up:
                up.sendall(wire_request)
                chunks = []
                while True:
                    chunk = up.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
        except OSError:
            return None
        return b"".join(chunks) or None

    def _transfer_time(self, size: int, half_rtt: bool = False) -> None:
        delay = self.rtt_s / 2 if half_rtt else 0.0
        if self.bandwidth_bps:
            delay += size * 8 / self.bandwidth_bps
        if delay:
            time.sleep(delay)

    def _send(self, client: socket.socket, data: bytes, half_rtt: bool) -> None:
        self._transfer_time(len(data), half_rtt=half_rtt)
        client.sendall(data)
        with self._lock:
            self.stats.bytes_down += len(data)


def _read_request(sock: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _colon, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head, body


def _close_upstream(head: bytes) -> bytes:
    lines = [
        line
        for line in head.split(b"\r\n")
        if line.partition(b":")[0].strip().lower() not in (b"connection", b"keep-alive")
    ]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n"


def _reset(sock: socket.socket) -> None:
    """Close with a TCP RST instead of an orderly FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    finally:
        sock.close()
