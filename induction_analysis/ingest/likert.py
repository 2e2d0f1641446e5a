"""How each question of a survey file is read: a rating on a scale, a number, a ranking, or neither.

Scales are recognized by their structure (:mod:`induction_analysis.ingest.scales`) from the words used
across a whole survey file, so a 5-point agreement item where nobody chose "Neutral" is still read
as 5-point when another item of the same file shows the neutral point. Answers such as "Not
applicable" are set aside before (:func:`not_a_rating`); answers that fit no scale in a rating item
are left out of its figures and listed (:attr:`ItemReading.left_out`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from induction_analysis.ingest import scales
from induction_analysis.ingest.parsing import each_distinct, is_blank, normalize_header
from induction_analysis.ingest.scales import Scale

__all__ = [
    "Scale",
    "SCALES",
    "ItemReading",
    "read_items",
    "score",
    "not_a_rating",
    "points_in_header",
    "detect_scale",
    "file_scales",
]

# Examples of the wordings the tools ship, lowest first (the property tests write answers from them;
# recognition does not use this list, see scales).
SCALES: dict[str, list[Scale]] = {
    "agreement": [
        Scale("agreement-4", ("Strongly disagree", "Disagree", "Agree", "Strongly agree")),
        Scale(
            "agreement-5", ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
        ),
        Scale(
            "agreement-5",
            (
                "Strongly disagree",
                "Somewhat disagree",
                "Neither agree nor disagree",
                "Somewhat agree",
                "Strongly agree",
            ),
        ),
        Scale(
            "agreement-6",
            ("Strongly disagree", "Disagree", "Somewhat disagree", "Somewhat agree", "Agree", "Strongly agree"),
        ),
        Scale(
            "agreement-7",
            (
                "Strongly disagree",
                "Disagree",
                "Somewhat disagree",
                "Neither agree nor disagree",
                "Somewhat agree",
                "Agree",
                "Strongly agree",
            ),
        ),
    ],
    "satisfaction": [
        Scale("satisfaction-4", ("Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied")),
        Scale(
            "satisfaction-5",
            ("Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"),
        ),
        Scale(
            "satisfaction-5",
            (
                "Very dissatisfied",
                "Somewhat dissatisfied",
                "Neither satisfied nor dissatisfied",
                "Somewhat satisfied",
                "Very satisfied",
            ),
        ),
        Scale(
            "satisfaction-5",
            (
                "Extremely dissatisfied",
                "Somewhat dissatisfied",
                "Neither satisfied nor dissatisfied",
                "Somewhat satisfied",
                "Extremely satisfied",
            ),
        ),
        Scale(
            "satisfaction-7",
            (
                "Very dissatisfied",
                "Dissatisfied",
                "Somewhat dissatisfied",
                "Neither satisfied nor dissatisfied",
                "Somewhat satisfied",
                "Satisfied",
                "Very satisfied",
            ),
        ),
        Scale(
            "satisfaction-7",
            (
                "Extremely dissatisfied",
                "Moderately dissatisfied",
                "Slightly dissatisfied",
                "Neither satisfied nor dissatisfied",
                "Slightly satisfied",
                "Moderately satisfied",
                "Extremely satisfied",
            ),
        ),
    ],
    "helpfulness": [
        Scale(
            "helpfulness-7",
            (
                "Extremely unhelpful",
                "Moderately unhelpful",
                "Slightly unhelpful",
                "Neither helpful nor unhelpful",
                "Slightly helpful",
                "Moderately helpful",
                "Extremely helpful",
            ),
        ),
    ],
    "likelihood": [
        Scale(
            "likelihood-5",
            ("Very unlikely", "Somewhat unlikely", "Neither likely nor unlikely", "Somewhat likely", "Very likely"),
        ),
        Scale(
            "likelihood-7",
            (
                "Extremely unlikely",
                "Moderately unlikely",
                "Slightly unlikely",
                "Neither likely nor unlikely",
                "Slightly likely",
                "Moderately likely",
                "Extremely likely",
            ),
        ),
    ],
    "easy-difficult": [
        Scale(
            "easy-difficult-5",
            (
                "Extremely difficult",
                "Somewhat difficult",
                "Neither easy nor difficult",
                "Somewhat easy",
                "Extremely easy",
            ),
        ),
    ],
    "frequency": [
        Scale("frequency-4", ("Never", "Sometimes", "Often", "Always")),
        Scale("frequency-5", ("Never", "Rarely", "Sometimes", "Often", "Always")),
        Scale("frequency-5", ("Never", "Rarely", "Sometimes", "Very often", "Always")),
        Scale("frequency-7", ("Never", "Rarely", "Occasionally", "Sometimes", "Frequently", "Usually", "Always")),
    ],
    "usefulness": [
        Scale("usefulness-4", ("Not at all useful", "Somewhat useful", "Very useful", "Extremely useful")),
        Scale(
            "usefulness-5",
            ("Not at all useful", "Slightly useful", "Moderately useful", "Very useful", "Extremely useful"),
        ),
        Scale(
            "usefulness-5", ("Not at all useful", "Not so useful", "Somewhat useful", "Very useful", "Extremely useful")
        ),
    ],
    "quality": [
        Scale("quality-5", ("Poor", "Fair", "Good", "Very good", "Excellent")),
    ],
    "rubric": [
        Scale("rubric-4", ("Unsatisfactory", "Needs improvement", "Proficient", "Exemplary")),
    ],
}

_LEADING_NUMBER = re.compile(r"^\s*(\d+)\s*(?:[-–:=.)(]|$)")
_PURE_NUMBER = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")
# "(1-5)", "1 to 7", "scale of 0-10" in a question's text: the range of its numbers
_HEADER_RANGE = re.compile(r"\b([01])\s*(?:-|–|to)\s*(\d{1,2})\b")
# a kind a district may declare for an item in [survey.items], and the item_type it gives
DECLARED_KINDS = {
    "rating": "likert",
    "likert": "likert",
    "choice": "choice",
    "comment": "text",
    "text": "text",
    "number": "number",
    "ranking": "ranking",
}
_DECLARED_SCALE = re.compile(r"^([a-z_/]+(?:-[a-z_]+)?)-(?:(0)-)?(\d{1,2})$")
NPS_GROUPS = {"promoter", "passive", "detractor"}


def _word_key(text: str) -> str:
    return scales.answer_key(text)


def points_in_header(header: str) -> int | None:
    """The top of a numeric scale named in the question, e.g. ``Confidence (1-7)`` -> 7."""
    found = range_in_header(header)
    return found[1] if found else None


def range_in_header(header: str) -> tuple[int, int] | None:
    """The lowest and top numbers a question names: ``(1-7)`` -> (1, 7), ``0 to 10`` -> (0, 10)."""
    m = _HEADER_RANGE.search(header or "")
    if not m:
        return None
    low, top = int(m.group(1)), int(m.group(2))
    return (low, top) if 3 <= top - low + 1 <= 11 else None


def not_a_rating(answers: pd.Series, extra: frozenset[str] = frozenset()) -> pd.Series:
    """True where an answer is "Not applicable", "N/A", "Don't know"... (not a point of any scale);
    each distinct answer looked at once."""
    codes, distinct = pd.factorize(answers.astype("str").str.strip().where(answers.notna()))
    flags = np.fromiter((scales.is_not_a_rating(t, extra) for t in distinct), dtype=bool, count=len(distinct))
    out = np.zeros(len(answers), dtype=bool)
    found = codes >= 0
    out[found] = flags[codes[found]]
    return pd.Series(out, index=answers.index)


def _numbered(u: str) -> int | None:
    m = _LEADING_NUMBER.match(u)
    return int(m.group(1)) if m else None


@dataclass
class ItemReading:
    """How one question was read. ``kind``: likert (rated), number, ranking, choice or text, or None
    when the answers decide between choice and text (:func:`normalize._is_choice`)."""

    kind: str | None
    scale: Scale | None = None
    left_out: dict[str, int] = field(default_factory=dict)  # answer as written -> answers left out of the figures
    scale_words: float = 0.0  # share of the answers that are scale words (for an item read as text)
    note: str = ""  # "count": a count or an amount; "no scale": numbers whose scale the export does not say
    declared: str = ""
    not_a_rating: pd.Series | None = field(default=None, repr=False)  # the answers that are not ratings (a mask)


def _numeric(
    uniques: set[str],
    header: str,
    numeric_points: int,
    qualtrics: bool,
    declared: tuple[int, int] | None,
    declared_name: str = "",
) -> ItemReading:
    """Numbers: a count, a rating on a range (from the question, the config or the data), or numbers
    without a scale (a numeric-coded Qualtrics export)."""
    values = [float(_numbered(u) if _numbered(u) is not None and not _PURE_NUMBER.match(u) else u) for u in uniques]
    named = range_in_header(header)
    recommend = bool(scales.RECOMMEND_QUESTION.search(header or "")) and max(values) <= 10 and min(values) >= 0
    if declared is not None:
        low, top = declared
    elif scales.COUNT_QUESTION.search(header or "") and not named:
        return ItemReading("number", note="count")
    elif any(v != int(v) or v < 0 for v in values):
        return ItemReading("number", note="count")
    elif named:
        low, top = named
    elif recommend and (min(values) == 0 or max(values) > 7):
        low, top = 0, 10
    elif qualtrics:
        return ItemReading("number", note="no scale")
    else:
        low = 0 if min(values) == 0 else 1
        top = int(max(max(values), numeric_points - low))
    if top - low + 1 > 11 or top - low + 1 < 2:
        return ItemReading("number", note="count")
    name = declared_name or (f"numeric-{top - low + 1}" if low == 1 else f"numeric-{low}-{top}")
    scale = Scale(name, tuple(str(i) for i in range(low, top + 1)), low)
    left = {u: 0 for u, v in zip(uniques, values) if not low <= v <= top}
    return ItemReading("likert", scale, left)


def _declared(config_items: dict[str, str], header: str) -> str:
    key = normalize_header(header)
    for part, value in config_items.items():
        if normalize_header(part) and normalize_header(part) in key:
            return str(value).strip().lower()
    return ""


def _declared_range(value: str) -> tuple[int, int] | None:
    m = _DECLARED_SCALE.match(value)
    if not m:
        return None
    low = 0 if m.group(2) else 1
    return low, int(m.group(3))


def _ranking_groups(columns: dict[int, pd.Series], headers: dict[int, str]) -> set[int]:
    """Columns of ranking questions: a question over several rows ("Question - Row") whose answers
    are the positions 1..rows, each used at most once in a response."""
    groups: dict[str, list[int]] = {}
    for i, h in headers.items():
        if " - " in h:
            groups.setdefault(h.rsplit(" - ", 1)[0], []).append(i)
    found: set[int] = set()
    for question, members in groups.items():
        if len(members) < 2:
            continue
        block = pd.DataFrame({i: columns[i] for i in members})
        filled = block[~block.isna().all(axis=1)]
        cells = filled.stack()
        if cells.empty:
            continue
        text = cells.astype("str").str.strip()
        if not text.str.fullmatch(r"\d+(\.0+)?").all():
            continue
        ranks = text.astype("float").astype("int64")
        if ranks.min() < 1 or ranks.max() > len(members):
            continue
        per_response = pd.DataFrame({"response": ranks.index.get_level_values(0), "rank": ranks.to_numpy()})
        once_each = not per_response.duplicated().any()
        if once_each and (
            "rank" in question.lower() or len(members) >= 3 and per_response["response"].value_counts().max() >= 2
        ):
            found.update(members)
    return found


def read_items(
    columns: dict[int, pd.Series],
    headers: dict[int, str] | None = None,
    numeric_points: int = 5,
    *,
    qualtrics: bool = False,
    config_items: dict[str, str] | None = None,
    extra_not_a_rating: frozenset[str] = frozenset(),
) -> dict[int, ItemReading]:
    """How each column of one survey file is read. Worded items of one family share the scale made of
    every word the file uses for that family; a numeric item's range comes from the config, its
    question text ("(1-7)", a 0-10 recommendation) or its answers."""
    headers = headers or {}
    config_items = config_items or {}
    out: dict[int, ItemReading] = {}
    worded: dict[int, scales.ColumnReading] = {}
    rankings = _ranking_groups(columns, headers)
    counts_of: dict[int, Counter] = {}
    na_of: dict[int, pd.Series] = {}
    for i, answers in columns.items():
        header = headers.get(i, "")
        declared = _declared(config_items, header)
        if declared in DECLARED_KINDS and DECLARED_KINDS[declared] != "likert":
            out[i] = ItemReading(DECLARED_KINDS[declared], declared=declared)
            continue
        na_of[i] = not_a_rating(answers, extra_not_a_rating)
        present = answers[~is_blank(answers) & ~na_of[i]]
        values = present.astype("str").str.strip()
        if values.empty:
            out[i] = ItemReading(None, declared=declared)
            continue
        if i in rankings:
            out[i] = ItemReading("ranking", declared=declared)
            continue
        counts = counts_of[i] = Counter(values)
        uniques = set(counts)
        if {scales.answer_key(u) for u in uniques} <= NPS_GROUPS:
            out[i] = ItemReading("choice", declared=declared)  # Qualtrics' promoter / passive / detractor column
            continue
        numbers = {u for u in uniques if _PURE_NUMBER.match(u)}
        declared_range = _declared_range(declared)
        words = Counter()
        labelled = 0
        for u in uniques - numbers:
            words[scales.answer_key(u)] += counts[u]
            if scales._NUMBER_LABEL.search(u):
                labelled = max(labelled, int(re.findall(r"\d+", u)[0]))
        reading = scales.read_column(dict(words), labelled) if words else None
        if reading is None and words and DECLARED_KINDS.get(declared) == "likert":  # a rating, the config says
            reading = scales.read_column(dict(words), labelled, min_share=0.0)
        if reading is not None and (sum(words.values()) * 2 > len(values) or declared):
            worded[i] = reading
            continue
        if uniques == numbers | {u for u in uniques if _numbered(u) is not None}:
            out[i] = _numeric(
                uniques, header, numeric_points, qualtrics, declared_range, declared if declared_range else ""
            )
            out[i].declared = declared
            out[i].left_out = {u: counts[u] for u in out[i].left_out}
            continue
        loose = scales.read_column(dict(words), labelled, min_share=0.0) if words else None
        out[i] = ItemReading(
            None, scale_words=loose.share * sum(words.values()) / len(values) if loose else 0.0, declared=declared
        )
    # worded items of one family share a scale
    by_family: dict[tuple, list[int]] = {}
    for i, reading in worded.items():
        by_family.setdefault(reading.family, []).append(i)
    for family, members in by_family.items():
        values: dict[str, float] = {}
        for i in members:
            values.update(worded[i].values)
        neutral = any(worded[i].neutral for i in members)
        at_least = max(worded[i].at_least for i in members)
        scale = scales.scale_for(family, values, neutral, at_least)
        lookup = scale.score_of()
        for i in members:
            left = {u: n for u, n in counts_of[i].items() if not _on_scale(u, lookup, scale)}
            out[i] = ItemReading("likert", scale, left, declared=_declared(config_items, headers.get(i, "")))
    for i, reading in out.items():
        reading.not_a_rating = na_of.get(i)
    return {i: out[i] for i in columns}


def _on_scale(answer: str, lookup: dict[str, int], scale: Scale) -> bool:
    """An answer :func:`score` scores: a word of the scale, or a plain number on it."""
    if _PURE_NUMBER.match(answer):
        return float(answer).is_integer() and scale.low <= float(answer) <= scale.top
    return scales.answer_key(answer) in lookup


@each_distinct  # a survey's answers repeat (a handful of scale points, thousands of times)
def score(answers: pd.Series, scale: Scale) -> pd.Series:
    """Scores ``scale.low`` .. ``scale.top`` (float; missing where blank or not on the scale)."""
    blank = is_blank(answers)
    text = answers.astype("str").str.strip()
    if scale.family == "numeric":
        lead = text.str.extract(r"^\s*(\d+(?:\.\d+)?)", expand=False)
        nums = pd.to_numeric(lead, errors="coerce")
    else:
        lookup = scale.score_of()
        nums = text.map(lambda t: lookup.get(scales.answer_key(t)), na_action="ignore").astype("float64")
        plain = text.str.fullmatch(r"\s*\d+(\.0+)?\s*").fillna(False).astype(bool)
        nums = nums.where(~plain, pd.to_numeric(text.where(plain), errors="coerce"))
    nums = nums.where(~blank & nums.between(scale.low, scale.top))
    return nums.astype("float64")


def detect_scale(answers: pd.Series, numeric_points: int = 5) -> Scale | None:
    """The scale of one column on its own (see :func:`read_items`), or None."""
    return file_scales({0: answers}, numeric_points)[0]


def file_scales(
    columns: dict[int, pd.Series], numeric_points: int = 5, headers: dict[int, str] | None = None
) -> dict[int, Scale | None]:
    """The scale of each column of one survey file (None for an item that is not rated)."""
    read = read_items(columns, headers, numeric_points)
    return {i: r.scale if r.kind == "likert" else None for i, r in read.items()}


def words_of(answers: pd.Series) -> set[str]:
    """The answer words (scale points) used in a column, numbers aside."""
    values = answers[~is_blank(answers)].astype("str").str.strip()
    return {scales.answer_key(u) for u in values.unique() if not _PURE_NUMBER.match(u)} - {""}


def favorable(scores: pd.Series, scale: Scale | None) -> pd.Series:
    """True where a score is in the top two points of its scale; missing where there is no score."""
    if scale is None:
        return pd.Series(pd.NA, index=scores.index, dtype="boolean")
    return (scores >= scale.favorable_from).astype("boolean").where(scores.notna(), pd.NA)
