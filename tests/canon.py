"""Canonical tables built by hand for the metric tests: give the columns that matter, the rest is empty."""

from __future__ import annotations

import numpy as np
import pandas as pd

from induction_analysis import privacy
from induction_analysis.ingest import schemas


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    """A stored canonical table: ids as given (they stand for pseudonyms); a person given only by
    name gets ``unlisted-<name>`` as ingest would give a keyed hash; name columns are dropped."""
    schema = schemas.stored_schema(name)
    if not rows:
        return schemas.empty(name)[list(schema.columns)]
    frame = pd.DataFrame(rows)
    n = len(frame)
    defaults = {"source_file": "fixture.csv", "source_row": range(2, n + 2)}
    if name == "collaborative_log":
        defaults["contact_id"] = [f"c{i}" for i in range(1, n + 1)]
        defaults["activity"] = "meeting"
    if name == "mentor_application":
        defaults["response_id"] = [f"a{i}" for i in range(1, n + 1)]
    if name in ("exit_ticket", "self_assessment", "stakeholder_survey"):
        defaults["item_type"] = "likert"
    for col, value in defaults.items():
        if col not in frame:
            frame[col] = list(value) if not isinstance(value, str) else value
        elif isinstance(value, str):
            frame[col] = frame[col].fillna(value)
    for id_col, name_col, _ in privacy.IDENTITY_COLUMNS.get(name, []):
        if name_col in frame:
            by_name = "unlisted-" + frame[name_col].astype("str")
            frame[id_col] = frame[id_col].fillna(by_name.where(frame[name_col].notna())) if id_col in frame else by_name
    for col in schema.columns:
        if col not in frame:
            frame[col] = np.nan
    return schema.validate(frame[list(schema.columns)])
