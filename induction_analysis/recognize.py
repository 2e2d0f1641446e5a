"""Which kind of export a file is, and which of its columns hold which canonical field.

Recognition uses the headers first and the file name second: a kind qualifies
only when the headers hold its required fields; among qualifying kinds the one
matching the most columns wins, with a nudge for a file name that hints at it.
A config ``[files]`` glob forces a kind.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from induction_analysis.config import KINDS, Config
from induction_analysis.parsing import normalize_header

# Each kind: groups of fields; every group needs at least one of its fields present.
REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "roster": [("mentee_name", "mentee_id"), ("mentor_name", "mentor_id")],
    "collaborative_log": [("date",), ("mentee",), ("minutes",)],
    "exit_ticket": [("timestamp", "session_date"), ("session", "session_date", "facilitator")],
    "self_assessment": [("timestamp",), ("season",)],
    "stakeholder_survey": [("timestamp",), ("respondent_role",)],
    "evaluation": [("staff_id",), ("school_year",), ("summative", "standard_i", "standard_ii", "standard_iii", "standard_iv")],
    "hr_employment": [("staff_id",), ("school_year",), ("position",)],
    "costs": [("amount_usd",), ("category", "description")],
    "mentor_application": [("applicant", "applicant_id"), ("motivation", "strengths", "orientation_completed")],
}
# Survey kinds may be recognized on a timestamp column and a name hint alone.
SURVEY_KINDS = ("exit_ticket", "self_assessment", "stakeholder_survey")
NAME_HINT_WEIGHT = 3


@dataclass
class Recognition:
    kind: str | None
    columns: dict[str, int] = field(default_factory=dict)  # canonical field -> position
    hint: str = ""  # why not recognized / what to add to config
    forced: bool = False


def known_headers(config: Config) -> set[str]:
    """Every synonym of every kind (normalized), for finding header rows."""
    return {normalize_header(s) for kind in KINDS for names in config.synonyms(kind).values() for s in names}


def map_columns(headers: list[str], synonyms: dict[str, list[str]]) -> dict[str, int]:
    """Canonical field -> header position, the first header matching one of the field's synonyms."""
    normalized = [normalize_header(h) for h in headers]
    taken: set[int] = set()
    mapping: dict[str, int] = {}
    for fld, names in synonyms.items():
        wanted = [normalize_header(n) for n in names]
        for name in wanted:  # earlier synonyms are preferred
            pos = next((i for i, h in enumerate(normalized) if h == name and i not in taken), None)
            if pos is not None:
                mapping[fld] = pos
                taken.add(pos)
                break
    return mapping


def _missing_groups(kind: str, mapping: dict[str, int]) -> list[tuple[str, ...]]:
    return [group for group in REQUIRED[kind] if not any(f in mapping for f in group)]


def _name_hinted(file_name: str, kind: str, config: Config) -> bool:
    """The file's path names the kind: a hint word as a whole word (``hr``), or inside a
    longer word when the hint is long enough not to match by chance (``selfassessment``)."""
    name = normalize_header(file_name.rsplit(".", 1)[0])
    for word in (normalize_header(w) for w in config["name_hints"].get(kind, [])):
        if f" {word} " in f" {name} " or (len(word) > 3 and word.replace(" ", "") in name.replace(" ", "")):
            return True
    return False


def forced_kind(relative_name: str, config: Config) -> str | None:
    for pattern, kind in config["files"].items():
        if fnmatch.fnmatch(relative_name.lower(), pattern.lower()) or fnmatch.fnmatch(
            relative_name.rsplit("/", 1)[-1].lower(), pattern.lower()
        ):
            return kind
    return None


def recognize(headers: list[str], relative_name: str, config: Config) -> Recognition:
    forced = forced_kind(relative_name, config)
    if forced:
        mapping = map_columns(headers, config.synonyms(forced))
        return Recognition(forced, mapping, forced=True)
    scores: dict[str, float] = {}
    mappings: dict[str, dict[str, int]] = {}
    for kind in KINDS:
        mapping = map_columns(headers, config.synonyms(kind))
        mappings[kind] = mapping
        hinted = _name_hinted(relative_name, kind, config)
        missing = _missing_groups(kind, mapping)
        if kind in SURVEY_KINDS and hinted and missing and "timestamp" in mapping and len(missing) == 1:
            missing = []  # a form export named for this kind
        if not missing:
            scores[kind] = len(mapping) + (NAME_HINT_WEIGHT if hinted else 0)
    if scores:
        kind = max(scores, key=lambda k: (scores[k], -KINDS.index(k)))
        return Recognition(kind, mappings[kind])
    # Not recognized: point at the closest kind and say what is missing.
    if not any(mappings.values()):
        hint = (
            "none of its headers is a column name the tool knows. If it is one of the kinds "
            f"({', '.join(KINDS)}), add to your config: [files] \"{relative_name}\" = \"KIND\" "
            "and under [columns.KIND] name its headers"
        )
        return Recognition(None, {}, hint=hint)

    def closeness(kind: str) -> tuple:
        groups = REQUIRED[kind]
        return ((len(groups) - len(_missing_groups(kind, mappings[kind]))) / len(groups), len(mappings[kind]), -KINDS.index(kind))

    closest = max(KINDS, key=closeness)
    missing = _missing_groups(closest, mappings[closest])
    wanted = " and ".join(" or ".join(g) for g in missing)
    hint = (
        f"headers do not match any kind; closest is {closest} (missing {wanted}). "
        f"If it is one, add to your config: [files] \"{relative_name}\" = \"{closest}\""
        f" and under [columns.{closest}] name the header(s) for {wanted}"
    )
    return Recognition(None, {}, hint=hint)
