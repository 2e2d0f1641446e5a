"""The pages' file names, which both the renderer (:mod:`induction_analysis.report.report`, which pages a run
makes) and the views (:mod:`induction_analysis.report.present`, which link to one another) use."""

from __future__ import annotations

import re

DISTRICT_LEAD_PAGE = "lead-mentors-district.html"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
