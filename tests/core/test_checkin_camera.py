"""Webcam input without a camera: synthetic frames through the decoder and the sighting filter."""

from __future__ import annotations

import random
from datetime import date

import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFilter

from civodesk.checkin.badge_token import issue_token
from civodesk.checkin.camera_sightings import SightingFilter
from civodesk.checkin.frame_decoding import decode_frame
from civodesk.devices.identity import DeviceIdentity
from civodesk.ids import new_id

DEVICE = DeviceIdentity.generate("desk")


def token() -> str:
    return issue_token(DEVICE, new_id(), new_id(), date(2026, 12, 3), 1)


def synthetic_frame(texts: list[str], angle: float = 0.0, blur: float = 0.0) -> Image.Image:
    """A 1280×720 grey webcam-like frame with badges held in it."""
    frame = Image.new("L", (1280, 720), 150)
    rng = random.Random(7)
    frame.putdata([min(255, max(0, 150 + rng.randint(-25, 25))) for _ in range(1280 * 720)])
    for index, text in enumerate(texts):
        barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        qr = Image.fromarray(barcode.to_image(scale=5, add_quiet_zones=True))  # type: ignore[arg-type]
        qr = qr.rotate(angle, expand=True, fillcolor=255)
        frame.paste(qr, (80 + index * 560, 120))
    if blur:
        frame = frame.filter(ImageFilter.GaussianBlur(blur))
    return frame


def decode(image: Image.Image) -> list[str]:
    return decode_frame(image.tobytes(), image.width, image.height)


def test_a_badge_in_a_720p_frame_is_decoded() -> None:
    text = token()
    assert decode(synthetic_frame([text])) == [text]


def test_tilted_and_slightly_blurred_badges_are_decoded() -> None:
    texts = [token(), token()]
    assert sorted(decode(synthetic_frame(texts, angle=12, blur=0.8))) == sorted(texts)


def test_frames_without_badges_or_with_bad_sizes_give_nothing() -> None:
    assert decode(Image.new("L", (1280, 720), 0)) == []
    assert decode_frame(b"", 1280, 720) == []
    assert decode_frame(b"\x00" * 10, -1, 10) == []


def test_padded_rows_with_a_stride_are_read() -> None:
    text = token()
    image = synthetic_frame([text])
    stride = image.width + 64
    rows = image.tobytes()
    padded = b"".join(
        rows[y * image.width : (y + 1) * image.width] + b"\x00" * 64 for y in range(image.height)
    )
    assert decode_frame(padded, image.width, image.height, stride) == [text]


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=0, max_size=5000), st.integers(-5, 200), st.integers(-5, 200))
def test_garbage_frames_never_raise(pixels: bytes, width: int, height: int) -> None:
    assert isinstance(decode_frame(pixels, width, height), list)


def test_a_badge_held_in_view_counts_once() -> None:
    sightings = SightingFilter(gone_after_ms=2000)
    assert sightings.new_texts(["A"], 0) == ["A"]
    for now in range(40, 5000, 40):
        assert sightings.new_texts(["A"], now) == []
    assert sightings.new_texts([], 5040) == []
    assert sightings.new_texts(["A"], 8000) == ["A"]


def test_two_badges_in_one_frame_count_separately() -> None:
    sightings = SightingFilter()
    assert sightings.new_texts(["A", "B", "A"], 0) == ["A", "B"]
    assert sightings.new_texts(["B", "C"], 100) == ["C"]
