"""CSV exports are safe to open in Excel: no cell can run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from civodesk.csv_export import FORMULA_STARTS, neutralise, write_csv

ROOT = Path(__file__).resolve().parents[2]


def test_formula_cells_are_neutralised() -> None:
    for dangerous in ("=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\r=x"):
        assert neutralise(dangerous) == "'" + dangerous
    assert neutralise("Dupré") == "Dupré"
    assert neutralise(None) == ""
    assert neutralise(12) == "12"
    assert neutralise(-3) == "-3"  # a number the product computed stays a number
    assert neutralise(-0.5) == "-0.5"


@given(st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=4), max_size=10))
def test_no_written_cell_starts_a_formula(rows: list[list[str]]) -> None:
    stream = io.StringIO(newline="")
    write_csv(stream, ["Nom", "=Prénom"], rows)
    for cells in csv.reader(io.StringIO(stream.getvalue(), newline=""), delimiter=";"):
        for cell in cells:
            assert not cell.startswith(FORMULA_STARTS)


def test_every_csv_writer_of_the_product_uses_the_shared_helper() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("civodesk", "ui", "sync")
        for path in (ROOT / folder).rglob("*.py")
        if (
            "csv.writer" in path.read_text(encoding="utf-8")
            or "DictWriter" in path.read_text(encoding="utf-8")
        )
        and path.name != "csv_export.py"
    ]
    assert offenders == []
