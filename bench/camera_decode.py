"""Decoding one 1280×720 webcam frame: finding and reading a badge QR with zxing-cpp.

Synthetic frames (no camera here): a grey noisy scene, with a badge QR held slightly tilted
(the usual case at the desk), or with nothing in view (most frames). Times ``decode_frame`` on
the frame's luminance bytes, and the whole worker job on an NV12 ``QVideoFrame`` as QtMultimedia
delivers it (luminance plane copied, then decoded). Target: ≤ 30 ms per frame.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Sequence
from datetime import date

from bench._support import machine_note, median, percentile, verdict
from civodesk.checkin.badge_token import issue_token
from civodesk.checkin.frame_decoding import decode_frame
from civodesk.devices.identity import DeviceIdentity
from civodesk.ids import new_id

TARGET_MS = 30.0
WIDTH, HEIGHT = 1280, 720


def scene(with_badge: bool) -> bytes:
    """A grey, noisy 720p luminance frame, with a tilted badge QR in it or not."""
    import zxingcpp
    from PIL import Image, ImageFilter

    rng = random.Random(11)
    frame = Image.frombytes(
        "L", (WIDTH, HEIGHT), bytes(rng.randint(110, 170) for _ in range(WIDTH * HEIGHT))
    )
    if with_badge:
        token = issue_token(
            DeviceIdentity.generate("bench"), new_id(), new_id(), date(2026, 12, 3), 1
        )
        barcode = zxingcpp.create_barcode(token, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        qr = Image.fromarray(barcode.to_image(scale=5, add_quiet_zones=True))  # type: ignore[arg-type]
        frame.paste(qr.rotate(8, expand=True, fillcolor=235), (470, 130))
        frame = frame.filter(ImageFilter.GaussianBlur(0.7))
    return frame.tobytes()


def time_ms(job: object, runs: int) -> list[float]:
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        job()  # type: ignore[operator]
        values.append((time.perf_counter() - started) * 1000)
    return values


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize
    from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat

    from ui.checkin.camera_scanner import decode_video_frame

    with_badge, empty = scene(True), scene(False)
    assert len(decode_frame(with_badge, WIDTH, HEIGHT)) == 1, "the synthetic badge must decode"
    frame = QVideoFrame(
        QVideoFrameFormat(QSize(WIDTH, HEIGHT), QVideoFrameFormat.PixelFormat.Format_NV12)
    )
    frame.map(QVideoFrame.MapMode.WriteOnly)
    stride = frame.bytesPerLine(0)
    luma = frame.bits(0)
    for row in range(HEIGHT):
        luma[row * stride : row * stride + WIDTH] = with_badge[row * WIDTH : (row + 1) * WIDTH]
    frame.unmap()
    assert len(decode_video_frame(frame)) == 1, "the NV12 frame must decode"

    results = {
        "badge in view": time_ms(lambda: decode_frame(with_badge, WIDTH, HEIGHT), args.runs),
        "nothing in view": time_ms(lambda: decode_frame(empty, WIDTH, HEIGHT), args.runs),
        "NV12 QVideoFrame job": time_ms(lambda: decode_video_frame(frame), args.runs),
    }
    print(f"camera_decode: one {WIDTH}×{HEIGHT} frame, {args.runs} runs each ({machine_note()})")
    for name, values in results.items():
        p95 = percentile(values, 0.95)
        print(
            f"  {name:<22} p50 {median(values):.2f} ms   p95 {p95:.2f} ms   max {max(values):.2f} ms"
            f"   (target ≤ {TARGET_MS:g} ms: {verdict(p95, TARGET_MS)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
