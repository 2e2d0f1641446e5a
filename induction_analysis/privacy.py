"""Who people are stays out of the tables: keyed pseudonyms and the protected lookup.

Ingest replaces every staff id in the canonical tables with a **pseudonym**, a keyed hash
(HMAC-SHA256) of the id under the district's secret: ``p-`` and 12 hex digits. A person the
exports name without a staff id (a log naming a mentee the roster does not have, a session
facilitator) gets ``unlisted-`` and the keyed hash of their normalized name. The same person
gets the same pseudonym in every table, every year, as long as the secret stays the same; without
the secret nobody can compute a pseudonym from a staff id or a name (a plain hash of a staff id
could be reversed by trying every id).

Names leave the canonical tables: they go, with the staff id, to one separate **protected
lookup** (``processed/protected/people.parquet``, readable by its owner only), which only the
lead-mentor pages read, to show pairs their own names.

The secret is a file outside the project (config ``[privacy] secret_file``, or the environment
variable ``INDUCTION_ANALYSIS_SECRET_FILE``); the first run creates it. Keep it, and back it up:
with a new secret every pseudonym changes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from induction_analysis.config import Config
from induction_analysis.errors import UserError
from induction_analysis.ingest.parsing import each_value_once, name_key

SECRET_ENV = "INDUCTION_ANALYSIS_SECRET_FILE"
PEOPLE_COLUMNS = ["person_id", "staff_id", "name", "roles"]

#: Per canonical table: (id column, name column or None, role). The name column is dropped from the
#: stored table; where the id is missing, the pseudonym is made from the name.
IDENTITY_COLUMNS: dict[str, list[tuple[str, str | None, str]]] = {
    "roster": [("mentee_id", "mentee_name", "mentee"), ("mentor_id", "mentor_name", "mentor")],
    "collaborative_log": [("mentee_id", "mentee", "mentee"), ("mentor_id", "mentor", "mentor")],
    "self_assessment": [("respondent_id", "respondent", "respondent")],
    "exit_ticket": [("facilitator", None, "facilitator")],
    "evaluation": [("staff_id", None, "staff")],
    "hr_employment": [("staff_id", None, "staff")],
    "mentor_application": [("applicant_id", "applicant", "applicant")],
    "reflection_journal": [("author_id", "author", "author")],
}
#: Columns whose values are names rather than ids (pseudonymized as names).
NAME_VALUED = {("exit_ticket", "facilitator")}


def secret_path(config: Config) -> Path:
    configured = os.environ.get(SECRET_ENV) or config["privacy"]["secret_file"]
    return Path(configured).expanduser().resolve()


def _inside_repository(path: Path) -> Path | None:
    for parent in path.parents:
        if (parent / ".git").exists():
            return parent
    return None


def load_secret(config: Config, say: Callable[[str], None] | None = None) -> bytes:
    """The district secret; created (random, 256 bits, owner-only) the first time.
    Refused when it lies inside a git repository: the secret must never be committed."""
    path = secret_path(config)
    repo = _inside_repository(path)
    if repo is not None:
        raise UserError(
            f"the district secret {path} is inside the repository {repo}; keep it outside any repository "
            f"([privacy] secret_file in the config, or {SECRET_ENV})"
        )
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        if say:
            say(
                f"Created the district secret {path} (pseudonyms are keyed by it: keep it, back it up, never share it)."
            )
    secret = path.read_bytes().strip()
    if len(secret) < 16:
        raise UserError(f"the district secret {path} is too short ({len(secret)} bytes; at least 16)")
    return secret


def _digest(secret: bytes, text: str) -> str:
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()[:12]


def pseudonyms(
    secret: bytes, ids: pd.Series, names: pd.Series | None = None, memo: dict[str, str] | None = None
) -> pd.Series:
    """``p-<hash>`` of each staff id; where there is none, ``unlisted-<hash>`` of the normalized name.
    ``memo`` keeps the hashes between calls (the same people are in many tables)."""
    memo = {} if memo is None else memo

    def keyed(text: str) -> str:
        if text not in memo:
            memo[text] = _digest(secret, text)
        return memo[text]

    out = each_value_once(ids, lambda v: "p-" + keyed("id:" + str(v)))
    if names is not None:
        keys = each_value_once(names, name_key)
        use = ids.isna() & keys.notna() & (keys != "")
        if use.any():
            out = out.where(~use, each_value_once(keys.where(use), lambda v: "unlisted-" + keyed("name:" + v)))
    return out


SEEN_COLUMNS = ["person_id", "staff_id", "name", "role", "times"]


def protect(tables: dict[str, pd.DataFrame], secret: bytes) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Canonical tables with pseudonyms for ids and no name columns, and the protected lookup
    (person_id, staff_id, name, roles) of everyone they mention."""
    out = dict(tables)
    seen = []
    memo: dict[str, str] = {}
    for table, columns in IDENTITY_COLUMNS.items():
        if table not in out:
            continue
        frame = out[table].copy()
        for id_col, name_col, role in columns:
            if (table, id_col) in NAME_VALUED:
                ids, names = pd.Series(np.nan, index=frame.index, dtype="str"), frame[id_col]
            else:
                ids, names = frame[id_col], frame[name_col] if name_col else None
            person = pseudonyms(secret, ids, names, memo)
            mentions = pd.DataFrame(
                {"person_id": person, "staff_id": ids, "name": names if names is not None else np.nan, "role": role}
            )
            # each way a person is written, once, with how often (in the order first met): a table names people many
            # times
            seen.append(
                mentions.dropna(subset=["person_id"])
                .groupby(["person_id", "staff_id", "name", "role"], dropna=False, sort=False)
                .size()
                .rename("times")
                .reset_index()
            )
            frame[id_col] = person
            if name_col:
                frame = frame.drop(columns=name_col)
        out[table] = frame
    return out, lookup(pd.concat(seen, ignore_index=True) if seen else pd.DataFrame(columns=SEEN_COLUMNS))


def lookup(seen: pd.DataFrame) -> pd.DataFrame:
    """One row per pseudonym: the staff id, the name written most often, the roles seen. ``seen``: each way a
    person was written (person_id, staff_id, name, role), in the order first met, and how many ``times``."""
    seen = seen.dropna(subset=["person_id"])
    if seen.empty:
        return pd.DataFrame(columns=PEOPLE_COLUMNS).astype("str")
    named = seen.dropna(subset=["name"])
    name = (
        named.groupby(["person_id", "name"])["times"]
        .sum()
        .rename("k")
        .reset_index()
        .sort_values(["person_id", "k", "name"], ascending=[True, False, True])
        .drop_duplicates("person_id")
        .set_index("person_id")["name"]
    )
    g = seen.groupby("person_id")
    held = seen.groupby(["person_id", "role"]).size().unstack("role", fill_value=0).gt(0)
    roles = pd.Series("", index=held.index, dtype="object")
    for role in sorted(held.columns):  # "mentor, new teacher": each role once, in order (no loop over people)
        roles = roles.where(~held[role], roles + (roles != "").map({True: ", ", False: ""}) + role)
    people = (
        pd.DataFrame(
            {
                "staff_id": g["staff_id"].first(),
                "name": name,
                "roles": roles,
            }
        )
        .reset_index()
        .rename(columns={"index": "person_id"})
    )
    return people[PEOPLE_COLUMNS].astype("str").sort_values("person_id").reset_index(drop=True)  # missing stays missing


def protected_folder(processed_dir: str | Path) -> Path:
    """The owner-only folder of the processed tables: the people lookup, and the cache of files read."""
    return Path(processed_dir) / "protected"


def people_path(processed_dir: str | Path) -> Path:
    return protected_folder(processed_dir) / "people.parquet"


def write_people(people: pd.DataFrame, processed_dir: Path) -> Path:
    """The protected lookup, in a folder only its owner can open."""
    path = people_path(processed_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    people.to_parquet(path, index=False)
    path.chmod(0o600)
    return path


def read_people(processed_dir: str | Path) -> pd.DataFrame:
    path = people_path(processed_dir)
    return pd.read_parquet(path) if path.is_file() else pd.DataFrame(columns=PEOPLE_COLUMNS)


def names_of(people: pd.DataFrame) -> dict[str, str]:
    """person_id -> name, for the lead-mentor pages."""
    named = people.dropna(subset=["name"])
    return dict(zip(named["person_id"], named["name"]))
