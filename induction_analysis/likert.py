"""Likert answers as words or numbers -> scores on the item's scale.

Scales are recognized from the words used across a whole survey file (so a
5-point agreement item where nobody chose "Neutral" is still read as 5-point
when another item of the same file shows the neutral point).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from induction_analysis.parsing import is_blank, normalize_header


@dataclass(frozen=True)
class Scale:
    name: str
    labels: tuple[str, ...]  # lowest first

    @property
    def points(self) -> int:
        return len(self.labels)

    def score_of(self) -> dict[str, int]:
        return {normalize_header(label): i + 1 for i, label in enumerate(self.labels)}


# Families of scales; within a family the variants differ in points.
SCALES: dict[str, list[Scale]] = {
    "agreement": [
        Scale("agreement-4", ("Strongly disagree", "Disagree", "Agree", "Strongly agree")),
        Scale("agreement-5", ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")),
        Scale(
            "agreement-7",
            ("Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Agree", "Strongly agree"),
        ),
    ],
    "satisfaction": [
        Scale("satisfaction-4", ("Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied")),
        Scale("satisfaction-5", ("Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied")),
    ],
    "frequency": [
        Scale("frequency-4", ("Never", "Sometimes", "Often", "Always")),
        Scale("frequency-5", ("Never", "Rarely", "Sometimes", "Often", "Always")),
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


def _word_key(text: str) -> str:
    key = normalize_header(text)
    return ALIASES.get(key, key)


def detect_scale(answers: pd.Series, numeric_points: int = 5) -> Scale | None:
    """The scale that explains every non-blank answer in ``answers`` (words or numbers), or None."""
    values = answers[~is_blank(answers)].astype("str").str.strip()
    if values.empty:
        return None
    uniques = set(values.unique())
    numbers = {u for u in uniques if _LEADING_NUMBER.match(u) or re.fullmatch(r"\d+(\.0+)?", u)}
    words = {_word_key(u) for u in uniques - numbers}
    if not words:
        top = max(int(float(_LEADING_NUMBER.match(u).group(1) if _LEADING_NUMBER.match(u) else u)) for u in numbers)
        points = max(numeric_points, top)
        return Scale(f"numeric-{points}", tuple(str(i) for i in range(1, points + 1)))
    for family in SCALES.values():
        for scale in family:  # fewest points first: the smallest scale that explains every word
            if words <= set(scale.score_of()):
                return scale
    return None


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
    nums = nums.where(~blank & nums.between(1, scale.points))
    return nums.astype("float64")


def widest(scales: list[Scale]) -> dict[str, Scale]:
    """Per family, the variant with the most points seen in a file (see the module note)."""
    best: dict[str, Scale] = {}
    for s in scales:
        fam = s.name.rsplit("-", 1)[0]
        if fam not in best or s.points > best[fam].points:
            best[fam] = s
    return best
