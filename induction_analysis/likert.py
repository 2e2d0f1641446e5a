"""Likert answers as words or numbers -> scores on the item's scale.

Scales are recognized from the words used across a whole survey file (so a
5-point agreement item where nobody chose "Neutral" is still read as 5-point
when another item of the same file shows the neutral point).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from induction_analysis.parsing import each_distinct, is_blank, normalize_header


@dataclass(frozen=True)
class Scale:
    name: str
    labels: tuple[str, ...]  # lowest first

    @property
    def points(self) -> int:
        return len(self.labels)

    @property
    def family(self) -> str:
        """``agreement`` for ``agreement-5``; ``numeric`` for the scales of plain numbers."""
        return self.name.rsplit("-", 1)[0]

    def score_of(self) -> dict[str, int]:
        return {normalize_header(label): i + 1 for i, label in enumerate(self.labels)}


# Families of scales; within a family the variants differ in points or wording, fewest points first.
# Names say the family and the points; two wordings of a 5-point scale are both "-5".
SCALES: dict[str, list[Scale]] = {
    "agreement": [
        Scale("agreement-4", ("Strongly disagree", "Disagree", "Agree", "Strongly agree")),
        Scale("agreement-5", ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")),
        # Qualtrics' and SurveyMonkey's 5-point wording
        Scale("agreement-5", ("Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Strongly agree")),
        Scale(
            "agreement-7",
            ("Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Agree", "Strongly agree"),
        ),
    ],
    "satisfaction": [
        Scale("satisfaction-4", ("Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied")),
        Scale("satisfaction-5", ("Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied")),
        Scale("satisfaction-5", ("Extremely dissatisfied", "Somewhat dissatisfied", "Neither satisfied nor dissatisfied",
                                 "Somewhat satisfied", "Extremely satisfied")),
        Scale("satisfaction-7", ("Very dissatisfied", "Dissatisfied", "Somewhat dissatisfied", "Neither satisfied nor dissatisfied",
                                 "Somewhat satisfied", "Satisfied", "Very satisfied")),
    ],
    "frequency": [
        Scale("frequency-4", ("Never", "Sometimes", "Often", "Always")),
        Scale("frequency-5", ("Never", "Rarely", "Sometimes", "Often", "Always")),
        Scale("frequency-5", ("Never", "Rarely", "Sometimes", "Very often", "Always")),
    ],
    "usefulness": [
        Scale("usefulness-4", ("Not at all useful", "Somewhat useful", "Very useful", "Extremely useful")),
        Scale("usefulness-5", ("Not at all useful", "Slightly useful", "Moderately useful", "Very useful", "Extremely useful")),
    ],
    "rubric": [
        Scale("rubric-4", ("Unsatisfactory", "Needs improvement", "Proficient", "Exemplary")),
    ],
}

# Other spellings of a scale point -> the label used above.
ALIASES = {
    "neutral": "neither agree nor disagree",
    "neither agree or disagree": "neither agree nor disagree",
    "undecided": "neither agree nor disagree",
    "somewhat agree": "somewhat agree",
    "slightly agree": "somewhat agree",
    "slightly disagree": "somewhat disagree",
    "neither satisfied or dissatisfied": "neither satisfied nor dissatisfied",
    "ni": "needs improvement",
    "needs improvment": "needs improvement",
    "developing": "needs improvement",
    "e": "exemplary",
    "p": "proficient",
    "u": "unsatisfactory",
    "not useful": "not at all useful",
}

_LEADING_NUMBER = re.compile(r"^\s*(\d+)\s*(?:[-–:=.)(]|$)")
# "5 - Strongly agree", "(5) Strongly agree", "Strongly agree (5)", "Strongly agree = 5": the words decide
_NUMBER_LABEL = re.compile(r"^\s*\(?\d+\)?\s*[-–:=.)]?\s*(?=\D)|\s*[-–:=(]\s*\d+\)?\s*$")
_PURE_NUMBER = re.compile(r"^\s*\d+(\.0+)?\s*$")
# "(1-5)", "1 to 7", "scale of 1-10" in a question's text: the number of points
_HEADER_RANGE = re.compile(r"\b[01]\s*(?:-|–|to)\s*(\d{1,2})\b")


def _word_key(text: str) -> str:
    key = normalize_header(_NUMBER_LABEL.sub("", text))
    return ALIASES.get(key, key)


def points_in_header(header: str) -> int | None:
    """The top of a numeric scale named in the question, e.g. ``Confidence (1-7)`` -> 7."""
    m = _HEADER_RANGE.search(header)
    return int(m.group(1)) if m and 3 <= int(m.group(1)) <= 11 else None


def detect_scale(answers: pd.Series, numeric_points: int = 5) -> Scale | None:
    """The scale that explains every non-blank answer in ``answers`` (words or numbers), or None."""
    values = answers[~is_blank(answers)].astype("str").str.strip()
    if values.empty:
        return None
    uniques = set(values.unique())
    numbers = {u for u in uniques if _PURE_NUMBER.match(u)}
    words = {_word_key(u) for u in uniques - numbers}
    words.discard("")
    if words:
        # labelled points ("1 - Strongly agree") are read by their words, so a scale that runs
        # from best to worst is scored the right way round; their numbers say how many points there are
        labelled = [int(n) for u in uniques - numbers for n in re.findall(r"\d+", u)[:1] if _NUMBER_LABEL.search(u)]
        at_least = max(labelled, default=0)
        for family in SCALES.values():
            for scale in family:  # fewest points first: the smallest scale that explains every word
                if words <= set(scale.score_of()) and scale.points >= at_least:
                    return scale
    numbered = {u for u in uniques if _LEADING_NUMBER.match(u)}
    if numbers | numbered == uniques:
        top = max(int(float(_LEADING_NUMBER.match(u).group(1) if _LEADING_NUMBER.match(u) else u)) for u in uniques)
        points = max(numeric_points, top)
        if points > 11:
            return None
        return Scale(f"numeric-{points}", tuple(str(i) for i in range(1, points + 1)))
    return None


@each_distinct  # a survey's answers repeat (a handful of scale points, thousands of times)
def score(answers: pd.Series, scale: Scale) -> pd.Series:
    """Scores 1..points (float; missing where blank or not on the scale)."""
    blank = is_blank(answers)
    text = answers.astype("str").str.strip()
    if scale.name.startswith("numeric"):
        lead = text.str.extract(r"^\s*(\d+(?:\.\d+)?)", expand=False)
        nums = pd.to_numeric(lead, errors="coerce")
    else:
        lookup = scale.score_of()
        nums = text.map(lambda t: lookup.get(_word_key(t)), na_action="ignore").astype("float64")
        plain = text.str.fullmatch(r"\s*\d+(\.0+)?\s*").fillna(False).astype(bool)
        nums = nums.where(~plain, pd.to_numeric(text.where(plain), errors="coerce"))
    nums = nums.where(~blank & nums.between(1, scale.points))
    return nums.astype("float64")


def words_of(answers: pd.Series) -> set[str]:
    """The answer words (scale points) used in a column, numbers aside."""
    values = answers[~is_blank(answers)].astype("str").str.strip()
    return {_word_key(u) for u in values.unique() if not _PURE_NUMBER.match(u)} - {""}


def file_scales(columns: dict[int, pd.Series], numeric_points: int = 5, headers: dict[int, str] | None = None) -> dict[int, Scale | None]:
    """The scale of each column of one survey file. Worded items of one family share the smallest
    variant that explains every word the file uses for that family (so an agreement item where
    nobody chose "Neutral" is still read as 5-point when another item shows the neutral point);
    a numeric item's points come from its question text ("(1-7)") when it names them."""
    headers = headers or {}
    scales: dict[int, Scale | None] = {}
    for i, answers in columns.items():
        named = points_in_header(headers.get(i, ""))
        scales[i] = detect_scale(answers, named or numeric_points)
    used: dict[str, set[str]] = {}
    least: dict[str, int] = {}
    for i, scale in scales.items():
        if scale is not None and scale.family in SCALES:
            used.setdefault(scale.family, set()).update(words_of(columns[i]))
            least[scale.family] = max(least.get(scale.family, 0), scale.points)
    shared = {family: next((s for s in SCALES[family] if words <= set(s.score_of()) and s.points >= least[family]), None)
              for family, words in used.items()}
    for i, scale in scales.items():
        if scale is not None and scale.family in SCALES and shared[scale.family] is not None:
            scales[i] = shared[scale.family]
    return scales
