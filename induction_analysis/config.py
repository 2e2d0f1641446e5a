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
    "mentor_application",
    "reflection_journal",
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

    def codebook_path(self) -> str:
        return self.data["themes"]["codebook"]

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
    fw = merged["frameworks"]
    project = path.parent.resolve()
    fw["default"] = confined_path(fw["default"], project, path, "[frameworks] default")
    fw["by_year"] = {y: confined_path(v, project, path, f"[frameworks] by_year {y}") for y, v in fw.get("by_year", {}).items()}
    if user.get("themes", {}).get("codebook", "default") != "default":
        merged["themes"]["codebook"] = confined_path(merged["themes"]["codebook"], project, path, "[themes] codebook")
    return Config(merged, source=str(path))


def confined_path(value: str, project: Path, config_file: Path, where: str) -> str:
    """A framework named in the config: a shipped name as is, or a file path resolved against the
    config file's folder (the project) and refused when it leads outside it."""
    if resources.files("induction_analysis").joinpath("frameworks", f"{value}.csv").is_file():
        return value
    target = (project / Path(value).expanduser()).resolve()
    if not target.is_relative_to(project):
        raise UserError(f"config file {config_file}: {where} = {value!r} is outside the project folder {project}; "
                        "put the file in that folder (or below it) and name it relative to the config file")
    if not target.is_file():
        raise UserError(f"config file {config_file}: {where} = {value!r}: no such file {target}")
    return str(target)
