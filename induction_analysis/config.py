"""District configuration: the shipped defaults (``defaults.toml``) merged with a district's file."""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from induction_analysis.errors import UserError

KINDS = (
    "roster",
    "collaborative_log",
    "exit_ticket",
    "self_assessment",
    "stakeholder_survey",
    "evaluation",
    "hr_employment",
    "costs",
)


def _deep_merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def default_config_text() -> str:
    return resources.files("induction_analysis").joinpath("defaults.toml").read_text("utf-8")


@dataclass(frozen=True)
class Config:
    data: dict[str, Any]
    source: str = "defaults"

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def synonyms(self, kind: str) -> dict[str, list[str]]:
        return self.data["columns"].get(kind, {})

    @property
    def suppression_threshold(self) -> int:
        return int(self.data["privacy"]["suppression_threshold"])

    def framework_name(self, school_year: str) -> str:
        fw = self.data["frameworks"]
        return fw.get("by_year", {}).get(school_year, fw["default"])


def load_config(path: str | Path | None = None) -> Config:
    """Defaults merged with ``path`` (a TOML file). Unknown sections are refused, with their names."""
    defaults = tomllib.loads(default_config_text())
    if path is None:
        return Config(defaults)
    path = Path(path)
    if not path.is_file():
        raise UserError(f"config file not found: {path}")
    try:
        user = tomllib.loads(path.read_text("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"config file {path} is not valid TOML: {exc}") from None
    unknown = sorted(set(user) - set(defaults))
    if unknown:
        raise UserError(
            f"config file {path}: unknown section(s) {', '.join(unknown)}; "
            f"known sections are {', '.join(sorted(defaults))}"
        )
    bad_kinds = sorted(set(user.get("columns", {})) - set(KINDS))
    bad_kinds += sorted({k for k in user.get("files", {}).values() if k not in KINDS})
    if bad_kinds:
        raise UserError(f"config file {path}: unknown kind(s) {', '.join(bad_kinds)}; kinds are {', '.join(KINDS)}")
    merged = _deep_merge(defaults, user)
    # A district's extra column synonyms add to the defaults rather than replace them.
    for kind, cols in user.get("columns", {}).items():
        for col, names in cols.items():
            merged["columns"][kind][col] = list(names) + [
                n for n in defaults["columns"].get(kind, {}).get(col, []) if n not in names
            ]
    return Config(merged, source=str(path))
