"""Text fitted into fixed boxes (badges, ballots, headers): shrunk, wrapped or ellipsized."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from civodesk.documents.fitting import (
    ELLIPSIS,
    ellipsize,
    fit_size,
    shrink_or_wrap,
    text_width,
    wrap_lines,
)
from civodesk.documents.fonts import SANS, register_fonts

register_fonts()


def test_shrinks_then_wraps_then_ellipsizes() -> None:
    assert shrink_or_wrap("Zoé", SANS, 20, 12, 200) == (20, ["Zoé"])
    size, lines = shrink_or_wrap("Marie-Christine-Alexandrine", SANS, 20, 12, 150)
    assert size == 12
    assert lines == ["Marie-Christine-", "Alexandrine"]
    assert fit_size("Hélène Dupré", SANS, 20, 100, 8) < 20
    clipped = ellipsize("de La Rochefoucauld-Montmorency", SANS, 10, 80)
    assert clipped.endswith(ELLIPSIS)
    assert text_width(clipped, SANS, 10) <= 80


def test_wrapping_keeps_no_break_spaces_and_cuts_huge_words() -> None:
    lines = wrap_lines(
        "Attention\u202f: le vote commence à 18\u00a0h\u00a030 précises", SANS, 10, 60
    )
    assert "Attention\u202f:" in lines
    assert "à 18\u00a0h\u00a030" in lines
    giant = wrap_lines("x" * 500, SANS, 10, 100)
    assert "".join(giant) == "x" * 500
    assert all(text_width(line, SANS, 10) <= 100 for line in giant)


@given(
    st.text(alphabet=st.sampled_from("abcdéŒ \u00a0\n-"), max_size=120),
    st.floats(min_value=20, max_value=300),
)
def test_wrapped_lines_fit_and_lose_no_letter(text: str, width: float) -> None:
    lines = wrap_lines(text, SANS, 10, width)
    for line in lines:
        assert text_width(line, SANS, 10) <= width or len(line) == 1
    assert "".join(lines).replace(" ", "") == "".join(text.split(" ")).replace("\n", "")
