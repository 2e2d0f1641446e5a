"""Rating scales recognized by their structure: intensity words around a pair of poles.

Survey tools ship answer libraries ("Extremely / Moderately / Slightly helpful", "Neither easy nor
difficult", "Very / Somewhat satisfied", "Not at all useful"), and districts write their own. Rather
than a list of whole wordings, an answer is read as *an intensity word and a pole*:

- **bipolar** scales run from one pole to its opposite through a neutral middle ("Neither X nor Y").
  The pair comes from :data:`POLE_PAIRS`, from the answers themselves ("Neither helpful nor
  unhelpful") or from a negative prefix ("un-", "in-", "dis-"...), so a pole never seen before works;
- **unipolar** scales run from "Not at all X" to "Extremely X";
- a few **fixed** families have words of their own (frequency, quality, the evaluation rubric, rates
  such as "Once a week"), each word with its rank.

Within a family, answers have a *value* (the rank of their intensity word, signed by their pole).
The scale's points are those of the wording set used: the smallest known ladder of the family
(:data:`SIDE_LADDERS`, :data:`UNIPOLAR_LADDERS`, :data:`FIXED_LADDERS`) that holds every value the
answers use, or exactly the values used when no known ladder does. *Favorable* is the top two
points of that set. The words decide the order, never the order in which answers come.

Answers such as "Not applicable" or "Don't know" (:data:`NOT_A_RATING`) are not on any scale: they
are counted apart and never make an item text.

Everything here is data and pure functions; :mod:`induction_analysis.ingest.likert` applies it to the
columns of a survey file.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

# ---------------------------------------------------------------- the data
# Answers that are not ratings (compared after :func:`answer_key`); a district adds its own in
# [survey] not_applicable_answers.
NOT_A_RATING = frozenset(
    {
        "not applicable",
        "n a",
        "na",
        "does not apply",
        "doesnt apply",
        "not relevant",
        "dont know",
        "do not know",
        "i dont know",
        "i do not know",
        "unsure",
        "not sure",
        "im not sure",
        "no basis for judgment",
        "no basis for judgement",
        "no basis for evaluation",
        "no basis to judge",
        "no basis to evaluate",
        "prefer not to say",
        "prefer not to answer",
        "id prefer not to say",
        "rather not say",
        "decline to answer",
        "decline to state",
        "not observed",
        "no opinion",
        "unfamiliar",
        "cannot say",
        "cant say",
        "unable to rate",
        "unable to judge",
        "not able to rate",
        "cannot rate",
        "no experience",
        "not enough information",
        "dont know not applicable",
        "no answer",
    }
)

# Intensity words before (or after) a pole: the rank of the answer on its side of the scale. A pole
# with no intensity word ("Agree") ranks PLAIN.
PLAIN = 2.0
INTENSITY: dict[str, float] = {
    "slightly": 1.0,
    "a little": 1.0,
    "a little bit": 1.0,
    "a bit": 1.0,
    "mildly": 1.0,
    "barely": 1.0,
    "marginally": 1.0,
    "somewhat": 1.5,
    "tend to": 1.5,
    "partly": 1.5,
    "partially": 1.5,
    "kind of": 1.5,
    "moderately": 2.0,
    "fairly": 2.0,
    "quite": 2.0,
    "mostly": 2.0,
    "reasonably": 2.0,
    "generally": 2.0,
    "very": 3.0,
    "strongly": 3.0,
    "highly": 3.0,
    "really": 3.0,
    "extremely": 4.0,
    "completely": 4.0,
    "totally": 4.0,
    "absolutely": 4.0,
    "entirely": 4.0,
    "exceptionally": 4.0,
    "fully": 4.0,
    "very strongly": 4.0,
    "incredibly": 4.0,
}
# Negations of a unipolar scale's pole: "Not at all useful", "Not useful at all", "Not so useful".
NEGATION: dict[str, float] = {
    "not at all": 0.0,
    "not": 0.0,
    "not so": 0.5,
    "not very": 0.5,
    "not too": 0.5,
    "not that": 0.5,
}
# Pole pairs (positive first) that answers need not show both sides of, and the family names of some.
POLE_PAIRS: list[tuple[str, str]] = [
    ("agree", "disagree"),
    ("satisfied", "dissatisfied"),
    ("likely", "unlikely"),
    ("helpful", "unhelpful"),
    ("easy", "difficult"),
    ("good", "bad"),
    ("safe", "unsafe"),
    ("reasonable", "unreasonable"),
    ("effective", "ineffective"),
    ("prepared", "unprepared"),
    ("supported", "unsupported"),
    ("confident", "unconfident"),
    ("favorably", "unfavorably"),
    ("favourably", "unfavourably"),
    ("favorable", "unfavorable"),
    ("important", "unimportant"),
    ("positive", "negative"),
    ("comfortable", "uncomfortable"),
    ("clear", "unclear"),
    ("appropriate", "inappropriate"),
    ("relevant", "irrelevant"),
    ("adequate", "inadequate"),
    ("sufficient", "insufficient"),
    ("pleased", "displeased"),
    ("happy", "unhappy"),
    ("approve", "disapprove"),
    ("useful", "useless"),
    ("better", "worse"),
    ("increased", "decreased"),
    ("acceptable", "unacceptable"),
    ("engaging", "unengaging"),
    ("successful", "unsuccessful"),
    ("organized", "disorganized"),
]
NEGATIVE_PREFIXES = ("un", "in", "im", "ir", "il", "dis", "non", "non ")
FAMILY_NAMES = {
    "agree": "agreement",
    "satisfied": "satisfaction",
    "likely": "likelihood",
    "useful": "usefulness",
    "important": "importance",
    "helpful": "helpfulness",
    "prepared": "preparedness",
    "effective": "effectiveness",
    "confident": "confidence",
}
# Neutral answers of a bipolar scale that do not name the poles.
NEUTRAL = frozenset(
    {
        "neutral",
        "undecided",
        "neither",
        "in between",
        "neither nor",
        "mixed",
        "no preference",
        "neutral neither",
        "ambivalent",
    }
)
_NEITHER = re.compile(r"^(?:neutral )?neither (.+?) (?:nor|or) (.+?)(?: neutral)?$")

# Families with words of their own: word -> rank (higher = more favorable).
FIXED: dict[str, dict[str, float]] = {
    "frequency": {
        "never": 0,
        "almost never": 1,
        "very rarely": 1,
        "hardly ever": 1,
        "rarely": 2,
        "seldom": 2,
        "occasionally": 3,
        "sometimes": 3.5,
        "some of the time": 3.5,
        "about half the time": 4.5,
        "half of the time": 4.5,
        "often": 5,
        "frequently": 5,
        "fairly often": 5,
        "most of the time": 6,
        "usually": 6,
        "very often": 6,
        "very frequently": 6,
        "almost always": 7,
        "always": 8,
        "every time": 8,
        "all of the time": 8,
    },
    "quality": {
        "very poor": 0,
        "poor": 1,
        "below average": 1.5,
        "fair": 2,
        "average": 2,
        "adequate": 2,
        "good": 3,
        "above average": 3.5,
        "very good": 4,
        "excellent": 5,
        "outstanding": 6,
    },
    "rubric": {
        "unsatisfactory": 1,
        "u": 1,
        "needs improvement": 2,
        "needs improvment": 2,
        "ni": 2,
        "developing": 2,
        "proficient": 3,
        "p": 3,
        "exemplary": 4,
        "e": 4,
    },
}
# Known ladders: the values of the points of the scales tools ship, fewest points first.
FIXED_LADDERS: dict[str, list[tuple[float, ...]]] = {
    "frequency": [(0, 3.5, 5, 8), (0, 2, 3.5, 5, 8), (0, 2, 3.5, 6, 8), (0, 3.5, 4.5, 6, 8), (0, 2, 3, 3.5, 5, 6, 8)],
    "quality": [(1, 2, 3, 5), (1, 2, 3, 4, 5), (0, 1, 2, 3, 4, 5)],
    "rubric": [(1, 2, 3, 4)],
    "rate": [],
}
# One side of a bipolar scale (the other mirrors it): "Agree / Strongly agree", "Somewhat / Very",
# "Somewhat / Extremely", "Somewhat / plain / Strongly", Qualtrics' "Slightly / Moderately / Extremely".
SIDE_LADDERS: list[tuple[float, ...]] = [
    (2, 3),
    (1.5, 3),
    (1.5, 4),
    (1, 4),
    (1, 3),
    (2, 4),
    (1, 2, 4),
    (1.5, 2, 3),
    (1, 2, 3),
    (1.5, 3, 4),
    (1, 2, 3, 4),
]
# Unipolar: SurveyMonkey's "Not at all / Somewhat / Very / Extremely" and "... / Not so / ...", Qualtrics'
# "Not at all / Slightly / Moderately / Very / Extremely".
UNIPOLAR_LADDERS: list[tuple[float, ...]] = [(0, 1.5, 3, 4), (0, 1, 2, 3, 4), (0, 0.5, 1.5, 3, 4)]

# "Once a week", "2-3 times a month", "Daily": a rate, read as times a year.
_PER = {
    "day": 365,
    "daily": 365,
    "week": 52,
    "weekly": 52,
    "month": 12,
    "monthly": 12,
    "year": 1,
    "yearly": 1,
    "annually": 1,
    "semester": 2,
    "term": 3,
    "quarter": 4,
    "quarterly": 4,
}
_TIMES = {
    "once": 1,
    "twice": 2,
    "one time": 1,
    "two times": 2,
    "three times": 3,
    "a few times": 3,
    "several times": 4,
    "a couple of times": 2,
    "couple of times": 2,
    "many times": 6,
    "more than once": 2,
    "multiple times": 3,
}
_RATE = re.compile(
    r"^(?:(less than|more than|at least|about) )?(?:(\d+)(?: (?:to |or )?(\d+))? times|([a-z ]+?))? ?"
    r"(?:a|an|per|each|every|in a) (day|week|month|year|semester|term|quarter)$"
)
_EVERY = re.compile(r"^(?:every|each) (day|week|month|year|semester|quarter)$")

# A count or an amount, not a rating.
COUNT_QUESTION = re.compile(
    r"\b(how many|how old|how long|how much time|how much money|number of|hours?|minutes?|dollars?|"
    r"amount|age|years of|days?|cost|salary|size of)\b|#|\$",
    re.IGNORECASE,
)
RECOMMEND_QUESTION = re.compile(r"\brecommend", re.IGNORECASE)

# ---------------------------------------------------------------- answers as words
# "5 - Strongly agree", "(5) Strongly agree", "Strongly agree (5)", "Strongly agree = 5" (not "2-3 times a month")
_NUMBER_LABEL = re.compile(r"^\s*\(?\d+\)?\s*(?:[-–:=.)]\s*)?(?=[a-z(])|\s*[-–:=(]\s*\d+\)?\s*$", re.IGNORECASE)
_PARENS = re.compile(r"\(([^)]*)\)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=1 << 14)
def answer_key(text: str) -> str:
    """An answer's words: number labels ("5 - ", " (5)") and parenthesized asides left out, accents,
    case, apostrophes and punctuation ignored. ``"5 - Don't Know "`` -> ``"dont know"``."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    s = _NUMBER_LABEL.sub("", s)
    s = _PARENS.sub(" ", s) if _PARENS.sub("", s).strip() else s
    s = s.replace("'", "").replace("’", "")
    return _NOT_WORD.sub(" ", s).strip()


def asides(text: str) -> list[str]:
    """The parenthesized parts of an answer, as keys: ``Unfamiliar (N/A)`` -> ``["n a"]``."""
    return [answer_key(p) for p in _PARENS.findall(str(text))]


@functools.lru_cache(maxsize=1 << 14)
def is_not_a_rating(text: str, extra: frozenset[str] = frozenset()) -> bool:
    """ "Not applicable", "N/A", "Don't know", "No basis for judgment", "Unfamiliar (N/A)"..."""
    words = NOT_A_RATING | extra
    key = answer_key(text)
    return key in words or any(a in words for a in asides(text)) or key.startswith(("not applicable ", "n a "))


# A family: ("bipolar", positive, negative), ("unipolar", pole) or ("fixed", name).
Family = tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    """One way to read an answer: on ``family``, at ``value`` (its intensity's rank, negative on a bipolar
    scale's negative pole, 0 in the middle; ``("bipolar", "", "")`` is a neutral that names no poles, and
    ``("bipolar", pole, "?")`` a pole whose opposite the item's other answers may show)."""

    family: Family
    value: float
    modified: bool = False  # carried an intensity word or a negation


_KNOWN_PAIR = {p: (p, n) for p, n in POLE_PAIRS} | {n: (p, n) for p, n in POLE_PAIRS}
_INTENSITY_WORDS = sorted(INTENSITY, key=len, reverse=True)
_NEGATIONS = sorted(NEGATION, key=len, reverse=True)
_POLE = re.compile(r"^[a-z]+(?: [a-z]+){0,2}$")


def _split_intensity(key: str) -> tuple[float | None, str, bool]:
    """(rank, pole, modified) of ``"very satisfied"``, ``"agree strongly"``, ``"not useful at all"``."""
    if key.endswith(" at all") and key.startswith("not "):
        return 0.0, key[4:-7], True
    for neg in _NEGATIONS:
        if key.startswith(neg + " "):
            return NEGATION[neg], key[len(neg) + 1 :], True
    for word in _INTENSITY_WORDS:
        if key.startswith(word + " "):
            return INTENSITY[word], key[len(word) + 1 :], True
        if key.endswith(" " + word):
            return INTENSITY[word], key[: -len(word) - 1], True
    return None, key, False


def _pair_of(a: str, b: str) -> tuple[str, str] | None:
    """The bipolar pair two poles make, positive first: a known pair, or one the other's negative prefix."""
    if a == b:
        return None
    if _KNOWN_PAIR.get(a) == _KNOWN_PAIR.get(b) and a in _KNOWN_PAIR:
        return _KNOWN_PAIR[a]
    for prefix in NEGATIVE_PREFIXES:
        if b == prefix + a:
            return a, b
        if a == prefix + b:
            return b, a
    return None


@functools.lru_cache(maxsize=1 << 14)
def readings(key: str) -> tuple[Reading, ...]:
    """Every way the words of one answer can be read on a scale."""
    out: list[Reading] = []
    for name, words in FIXED.items():
        if key in words:
            out.append(Reading(("fixed", name), float(words[key])))
    rate = 0.0 if key == "never" else times_a_year(key)
    if rate is not None:
        out.append(Reading(("fixed", "rate"), rate))
    if key in NEUTRAL:
        out.append(Reading(("bipolar", "", ""), 0.0))
        return tuple(out)
    neither = _NEITHER.match(key)
    if neither:
        a, b = neither.group(1), neither.group(2)
        pair = _pair_of(a, b) or (a, b)
        out.append(Reading(("bipolar", *pair), 0.0))
        return tuple(out)
    rank, pole, modified = _split_intensity(key)
    if not pole or not _POLE.match(pole) or pole in NOT_A_RATING:
        return tuple(out)
    negated = modified and rank is not None and rank < 1
    if rank is None:
        rank = PLAIN
    if not negated:
        pair = _KNOWN_PAIR.get(pole)
        if pair:
            out.append(Reading(("bipolar", *pair), rank if pole == pair[0] else -rank, modified))
        else:  # one pole of a pair the item's other answers may show ("helpful" and "unhelpful")
            out.append(Reading(("bipolar", pole, "?"), rank, modified))
    out.append(Reading(("unipolar", pole), rank, modified))
    return tuple(out)


def times_a_year(key: str) -> float | None:
    """ "Once a week" -> 52, "2-3 times a month" -> 30, "Daily" -> 365, "Never" -> 0; None for other words."""
    if key in ("never", "not at all"):
        return None  # "never" is a frequency word, and 0 times on a rate scale (readings)
    if key in _PER and key not in ("day", "week", "month", "year", "term", "semester", "quarter"):
        return float(_PER[key])
    every = _EVERY.match(key)
    if every:
        return float(_PER[every.group(1)])
    m = _RATE.match(key)
    if not m:
        return None
    qualifier, low, high, words, per = m.groups()
    if low:
        times = (int(low) + int(high)) / 2 if high else int(low)
    elif words:
        if words.strip() not in _TIMES:
            return None
        times = _TIMES[words.strip()]
    else:
        times = 1
    times = times * {"less than": 0.5, "more than": 1.5}.get(qualifier or "", 1)
    return float(times * _PER[per])


# ---------------------------------------------------------------- a column's answers
@dataclass
class ColumnReading:
    """How one item's answers sit on one family: the value of each answer key that fits, the keys that
    do not (left out), whether a neutral answer was seen, and the points its number labels claim."""

    family: Family
    values: dict[str, float]
    left_out: dict[str, int] = field(default_factory=dict)  # key -> answers
    neutral: bool = False
    at_least: int = 0
    share: float = 1.0  # of the item's answers, the share that fit the family


def _bipolar_pairs(keys: dict[str, tuple[Reading, ...]]) -> dict[str, tuple[str, str]]:
    """Pole -> its pair, from the answers of one item: a 'Neither X nor Y', or two poles of which one
    is the other with a negative prefix ("helpful", "unhelpful")."""
    poles = {r.family[1] for rs in keys.values() for r in rs if r.family[0] == "unipolar"}
    pairs: dict[str, tuple[str, str]] = {}
    for rs in keys.values():
        for r in rs:
            if r.family[0] == "bipolar" and r.value == 0 and r.family[1]:
                pairs[r.family[1]] = pairs[r.family[2]] = (r.family[1], r.family[2])
    for a in poles:
        for b in poles:
            pair = _pair_of(a, b)
            if pair:
                pairs[a] = pairs[b] = pair
    return pairs


def _family_readings(rs: tuple[Reading, ...], pairs: dict[str, tuple[str, str]]) -> dict[Family, Reading]:
    """An answer's readings with its item's pairs applied: a pole the item pairs reads on that pair."""
    out: dict[Family, Reading] = {}
    for r in rs:
        fam = r.family
        if fam[0] == "bipolar" and fam[2] == "?":
            if fam[1] in pairs:
                pair = pairs[fam[1]]
                out[("bipolar", *pair)] = Reading(
                    ("bipolar", *pair), r.value if fam[1] == pair[0] else -r.value, r.modified
                )
            continue
        out[fam] = r
    return out


def read_column(counts: dict[str, int], labelled_points: int = 0, min_share: float = 0.5) -> ColumnReading | None:
    """The family that explains most of one item's answers (``counts``: answer key -> answers, the
    not-a-rating answers already set aside), or None when fewer than ``min_share`` of them fit any
    scale (half: an item is a rating when most of its answers are scale words)."""
    keys = {k: readings(k) for k in counts if k}
    pairs = _bipolar_pairs(keys)
    per_key = {k: _family_readings(rs, pairs) for k, rs in keys.items()}
    total = sum(counts.values())
    if not total:
        return None
    coverage: dict[Family, int] = {}
    modified: dict[Family, bool] = {}
    for k, fams in per_key.items():
        for fam, r in fams.items():
            if fam == ("bipolar", "", ""):
                continue
            coverage[fam] = coverage.get(fam, 0) + counts[k]
            modified[fam] = modified.get(fam, False) or r.modified
    neutral_any = [k for k, fams in per_key.items() if ("bipolar", "", "") in fams]

    def valid(fam: Family) -> bool:
        if fam[0] == "unipolar":  # "New teacher" is no scale: a unipolar item shows an intensity word
            return modified.get(fam, False)
        return True

    def rank(fam: Family) -> tuple:
        cover = coverage[fam] + (sum(counts[k] for k in neutral_any) if fam[0] == "bipolar" else 0)
        order = {"fixed": 2, "bipolar": 1, "unipolar": 0}[fam[0]]
        return cover, order

    candidates = [f for f in coverage if valid(f)]
    if not candidates:
        return None
    best = max(candidates, key=rank)
    if rank(best)[0] < min_share * total or (min_share >= 0.5 and rank(best)[0] < total and 2 * rank(best)[0] <= total):
        return None  # a rating when most of its answers (more than half) fit
    values = {k: fams[best].value for k, fams in per_key.items() if best in fams}
    if best[0] == "bipolar":
        values.update({k: 0.0 for k in neutral_any})
    neutral = best[0] == "bipolar" and any(v == 0 for v in values.values())
    left_out = {k: n for k, n in counts.items() if k not in values}
    return ColumnReading(best, values, left_out, neutral, labelled_points, rank(best)[0] / total)


# ---------------------------------------------------------------- scales
@dataclass(frozen=True)
class Scale:
    """A scale of ``points`` points, scored ``low`` .. ``low + points - 1`` (1 = lowest point, 0 for a
    0-10 recommendation item). ``words`` gives the score of each answer key; plain numbers score as
    themselves."""

    name: str
    labels: tuple[str, ...]  # lowest first
    low: int = 1
    words: tuple[tuple[str, int], ...] = ()

    @property
    def points(self) -> int:
        return len(self.labels)

    @property
    def family(self) -> str:
        """``agreement`` for ``agreement-5``; ``numeric`` for the scales of plain numbers."""
        return "numeric" if self.name.startswith("numeric") else self.name.rsplit("-", 1)[0]

    @property
    def top(self) -> int:
        return self.low + self.points - 1

    @property
    def favorable_from(self) -> int:
        """The lowest favorable score: the top two points are favorable."""
        return self.top - 1

    def score_of(self) -> dict[str, int]:
        if self.words:
            return dict(self.words)
        return {answer_key(label): i + self.low for i, label in enumerate(self.labels)}

    def describe(self) -> str:
        """``5-point agreement``, ``0-10 numbers``."""
        if self.family == "numeric":
            return f"{self.low}-{self.top} number"
        return f"{self.points}-point {self.family.replace('-', '/')}"


def family_name(fam: Family) -> str:
    if fam[0] == "fixed":
        return fam[1]
    if fam[0] == "unipolar":
        return FAMILY_NAMES.get(fam[1], fam[1]).replace(" ", "_")
    if fam[1] in FAMILY_NAMES and _KNOWN_PAIR.get(fam[1]) == (fam[1], fam[2]):
        return FAMILY_NAMES[fam[1]]
    return f"{fam[1]}-{fam[2]}".replace(" ", "_")


def _smallest(ladders: list[tuple[float, ...]], used: set[float], at_least: int = 0, size=len) -> tuple[float, ...]:
    for ladder in sorted(ladders, key=size):
        if used <= set(ladder) and size(ladder) >= at_least:
            return ladder
    return tuple(sorted(used))


def ladder(fam: Family, values: set[float], neutral: bool, at_least: int = 0) -> list[float]:
    """The values of the scale's points, lowest first: the smallest known ladder of the family that
    holds every value used (and as many points as number labels claim), else the values used."""
    if fam[0] == "bipolar":
        used = {abs(v) for v in values if v != 0}
        options = [(side, n) for side in SIDE_LADDERS for n in (False, True) if n or not neutral]
        options.sort(key=lambda o: 2 * len(o[0]) + o[1])
        side, with_neutral = next(
            ((s, n) for s, n in options if used <= set(s) and 2 * len(s) + n >= at_least),
            (tuple(sorted(used)), neutral or (2 * len(used)) < at_least),
        )
        return [-v for v in reversed(side)] + ([0.0] if with_neutral else []) + list(side)
    if fam[0] == "unipolar":
        return list(_smallest(UNIPOLAR_LADDERS, values, at_least))
    return list(_smallest(FIXED_LADDERS.get(fam[1], []), values, at_least))


def scale_for(fam: Family, values: dict[str, float], neutral: bool, at_least: int = 0) -> Scale:
    """The scale of a family given every answer key's value (of one file)."""
    points = ladder(fam, set(values.values()), neutral, at_least)
    position = {v: i + 1 for i, v in enumerate(points)}
    seen: dict[float, str] = {}
    for k, v in values.items():
        seen.setdefault(v, k)
    labels = tuple(seen.get(v, f"point {i + 1}") for i, v in enumerate(points))
    words = tuple(sorted((k, position[v]) for k, v in values.items()))
    return Scale(f"{family_name(fam)}-{len(points)}", labels, 1, words)
