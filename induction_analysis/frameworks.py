"""Evaluation frameworks as data: standards, indicators and elements, one file per framework.

The shipped ``MA-2012`` is the Massachusetts 2012 model classroom-teacher rubric.
A district (or another state, or Danielson) drops in its own CSV with the same columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from induction_analysis.errors import UserError

COLUMNS = ["framework", "standard", "standard_name", "indicator", "indicator_name", "element", "element_name"]

_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI"}


@dataclass(frozen=True)
class Framework:
    name: str
    table: pd.DataFrame = field(repr=False)

    @property
    def standards(self) -> list[str]:
        return list(dict.fromkeys(self.table["standard"]))

    @property
    def indicators(self) -> list[str]:
        return list(dict.fromkeys(self.table["indicator"]))

    def standard_name(self, standard: str) -> str:
        return self.table.loc[self.table["standard"] == standard, "standard_name"].iloc[0]

    def indicator_standard(self) -> dict[str, str]:
        return dict(zip(self.table["indicator"], self.table["standard"]))

    def parse_code(self, raw: str) -> tuple[str | None, str | None]:
        """One code as people type it -> ``(standard, indicator)``.

        ``"I-A"``, ``"IA"``, ``"1A"``, ``"I.A"``, ``"Std I-A"`` -> ``("I", "I-A")``;
        an element ``"II-B-1"`` -> its indicator ``("II", "II-B")``;
        a standard alone, ``"III"`` or ``"Standard 3"`` -> ``("III", None)``.
        ``(None, None)`` when the framework has no such code.
        """
        text = raw.strip().upper()
        text = re.sub(r"^(STANDARD|STD\.?|S)\s*", "", text)
        m = re.fullmatch(r"([IVX]+|\d)\s*[-.\s]?\s*([A-Z])?(?:\s*[-.\s]?\s*(\d+))?", text)
        if not m:
            return None, None
        standard = _ROMAN.get(m.group(1), m.group(1))
        if standard not in self.standards:
            return None, None
        if m.group(2) is None:
            return standard, None
        indicator = f"{standard}-{m.group(2)}"
        if indicator not in set(self.indicators):
            return None, None
        return standard, indicator


_SPLIT = re.compile(r"[,;/\n|&]+|\s+and\s+|\s{2,}", re.IGNORECASE)


def split_codes(cell: str) -> list[str]:
    """Several codes in one cell: ``"I-A, II-B; IV-C"`` -> ``["I-A", "II-B", "IV-C"]``."""
    return [part.strip() for part in _SPLIT.split(cell) if part and part.strip()]


def _read(path_or_file) -> pd.DataFrame:
    table = pd.read_csv(path_or_file, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise UserError(f"framework file {path_or_file} lacks column(s) {', '.join(missing)}")
    return table[COLUMNS]


@lru_cache(maxsize=16)
def load(name_or_path: str) -> Framework:
    """A shipped framework by name (``"MA-2012"``) or a district's CSV by path."""
    shipped = resources.files("induction_analysis").joinpath("frameworks", f"{name_or_path}.csv")
    if shipped.is_file():
        with shipped.open("r", encoding="utf-8") as fh:
            table = _read(fh)
        return Framework(name_or_path, table)
    path = Path(name_or_path)
    if path.is_file():
        table = _read(path)
        return Framework(str(table["framework"].iloc[0]), table)
    available = sorted(
        p.name.removesuffix(".csv") for p in resources.files("induction_analysis").joinpath("frameworks").iterdir()
    )
    raise UserError(
        f"framework {name_or_path!r} not found: neither a shipped framework ({', '.join(available)}) nor a file"
    )
