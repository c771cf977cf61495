"""Finding QR codes in one camera frame (8-bit grayscale), with zxing-cpp.

Runs on a worker thread (the UI's I/O pool), never on the GUI thread. The frame arrives as raw
luminance bytes so that this module needs neither Qt nor numpy. Badges are dark on light and a QR
is found at any angle anyway, so zxing-cpp's searches for inverted codes and for 90°-rotated
linear barcodes are turned off: that halves the time per frame.
"""

from __future__ import annotations


class _GrayFrame:
    """Exposes raw bytes through the array interface zxing-cpp reads (no numpy needed)."""

    def __init__(self, pixels: bytes, width: int, height: int) -> None:
        self._pixels = pixels
        self.__array_interface__ = {
            "shape": (height, width),
            "typestr": "|u1",
            "data": pixels,
            "version": 3,
        }


def decode_frame(pixels: bytes, width: int, height: int, stride: int | None = None) -> list[str]:
    """The texts of the QR codes found in a grayscale frame (empty when none, never raises)."""
    import zxingcpp

    if width <= 0 or height <= 0 or len(pixels) < (stride or width) * height:
        return []
    if stride is not None and stride != width:  # rows padded by the camera driver
        pixels = b"".join(pixels[row * stride : row * stride + width] for row in range(height))
    frame = _GrayFrame(pixels, width, height)
    try:
        results = zxingcpp.read_barcodes(
            frame,
            formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
            try_rotate=False,
            try_invert=False,
        )
    except (ValueError, RuntimeError):
        return []
    return [result.text for result in results if result.valid and result.text]
