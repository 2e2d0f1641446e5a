"""What mentors and new teachers say: themes in reflection journals and open comments.

A codebook (YAML, editable by the district) names the themes and the phrases that
signal them. Every journal entry and every open comment of an exit ticket or a
survey is tagged with each theme whose phrases it contains (an entry can carry
several, or none). The tool counts; people judge: the report tables carry counts
only, and the text of entries appears only on the lead-mentor themes page, as a
few representative quotes with people's names replaced by their roles, never
from an entry its author marked private.

Entries no theme covers are searched for emergent themes (TF-IDF and NMF from
scikit-learn): groups of words that recur there, offered to lead mentors as
candidates for the codebook.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from induction_analysis import schoolyear
from induction_analysis.errors import UserError

SOURCES = {"reflection_journal": "journals", "exit_ticket": "exit tickets", "stakeholder_survey": "surveys"}
NO_THEME = "no_theme"
NO_THEME_LABEL = "No theme in the codebook"
ALL = "all"
ENTRY_COLUMNS = ["entry_id", "source", "school_year", "date", "month", "author_id", "role", "text", "private"]
# July first: the months of a school year in order
MONTH_ORDER = [7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6]
ROLE_WORDS = {"mentee": "[new teacher]", "mentor": "[mentor]"}


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    phrases: tuple[str, ...]

    @property
    def pattern(self) -> re.Pattern:
        return compile_phrases(self.phrases)


@dataclass(frozen=True)
class Codebook:
    themes: tuple[Theme, ...]
    source: str

    @property
    def labels(self) -> dict[str, str]:
        return {t.id: t.label for t in self.themes} | {NO_THEME: NO_THEME_LABEL}

    @property
    def words(self) -> set[str]:
        """Every word of every phrase (stems without their *), to keep them out of emergent themes."""
        return {w.rstrip("*").lower() for t in self.themes for p in t.phrases for w in re.findall(r"[\w*'-]+", p)}


def compile_phrases(phrases: tuple[str, ...] | list[str]) -> re.Pattern:
    """One case-insensitive pattern matching any phrase as whole words; ``word*`` matches any ending,
    and the words of a phrase may be separated by spaces, hyphens or line breaks."""
    parts = []
    for phrase in phrases:
        words = re.findall(r"[^\s-]+", phrase.strip())
        pieces = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
        parts.append(r"[\s-]+".join(pieces))
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w])(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")(?![\w])", re.IGNORECASE)


def load_codebook(name_or_path: str = "default") -> Codebook:
    """The shipped codebook (``default``) or a district's YAML file; a bad file is named with what is wrong."""
    if name_or_path == "default":
        text, source = (
            resources.files("induction_analysis").joinpath("codebooks/default.yaml").read_text("utf-8"),
            "default",
        )
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise UserError(f"codebook not found: {path}")
        text, source = path.read_text("utf-8-sig"), str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UserError(f"codebook {source} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list) or not data["themes"]:
        raise UserError(f"codebook {source}: expected a list under 'themes:'")
    themes, seen = [], set()
    for n, item in enumerate(data["themes"], 1):
        if not isinstance(item, dict) or not item.get("id") or not item.get("phrases"):
            raise UserError(f"codebook {source}: theme {n} needs an id and a list of phrases")
        tid = str(item["id"]).strip()
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", tid) or tid == NO_THEME or tid in seen:
            raise UserError(
                f"codebook {source}: theme id {tid!r} must be letters, digits and underscores, unique, not {NO_THEME!r}"
            )
        seen.add(tid)
        phrases = item["phrases"] if isinstance(item["phrases"], list) else [item["phrases"]]
        themes.append(
            Theme(
                tid,
                str(item.get("label") or tid.replace("_", " ").capitalize()),
                str(item.get("description") or ""),
                tuple(str(p) for p in phrases if str(p).strip()),
            )
        )
    return Codebook(tuple(themes), source)


def month_of(dates: pd.Series) -> pd.Series:
    """``2025-10`` for each date (missing stays missing)."""
    return dates.dt.strftime("%Y-%m").astype("str")


def entries(
    reflection_journal: pd.DataFrame, exit_ticket: pd.DataFrame, stakeholder_survey: pd.DataFrame
) -> pd.DataFrame:
    """Journal entries and open comments as one table: entry_id, source, school_year, date, month, author_id,
    role, text, private. Comments are the survey answers typed as text (not choices, not Likert)."""
    parts = []
    if not reflection_journal.empty:
        j = reflection_journal
        parts.append(
            pd.DataFrame(
                {
                    "entry_id": j["entry_id"],
                    "source": "reflection_journal",
                    "school_year": j["school_year"],
                    "date": j["date"],
                    "author_id": j["author_id"],
                    "role": j["author_role"],
                    "text": j["entry"],
                    "private": j["private"].astype("bool"),
                }
            )
        )
    for kind, frame in (("exit_ticket", exit_ticket), ("stakeholder_survey", stakeholder_survey)):
        if frame.empty:
            continue
        t = frame[(frame["item_type"] == "text") & frame["answer"].notna()]
        when = t["submitted_at"]
        if "session_date" in t:
            when = when.fillna(t["session_date"])
        parts.append(
            pd.DataFrame(
                {
                    "entry_id": t["response_id"] + "|" + t["item"],
                    "source": kind,
                    "school_year": t["school_year"],
                    "date": when,
                    "author_id": np.nan,
                    "role": t["respondent_role"],
                    "text": t["answer"],
                    "private": False,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=ENTRY_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["date"] = pd.to_datetime(out["date"])
    out["month"] = month_of(out["date"])
    out["private"] = out["private"].astype("bool")
    return out[ENTRY_COLUMNS]


def code(entries_: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Long table: one row per entry and theme it carries (entry_id, theme, hits = phrases matched);
    an entry with no theme gets one row with theme ``no_theme`` and 0 hits."""
    rows = []
    text = entries_["text"].astype("str")
    carried = pd.Series(False, index=entries_.index)
    for theme in codebook.themes:
        hits = text.str.count(theme.pattern)
        has = hits > 0
        carried |= has
        rows.append(
            pd.DataFrame(
                {"entry_id": entries_.loc[has, "entry_id"], "theme": theme.id, "hits": hits[has].astype("int64")}
            )
        )
    rows.append(pd.DataFrame({"entry_id": entries_.loc[~carried, "entry_id"], "theme": NO_THEME, "hits": 0}))
    coded = pd.concat(rows, ignore_index=True)
    order = {e: i for i, e in enumerate(entries_["entry_id"])}
    coded["_order"] = coded["entry_id"].map(order)
    theme_order = {t: i for i, t in enumerate([*[t.id for t in codebook.themes], NO_THEME])}
    coded["_theme"] = coded["theme"].map(theme_order)
    return coded.sort_values(["_order", "_theme"]).drop(columns=["_order", "_theme"]).reset_index(drop=True)


COMMENT_THEME_COLUMNS = [
    "school_year",
    "source",
    "month",
    "theme",
    "theme_label",
    "entries_with_theme",
    "entries",
    "share_pct",
]


def comment_themes(entries_: pd.DataFrame, coded: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """``comment_themes.csv``: per school year, source (and all sources) and month (and the whole year),
    how many entries carry each theme, out of how many entries. Counts only: no text."""
    if entries_.empty:
        return pd.DataFrame(columns=COMMENT_THEME_COLUMNS)
    e = entries_[["entry_id", "source", "school_year", "month"]].copy()
    e["month"] = e["month"].fillna("month not known")
    frames = [e, e.assign(source=ALL)]
    e = pd.concat(frames + [f.assign(month=ALL) for f in frames], ignore_index=True)
    keys = ["school_year", "source", "month"]
    totals = e.groupby(keys).size().rename("entries")
    tagged = e.merge(coded[["entry_id", "theme"]], on="entry_id")
    counts = tagged.groupby([*keys, "theme"]).size().rename("entries_with_theme")
    themes = [*[t.id for t in codebook.themes], NO_THEME]
    grid = pd.MultiIndex.from_tuples([(*k, t) for k in totals.index for t in themes], names=[*keys, "theme"])
    out = counts.reindex(grid, fill_value=0).reset_index()
    out = out.merge(totals.reset_index(), on=keys)
    out["theme_label"] = out["theme"].map(codebook.labels)
    out["share_pct"] = (100 * out["entries_with_theme"] / out["entries"]).round(1)
    source_order = {s: i for i, s in enumerate([*SOURCES, ALL])}
    theme_order = {t: i for i, t in enumerate(themes)}
    out = out.sort_values(
        ["school_year", "source", "month", "theme"],
        key=lambda c: (
            c.map(source_order)
            if c.name == "source"
            else c.map(theme_order)
            if c.name == "theme"
            else c.map(_month_sort_key)
            if c.name == "month"
            else c
        ),
    )
    for col in ("entries_with_theme", "entries"):
        out[col] = out[col].astype("int64")
    return out[COMMENT_THEME_COLUMNS].reset_index(drop=True)


def _month_sort_key(month: str) -> str:
    """Months in school-year order (July first), then the whole year."""
    if month == ALL:
        return "9"
    if not re.fullmatch(r"\d{4}-\d{2}", str(month)):
        return "8"
    y, m = int(month[:4]), int(month[5:])
    return f"{schoolyear.start_year(schoolyear.label(y if m >= 7 else y - 1))}-{MONTH_ORDER.index(m):02d}"


EMERGENT_COLUMNS = ["school_year", "candidate", "terms", "entries"]


def emergent(
    entries_: pd.DataFrame,
    coded: pd.DataFrame,
    codebook: Codebook,
    school_year: str,
    people_words: set[str],
    candidates: int = 5,
    terms_per_candidate: int = 6,
) -> pd.DataFrame:
    """Word groups that recur in the year's entries no theme covers: TF-IDF (words and two-word phrases found
    in at least 3 entries, English stop words, codebook words and people's names left out) factored by NMF.
    One row per candidate: its top terms and the entries it is the strongest group of."""
    # imported here: scikit-learn (5.5 s) only for this table, which one process of a run makes; every rendering
    # process imports this module (through report.present) for the pages, which need none of it
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    uncovered_ids = set(coded.loc[coded["theme"] == NO_THEME, "entry_id"])
    year_entries = entries_[entries_["school_year"] == school_year]
    docs = year_entries[year_entries["entry_id"].isin(uncovered_ids)]["text"].astype("str")
    empty = pd.DataFrame(columns=EMERGENT_COLUMNS)
    if len(docs) < 10:
        return empty
    stop = set(ENGLISH_STOP_WORDS) | codebook.words | {w.lower() for w in people_words}
    # weights learnt from all the year's entries, so words every entry uses ("week", "school") count for little
    vectorizer = TfidfVectorizer(
        stop_words=sorted(stop),
        ngram_range=(1, 2),
        min_df=3,
        sublinear_tf=True,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z'-]{2,}\b",
    )
    try:
        vectorizer.fit(year_entries["text"].astype("str"))
    except ValueError:  # nothing left after the stop words
        return empty
    matrix = vectorizer.transform(docs)
    present = np.asarray((matrix > 0).sum(axis=0)).ravel() >= 3  # terms that recur among the uncovered entries
    matrix = matrix[:, present]
    matrix = matrix[matrix.getnnz(axis=1) > 0]  # entries with none of those terms belong to no group
    k = min(candidates, int(present.sum()) - 1, matrix.shape[0] // 3)
    if k < 1:
        return empty
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=2000)
    with np.errstate(
        invalid="ignore"
    ):  # scikit-learn's error report takes sqrt of a rounding-error negative on exact fits
        weights = model.fit_transform(matrix)
    terms = np.array(vectorizer.get_feature_names_out())[present]
    strongest = weights.argmax(axis=1)
    covered = weights.max(axis=1) > 1e-9
    rows = []
    for c in range(k):
        top = terms[np.argsort(model.components_[c])[::-1][:terms_per_candidate]]
        n = int(((strongest == c) & covered).sum())
        if n >= 3:  # a candidate is a group several entries share
            rows.append({"school_year": school_year, "terms": ", ".join(top), "entries": n})
    if not rows:
        return empty
    out = pd.DataFrame(rows).sort_values("entries", ascending=False, kind="stable").reset_index(drop=True)
    out.insert(1, "candidate", range(1, len(out) + 1))
    return out[EMERGENT_COLUMNS]


def redactor(names: dict[str, str]) -> Callable[[str], str]:
    """A function that gives a text with each person's name replaced by their role: full names ("Ann Lee",
    "Lee, Ann"), then first names and surnames alone when written with a capital (the roster gives the names).
    The patterns are built once for all the texts (a district's roster makes them thousands of names long)."""
    full, single = {}, {}
    for name, role in names.items():
        parts = [p for p in re.split(r"[\s,]+", name.strip()) if p]
        if len(parts) >= 2:
            full[" ".join(parts)] = role
            full[f"{parts[-1]}, {' '.join(parts[:-1])}"] = role
        for p in parts:
            if len(p) >= 3 and p[0].isupper():
                single.setdefault(p, role)
    steps = []
    for table, flags in ((full, re.IGNORECASE), (single, 0)):
        if not table:
            continue
        pattern = re.compile(
            r"(?<![\w])(" + "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True)) + r")(?:'s)?(?![\w])",
            flags,
        )
        lookup = {k.lower(): v for k, v in table.items()} if flags else table
        steps.append(
            (
                pattern,
                (lambda m, lookup=lookup: lookup[m.group(1).lower()])
                if flags
                else (lambda m, lookup=lookup: lookup[m.group(1)]),
            )
        )

    def redact_text(text: str) -> str:
        if not isinstance(text, str):
            return text
        for pattern, replace in steps:
            text = pattern.sub(replace, text)
        return text

    return redact_text


def redact(text: str, names: dict[str, str]) -> str:
    """``text`` with each person's name replaced by their role (see :func:`redactor`, for many texts)."""
    return redactor(names)(text)


def role_names(people: pd.DataFrame) -> dict[str, str]:
    """name -> the role that replaces it in quotes (new teacher, mentor, colleague), from the protected lookup."""
    named = people.dropna(subset=["name"])
    out = {}
    for name, roles in zip(named["name"], named["roles"].fillna("")):
        out[name] = (
            ROLE_WORDS["mentee"] if "mentee" in roles else ROLE_WORDS["mentor"] if "mentor" in roles else "[colleague]"
        )
    return out


QUOTE_COLUMNS = ["theme", "theme_label", "source", "month", "role", "quote"]


def quotes(
    entries_: pd.DataFrame,
    coded: pd.DataFrame,
    codebook: Codebook,
    names: dict[str, str],
    school_year: str,
    per_theme: int = 3,
) -> pd.DataFrame:
    """A few representative entries per theme, for the lead-mentor themes page only: not private, of the year,
    those where the theme's phrases occur most (then the length nearest a readable 160 characters),
    with names replaced by roles. Text, not HTML: the page escapes it."""
    e = entries_[(entries_["school_year"] == school_year) & ~entries_["private"]].copy()
    e = e[e["text"].astype("str").str.len() >= 25]
    if e.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    c = coded[coded["theme"] != NO_THEME].merge(e, on="entry_id")
    c["closeness"] = (c["text"].str.len() - 160).abs()
    c["n_themes"] = c.groupby("entry_id")["theme"].transform("size")  # entries mostly about the theme first
    c = c.sort_values(["theme", "hits", "n_themes", "closeness", "entry_id"], ascending=[True, False, True, True, True])
    c = c.drop_duplicates(["theme", "text"])  # the same words twice tell nothing more
    picked = c.groupby("theme", sort=False).head(per_theme).copy()
    picked["quote"] = picked["text"].map(redactor(names))
    picked["theme_label"] = picked["theme"].map(codebook.labels)
    order = {t.id: i for i, t in enumerate(codebook.themes)}
    picked = picked.sort_values("theme", key=lambda s: s.map(order), kind="stable")
    return picked[QUOTE_COLUMNS].reset_index(drop=True)
