"""A cover logo: scaled into its box when the file is good, a warning and no logo otherwise."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from civodesk.documents.images import load_logo
from civodesk.documents.page_template import render_pdf
from civodesk.documents.rendering import DocumentInfo
from civodesk.documents.story import paragraph
from civodesk.i18n import DEFAULT_LANGUAGE, set_language
from tests.factories import PARIS

INFO = DocumentInfo("Compte-rendu", "Mana", datetime(2026, 11, 26, 21, tzinfo=PARIS))


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


def png(path: Path, size: tuple[int, int] = (400, 200)) -> Path:
    Image.new("RGB", size, (20, 80, 140)).save(path, format="PNG")
    return path


def test_a_good_logo_fits_its_box_and_keeps_its_proportions(tmp_path: Path) -> None:
    logo = load_logo(png(tmp_path / "logo.png"), max_width=120, max_height=40)
    assert logo.warning == ""
    assert logo.flowable is not None
    assert (logo.flowable.drawWidth, logo.flowable.drawHeight) == (80, 40)
    first, _ = render_pdf([logo.flowable, paragraph("Texte")], INFO)
    again = load_logo(tmp_path / "logo.png", max_width=120, max_height=40).flowable
    second, _ = render_pdf([again, paragraph("Texte")], INFO)
    assert first == second
    assert b"/Subtype /Image" in first


def test_no_logo_configured_is_not_a_problem() -> None:
    assert load_logo(None, 100, 40).flowable is None
    assert load_logo("", 100, 40).warning == ""


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "Logo introuvable ou illisible"),
        (b"not an image at all", "n'est pas une image PNG, JPEG ou GIF lisible"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "n'est pas une image PNG, JPEG ou GIF"),
        ("truncated", "n'est pas une image PNG, JPEG ou GIF lisible"),
    ],
)
def test_a_missing_or_broken_logo_gives_a_warning_and_no_logo(
    tmp_path: Path, content: bytes | str | None, reason: str
) -> None:
    path = tmp_path / "logo.png"
    if content == "truncated":
        buffer = io.BytesIO()
        Image.new("RGB", (300, 300), (200, 30, 30)).save(buffer, format="PNG")
        path.write_bytes(buffer.getvalue()[:-200])
    elif isinstance(content, bytes):
        path.write_bytes(content)
    logo = load_logo(path, 100, 40)
    assert logo.flowable is None
    assert reason in logo.warning
    assert str(path) in logo.warning
    assert logo.warning.endswith("Le document est fait sans logo.")


def test_the_warning_speaks_english_too(tmp_path: Path) -> None:
    set_language("en")
    assert load_logo(tmp_path / "absent.png", 100, 40).warning.endswith(
        "The document is made without a logo."
    )
