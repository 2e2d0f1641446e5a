"""Which kind of export a file is, and which of its columns hold which canonical field.

Recognition uses the headers first and the file name second: a kind qualifies
only when the headers hold its required fields; among qualifying kinds the one
matching the most columns wins, with a nudge for a file name that hints at it.
A config ``[files]`` glob forces a kind.
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import re
import tomllib
from dataclasses import dataclass, field

from induction_analysis.config import KINDS, Config
from induction_analysis.ingest.parsing import duration_unit, normalize_header

# Each kind: groups of fields; every group needs at least one of its fields present.
REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "roster": [("mentee_name", "mentee_id"), ("mentor_name", "mentor_id")],
    "collaborative_log": [("date",), ("mentee",), ("minutes",)],
    "exit_ticket": [("timestamp", "session_date"), ("session", "session_date", "facilitator")],
    "self_assessment": [("timestamp",), ("season",)],
    "stakeholder_survey": [("timestamp",), ("respondent_role",)],
    "evaluation": [
        ("staff_id",),
        ("school_year",),
        ("summative", "standard_i", "standard_ii", "standard_iii", "standard_iv"),
    ],
    # a payroll snapshot per year may have no year column (its name gives it), one row per employee none at all
    "hr_employment": [("staff_id",), ("position",), ("school_year", "hire_date", "exit_date", "status")],
    "costs": [("amount_usd",), ("category", "description")],
    "mentor_application": [("applicant", "applicant_id"), ("motivation", "strengths", "orientation_completed")],
    "reflection_journal": [("entry",), ("timestamp", "date")],
}
# A required field that other fields together can stand in for: a log's minutes from its start and end times
STAND_INS: dict[str, tuple[str, ...]] = {"minutes": ("start_time", "end_time")}
# Survey kinds may be recognized on a timestamp column and a name hint alone.
SURVEY_KINDS = ("exit_ticket", "self_assessment", "stakeholder_survey")
NAME_HINT_WEIGHT = 3


@dataclass
class Recognition:
    kind: str | None
    columns: dict[str, int] = field(default_factory=dict)  # canonical field -> position
    hint: str = ""  # why not recognized / what to add to config
    forced: bool = False
    config_lines: dict[str, list[str]] = field(default_factory=dict)  # TOML section -> lines to add


# A header is offered as a field's column when it is at least this similar to one of the field's names.
CLOSE_ENOUGH = 0.6
# Kinds whose every column has a meaning; the extra columns of survey kinds are questions.
TABULAR_KINDS = ("roster", "collaborative_log", "evaluation", "hr_employment", "costs")


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_PLACEHOLDER = re.compile(r"^<.*>$")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def _toml_value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(
        value, dict
    ):  # an inline table: a column with its unit, { header = "Duration (hrs)", unit = "hours" }
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, str):
        return toml_string(value)
    return json.dumps(value)


def config_snippet(sections: dict[str, list[str]]) -> str:
    """Suggested config lines, by section, as one valid TOML text: one key per line, the values several
    files suggest for one key merged into one list (a placeholder dropped once a header is known), a
    second value for a key that takes one kept as a comment. The text is parsed before it is returned;
    a line that does not parse is kept as a comment."""
    blocks = []
    for section, lines in sections.items():
        values: dict[str, object] = {}
        notes: dict[str, list[str]] = {}
        loose: list[str] = []
        for line in lines:
            body, _, comment = line.partition("  # ")
            try:
                parsed = tomllib.loads(body)
            except tomllib.TOMLDecodeError:
                loose.append(f"# {line}")
                continue
            for key, value in parsed.items():
                if comment and comment not in notes.setdefault(key, []):
                    notes[key].append(comment)
                if key not in values:
                    values[key] = value
                elif isinstance(values[key], (list, dict)) and isinstance(
                    value, (list, dict)
                ):  # headers (and units) of a column
                    before = values[key] if isinstance(values[key], list) else [values[key]]
                    values[key] = [
                        *before,
                        *(v for v in (value if isinstance(value, list) else [value]) if v not in before),
                    ]
                elif value != values[key]:
                    loose.append(f"# also suggested: {_toml_key(key)} = {_toml_value(value)}")
        out = [section]
        for key, value in values.items():
            if isinstance(value, list) and any(not _PLACEHOLDER.match(str(v)) for v in value):
                value = [v for v in value if not _PLACEHOLDER.match(str(v))]
            note = "; ".join(notes.get(key, []))
            out.append(f"{_toml_key(key)} = {_toml_value(value)}" + (f"  # {note}" if note else ""))
        blocks.append("\n".join(out + loose) + "\n")
    text = "\n".join(blocks).strip()
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:  # a section name that does not parse: nothing of it is left to break the file
        text = "\n".join(f"# {line}" if line and not line.startswith("#") else line for line in text.splitlines())
    return text


def closest_header(
    fld: str, headers: list[str], synonyms: dict[str, list[str]], taken: set[int]
) -> tuple[str | None, float]:
    """The free header most like one of ``fld``'s names, and how alike (0-1)."""
    names = [normalize_header(n) for n in synonyms.get(fld, [fld])] + [normalize_header(fld.replace("_", " "))]
    best, best_ratio = None, 0.0
    for i, h in enumerate(headers):
        if i in taken or not normalize_header(h):
            continue
        ratio = max(difflib.SequenceMatcher(None, normalize_header(h), n).ratio() for n in names)
        if ratio > best_ratio:
            best, best_ratio = h, ratio
    return best, best_ratio


def closest_headers(
    kind: str, fields: list[str], headers: list[str], mapping: dict[str, int], config: Config
) -> dict[str, str | None]:
    """For each field, the free header closest to its names when one is close enough, else None."""
    synonyms = config.synonyms(kind)
    taken = set(mapping.values())
    found: dict[str, str | None] = {}
    for fld in fields:
        header, ratio = closest_header(fld, headers, synonyms, taken)
        found[fld] = header if header is not None and ratio >= CLOSE_ENOUGH else None
        if found[fld] is not None:
            taken.add(headers.index(header))
    return found


# Fields whose columns hold a quantity in a unit the header may say: a line for such a header carries the unit
UNIT_FIELDS = {"minutes": "minutes"}


def unit_config_line(header: str, unit: str, fld: str = "minutes") -> str:
    """``minutes = { header = "Duration (hrs)", unit = "hours" }``: a header read in a unit (valid TOML)."""
    return f"{fld} = {{ header = {toml_string(header)}, unit = {toml_string(unit)} }}"


def config_line(fld: str, header: str | None) -> str:
    """``field = ["Header"]`` for ``[columns.KIND]``, or a placeholder for the district to fill in. A header of a
    duration that says another unit than the field's (``Duration (hrs)`` for minutes) carries its unit."""
    if header is not None and fld in UNIT_FIELDS and duration_unit(header) == "hours":
        return unit_config_line(header, "hours", fld)
    return (
        f"{fld} = [{toml_string(header)}]"
        if header is not None
        else f'{fld} = ["<your header for {fld.replace("_", " ")}>"]'
    )


def unused_columns(kind: str, headers: list[str], mapping: dict[str, int], config: Config) -> list[tuple[str, str]]:
    """(header, field) for columns of a tabular kind that were not used but look like one of its unused fields."""
    if kind not in TABULAR_KINDS:
        return []
    synonyms = config.synonyms(kind)
    taken = set(mapping.values())
    found = []
    for fld in synonyms:
        if fld in mapping:
            continue
        header, ratio = closest_header(fld, headers, synonyms, taken)
        if header is not None and ratio >= CLOSE_ENOUGH:
            found.append((header, fld))
            taken.add(headers.index(header))
    return found


def known_headers(config: Config) -> set[str]:
    """Every synonym of every kind (normalized), for finding header rows."""
    return {normalize_header(s) for kind in KINDS for names in config.synonyms(kind).values() for s in names}


_NORMALIZED_SYNONYMS: dict[
    int, tuple[dict, list]
] = {}  # id -> (the synonyms, kept so the id is not reused; normalized)


def _normalized_synonyms(synonyms: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """Each field's synonyms normalized as headers are: once per config, not once per file and kind."""
    if not synonyms:
        return []
    cached = _NORMALIZED_SYNONYMS.get(id(synonyms))
    if cached is None or cached[0] is not synonyms:
        cached = (synonyms, [(fld, [normalize_header(n) for n in names]) for fld, names in synonyms.items()])
        _NORMALIZED_SYNONYMS[id(synonyms)] = cached
    return cached[1]


def map_columns(headers: list[str], synonyms: dict[str, list[str]]) -> dict[str, int]:
    """Canonical field -> header position, the first header matching one of the field's synonyms."""
    positions: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        positions.setdefault(normalize_header(h), []).append(i)
    taken: set[int] = set()
    mapping: dict[str, int] = {}
    for fld, names in _normalized_synonyms(synonyms):
        for name in names:  # earlier synonyms are preferred
            found = positions.get(name)
            if found is None:
                continue
            pos = next((i for i in found if i not in taken), None)
            if pos is not None:
                mapping[fld] = pos
                taken.add(pos)
                break
    return mapping


def _missing_groups(kind: str, mapping: dict[str, int]) -> list[tuple[str, ...]]:
    def present(fld: str) -> bool:
        return fld in mapping or (fld in STAND_INS and all(f in mapping for f in STAND_INS[fld]))

    return [group for group in REQUIRED[kind] if not any(present(f) for f in group)]


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
    near_misses = [
        k
        for k in KINDS
        if k not in scores
        and _name_hinted(relative_name, k, config)
        and len(_missing_groups(k, mappings[k])) == 1
        and len(mappings[k]) >= 2
    ]
    if scores:
        kind = max(scores, key=lambda k: (scores[k], -KINDS.index(k)))
        if not near_misses or _name_hinted(relative_name, kind, config):
            return Recognition(kind, mappings[kind])
        # the name says one kind and the headers nearly fit it: better to ask than to read a
        # contact log without minutes as a roster
        return _not_recognized(near_misses[0], headers, mappings, relative_name, config)
    # Not recognized: point at the closest kind and say what is missing.
    if not any(mappings.values()):
        hint = (
            "none of its headers is a column name the tool knows. If it is one of the kinds "
            f'({", ".join(KINDS)}), add to your config: [files] "{relative_name}" = "KIND" '
            "and under [columns.KIND] name its headers"
        )
        lines = {"[files]": [f'{toml_string(relative_name)} = "KIND"  # one of: {", ".join(KINDS)}']}
        return Recognition(None, {}, hint=hint, config_lines=lines)

    def closeness(kind: str) -> tuple:
        groups = REQUIRED[kind]
        return (
            (len(groups) - len(_missing_groups(kind, mappings[kind]))) / len(groups),
            len(mappings[kind]),
            -KINDS.index(kind),
        )

    return _not_recognized(max(KINDS, key=closeness), headers, mappings, relative_name, config)


def _not_recognized(
    closest: str, headers: list[str], mappings: dict[str, dict[str, int]], relative_name: str, config: Config
) -> Recognition:
    missing = _missing_groups(closest, mappings[closest])
    wanted = " and ".join(" or ".join(g) for g in missing)
    found = closest_headers(closest, [g[0] for g in missing], headers, mappings[closest], config)
    chosen = {**mappings[closest], **{fld: headers.index(h) for fld, h in found.items() if h is not None}}
    lines = [config_line(fld, h) for fld, h in found.items()]
    lines += [config_line(fld, h) for h, fld in unused_columns(closest, headers, chosen, config)]
    hint = (
        f"headers do not match any kind; closest is {closest} (missing {wanted}). "
        f'If it is one, add to your config: [files] "{relative_name}" = "{closest}"'
        f" and under [columns.{closest}] " + "; ".join(lines)
    )
    return Recognition(
        None,
        {},
        hint=hint,
        config_lines={"[files]": [f'{toml_string(relative_name)} = "{closest}"'], f"[columns.{closest}]": lines},
    )
