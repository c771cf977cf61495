"""Turning a camera frame into the grayscale bytes the QR decoder reads, on a worker thread.

Most webcams deliver YUV frames (NV12, YUV420P, YUYV…) whose luminance is already a grayscale image:
it is copied as is. Other formats go through ``QImage`` (thread-safe, no GUI involved).
"""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat

PixelFormat = QVideoFrameFormat.PixelFormat
LUMA_FIRST_PLANE = {
    PixelFormat.Format_NV12,
    PixelFormat.Format_NV21,
    PixelFormat.Format_YUV420P,
    PixelFormat.Format_YUV422P,
    PixelFormat.Format_YV12,
    PixelFormat.Format_IMC1,
    PixelFormat.Format_IMC2,
    PixelFormat.Format_IMC3,
    PixelFormat.Format_IMC4,
    PixelFormat.Format_Y8,
}
PACKED_LUMA = {PixelFormat.Format_YUYV: 0, PixelFormat.Format_UYVY: 1}

GrayFrame = tuple[bytes, int, int, int]


def frame_to_gray(frame: QVideoFrame) -> GrayFrame | None:
    """(pixels, width, height, bytes per line) of the frame's luminance, or None if unreadable."""
    pixel_format = frame.pixelFormat()
    width, height = frame.width(), frame.height()
    if width <= 0 or height <= 0:
        return None
    if pixel_format in LUMA_FIRST_PLANE or pixel_format in PACKED_LUMA:
        copy = QVideoFrame(frame)
        if not copy.map(QVideoFrame.MapMode.ReadOnly):
            return None
        try:
            stride = copy.bytesPerLine(0)
            data = bytes(copy.bits(0))[: stride * height]
        finally:
            copy.unmap()
        if pixel_format in PACKED_LUMA:
            offset = PACKED_LUMA[pixel_format]
            rows = (data[y * stride + offset : y * stride + 2 * width : 2] for y in range(height))
            return b"".join(rows), width, height, width
        return data, width, height, stride
    image = frame.toImage()
    if image.isNull():
        return None
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return bytes(gray.constBits()), gray.width(), gray.height(), gray.bytesPerLine()
