"""QR codes for print: the symbol's modules, drawn as vector rectangles (sharp at any resolution).

The symbols are encoded by zxing-cpp (C++; the pure-Python ``qrcode`` package took 10 ms a code,
too slow for 1,000 badges in 5 s). Each run of dark modules in a row is one PDF rectangle, which
keeps a 1,000-badge PDF small and fast to make.
"""

from __future__ import annotations

from typing import Any, cast


def qr_modules(text: str) -> list[list[bool]]:
    """The QR matrix of ``text`` (level M; zxing-cpp picks alphanumeric mode for a token)."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(cast(Any, barcode.to_image(scale=1, add_quiet_zones=False)))
    height, width = image.shape or (0, 0)
    pixels = image.tobytes()
    return [[pixels[row * width + col] < 128 for col in range(width)] for row in range(height)]


def draw_qr(canvas: Any, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR with its bottom-left corner at (x, y), ``size`` wide including a 2-module margin."""
    modules = qr_modules(text)
    count = len(modules)
    module = size / (count + 4)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    runs: list[str] = []
    for row_index, row in enumerate(modules):
        run_start = None
        for col_index, dark in enumerate([*row, False]):
            if dark and run_start is None:
                run_start = col_index
            elif not dark and run_start is not None:
                runs.append(f"{run_start} {row_index} {col_index - run_start} 1 re")
                run_start = None
    canvas.saveState()
    canvas.transform(module, 0, 0, -module, x + 2 * module, y + size - 2 * module)
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()


def qr_flowable(text: str, size: float) -> Any:
    """A platypus flowable of the QR, ``size`` points square (for flowing documents)."""
    from reportlab.platypus import Flowable

    class QrCode(Flowable):  # type: ignore[misc]
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return size, size

        def draw(self) -> None:
            draw_qr(self.canv, text, 0, 0, size)

    return QrCode()
