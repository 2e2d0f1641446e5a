"""Who reads each page, and so who may see names: decided here, not in a notebook.

Every page has one audience (:class:`induction_analysis.report.report.Dashboard`), which the renderer always gives
its notebook as the ``audience`` parameter. A page shows people's names only when :func:`shows_names` says so:
to lead mentors, who already know the pairs they see, and to them only while the district's config allows it
(``[privacy] lead_mentor_names``). Every other audience sees stable pseudonymous ids. A view that can show
names (:class:`induction_analysis.report.present.LeadMentorView`) takes the audience and asks :func:`shows_names`;
what a notebook passes besides cannot widen it.
"""

from __future__ import annotations

DATA_ADMINISTRATOR = "data administrator"
LEAD_MENTORS = "lead mentors"
ADMINISTRATION = "administration"
DESE = "DESE"

#: each audience and how the index page names it
LABELS = {
    DATA_ADMINISTRATOR: "Data administrator",
    LEAD_MENTORS: "Lead mentors",
    ADMINISTRATION: "Assistant superintendent",
    DESE: "DESE report",
}


def check(audience: str) -> str:
    """``audience``, if it is one of :data:`LABELS`; otherwise a ValueError (a page for nobody known shows nothing)."""
    if audience not in LABELS:
        raise ValueError(f"unknown audience {audience!r}; one of: {', '.join(LABELS)}")
    return audience


def shows_names(audience: str, lead_mentor_names: bool = True) -> bool:
    """Whether a page for ``audience`` shows people's names: lead mentors only, and only when the config's
    ``[privacy] lead_mentor_names`` (``lead_mentor_names``) is on."""
    return check(audience) == LEAD_MENTORS and lead_mentor_names is True
