"""The embedded fonts draw every name met in France and its overseas territories; the rest
(emoji, rare symbols) is replaced visibly instead of vanishing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civodesk.documents.fonts import (
    FAMILY_FILES,
    SANS,
    SANS_CONDENSED,
    SERIF,
    fonts_dir,
    missing_characters,
    register_fonts,
)
from civodesk.documents.glyphs import REPLACEMENT, paragraph_markup, printable

TRICKY_NAMES = [
    "Mạnh Nguyễn",
    "Ngô Bảo Châu",
    "Łukasz Wałęsa",
    "Ōtā Kenji",
    "Tuiʻhau Teriitehau",  # Polynesian ʻokina (U+02BB)
    "Hōkūleʻa Pōmare",
    "Çağla Yılmaz",
    "Zoë Lefèvre",
    "Œdipe Cœur",
    "Ǹdiaye Sène",
    "Col·lecció Pujol",  # Catalan middle dot
    "Paŀla Ŀlorenç",  # ŀ / Ŀ
    "Aʼa Kanaky",  # ʼ (U+02BC)
    "Ærøskøbing Ångström",
    "Đặng Thị Ánh Tuyết",
    "Şerban Ţuţea",
    "Ẁàlis Ỳves",
    "Ğüneş Öztürk",
    "Dvořák Šťastný Žižka",
    "Ñúñez Íñiguez",
    "Ḥusayn Ṣāliḥ",
    "Ɓaaba Ɗiallo Ƴero",  # Fula hooked letters
]


@pytest.mark.parametrize("face", ["", "-Bold", "-Italic", "-BoldItalic"])
@pytest.mark.parametrize("family_name", [SANS, SANS_CONDENSED, SERIF])
def test_every_text_face_covers_the_tricky_names(family_name: str, face: str) -> None:
    register_fonts()
    assert missing_characters(" ".join(TRICKY_NAMES), family_name + face) == set()


@pytest.mark.parametrize("family_name", [SANS, SANS_CONDENSED, SERIF])
def test_text_faces_cover_latin_extended_blocks(family_name: str) -> None:
    """Latin-1, Extended-A, Extended-B and Extended Additional, bar the medieval letters."""
    blocks = [*range(0x00C0, 0x0250), *range(0x1E00, 0x1EFA)]
    letters = "".join(chr(code) for code in blocks if unicodedata.category(chr(code)) != "Cn")
    assert missing_characters(letters, family_name) == set()


def test_the_shipped_fonts_come_with_their_licence() -> None:
    folder = fonts_dir()
    for files in FAMILY_FILES.values():
        for name in filter(None, files):
            assert (folder / name).is_file(), name
    licence = (folder / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence
    assert "Arev" in licence
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for files in FAMILY_FILES.values() for name in filter(None, files))


def test_names_pass_through_unchanged() -> None:
    for name in TRICKY_NAMES:
        assert printable(name) == unicodedata.normalize("NFC", name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bravo 👍", f"Bravo {REPLACEMENT}"),
        ("👍🏽 d'accord", f"{REPLACEMENT} d'accord"),  # skin tone: one mark
        ("famille 👨‍👩‍👧", f"famille {REPLACEMENT}"),  # joiner sequence: one mark
        ("🇫🇷🇬🇫", REPLACEMENT * 2),  # two flags
        ("a\x00b\x07c\td", "a b c d"),
        ("e\u0301te\u0301", "été"),  # decomposed accents are composed
        ("𝔉𝔯𝔞𝔨𝔱𝔲𝔯", REPLACEMENT * 7),
    ],
)
def test_missing_glyphs_are_replaced_visibly(text: str, expected: str) -> None:
    assert printable(text) == expected


def test_paragraph_markup_escapes_and_keeps_no_break_spaces() -> None:
    markup = paragraph_markup("<b>Tom & Jerry</b>\u202f?\nsuite")
    assert markup == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;\u00a0?<br/>suite"


@given(st.text(max_size=60))
def test_printable_never_raises_and_leaves_only_drawable_characters(text: str) -> None:
    result = printable(text, keep_newlines=True)
    assert missing_characters(result, SANS) == set()
    assert all(unicodedata.category(char) != "Cc" for char in result if char != "\n")


def test_an_installed_package_embeds_its_own_fonts(tmp_path: Path) -> None:
    """What a wheel holds (``setup.py build_py``) renders a PDF with the shipped fonts alone."""
    root = Path(__file__).resolve().parents[2]
    source = tmp_path / "source"
    source.mkdir()
    for name in ("setup.py", "pyproject.toml", "README.md", "MANIFEST.in"):
        shutil.copy2(root / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in ("civodesk", "resources"):
        shutil.copytree(root / name, source / name, ignore=ignore)
    build_lib = tmp_path / "build_lib"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build_lib)],
        cwd=source,
        check=True,
        capture_output=True,
    )
    shipped = build_lib / "civodesk" / "resources" / "fonts"
    assert (shipped / "LICENSE-DejaVu.txt").is_file()
    script = (
        "import sys\n"
        "from civodesk.documents.fonts import fonts_dir, missing_characters, register_fonts\n"
        "register_fonts()\n"
        "print(fonts_dir())\n"
        "print(sorted(missing_characters(sys.argv[1], 'CivoSans-Bold')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CIVODESK_RESOURCES"}
    env.update(PYTHONPATH=str(build_lib), PYTHONSAFEPATH="1")
    result = subprocess.run(
        [sys.executable, "-c", script, " ".join(TRICKY_NAMES)],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert result.stdout.splitlines() == [str(shipped), "[]"]
