"""District configuration: the shipped defaults (``defaults.toml``) merged with a district's file."""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from induction_analysis.errors import UserError
from induction_analysis.ingest.parsing import normalize_header

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


COLUMN_UNITS = "_column_units"  # kind -> normalized header -> unit, from the column entries that carry one
UNITS = ("minutes", "hours")


def _column_entries(columns: dict, where: str) -> dict:
    """``[columns.KIND]`` entries as lists of header texts; an entry may also be an inline table that gives a
    header and its unit (``minutes = { header = "Duration (hrs)", unit = "hours" }``), alone or in a list.
    Returns the units found (kind -> normalized header -> unit); ``columns`` is changed in place."""
    units: dict[str, dict[str, str]] = {}
    for kind, fields in columns.items():
        if not isinstance(fields, dict):
            continue
        for fld, names in fields.items():
            names = names if isinstance(names, list) else [names]
            headers = []
            for name in names:
                if isinstance(name, dict):
                    header, unit = name.get("header"), name.get("unit")
                    if not isinstance(header, str) or unit not in UNITS:
                        raise UserError(
                            f"{where}: [columns.{kind}] {fld}: an entry like {{ header = ..., unit = ... }} needs a "
                            f"header text and a unit ({' or '.join(UNITS)}); found {name}"
                        )
                    units.setdefault(kind, {})[normalize_header(header)] = unit
                    headers.append(header)
                else:
                    headers.append(str(name))
            fields[fld] = headers
    return units


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

    def column_unit(self, kind: str, header: str) -> str | None:
        """The unit a district's config gives a column's header (``minutes = { header = "Duration", unit = "hours" }``),
        or ``None``."""
        return self.data.get(COLUMN_UNITS, {}).get(kind, {}).get(normalize_header(header))

    def framework_name(self, school_year: str) -> str:
        fw = self.data["frameworks"]
        return fw.get("by_year", {}).get(school_year, fw["default"])


def load_config(path: str | Path | None = None) -> Config:
    """Defaults merged with ``path`` (a TOML file). Unknown sections are refused, with their names."""
    defaults = tomllib.loads(default_config_text())
    defaults[COLUMN_UNITS] = _column_entries(defaults["columns"], "the default config")
    if path is None:
        return Config(defaults)
    path = Path(path)
    if not path.is_file():
        raise UserError(f"config file not found: {path}")
    try:
        user = tomllib.loads(path.read_text("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"config file {path} is not valid TOML: {exc}") from None
    units = _column_entries(user.get("columns", {}), f"config file {path}")
    unknown = sorted(set(user) - (set(defaults) - {COLUMN_UNITS}))
    if unknown:
        raise UserError(
            f"config file {path}: unknown section(s) {', '.join(unknown)}; "
            f"known sections are {', '.join(sorted(set(defaults) - {COLUMN_UNITS}))}"
        )
    bad_kinds = sorted(set(user.get("columns", {})) - set(KINDS))
    bad_kinds += sorted({k for k in user.get("files", {}).values() if k not in KINDS})
    if bad_kinds:
        raise UserError(f"config file {path}: unknown kind(s) {', '.join(bad_kinds)}; kinds are {', '.join(KINDS)}")
    merged = _deep_merge(defaults, user)
    for kind, found in units.items():
        merged[COLUMN_UNITS].setdefault(kind, {}).update(found)
    # A district's extra column synonyms add to the defaults rather than replace them.
    for kind, cols in user.get("columns", {}).items():
        for col, names in cols.items():
            merged["columns"][kind][col] = list(names) + [
                n for n in defaults["columns"].get(kind, {}).get(col, []) if n not in names
            ]
    fw = merged["frameworks"]
    project = path.parent.resolve()
    fw["default"] = confined_path(fw["default"], project, path, "[frameworks] default")
    fw["by_year"] = {
        y: confined_path(v, project, path, f"[frameworks] by_year {y}") for y, v in fw.get("by_year", {}).items()
    }
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
        raise UserError(
            f"config file {config_file}: {where} = {value!r} is outside the project folder {project}; "
            "put the file in that folder (or below it) and name it relative to the config file"
        )
    if not target.is_file():
        raise UserError(f"config file {config_file}: {where} = {value!r}: no such file {target}")
    return str(target)
