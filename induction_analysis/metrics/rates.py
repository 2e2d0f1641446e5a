"""Rates with their uncertainty, and small-cell suppression.

Every share the reports publish is a count over a count: it carries its n, a
Wilson 95% interval (as statsmodels computes it), and, where it is derived from confidential
data (evaluation ratings, self-assessment answers), it is withheld for groups
under the suppression threshold, together with a second cell wherever one
withheld cell could be recovered from its partition's total.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def pct(numerator, denominator, digits: int = 1):
    """``100 * numerator / denominator`` rounded; empty where the denominator is 0 or missing."""
    num = pd.Series(numerator, dtype="float64") if not isinstance(numerator, pd.Series) else numerator.astype("float64")
    den = (
        pd.Series(denominator, dtype="float64")
        if not isinstance(denominator, pd.Series)
        else denominator.astype("float64")
    )
    out = (100 * num / den.where(den > 0)).round(digits)
    return out


# The normal distribution's 97.5th percentile (scipy.stats.norm.isf(0.025)): the z of a two-sided 95% interval.
Z_95 = 1.9599639845400545


def wilson_pct(successes, n) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score 95% interval of ``successes / n`` in percent (0-100), one decimal; NaN where n is 0.
    statsmodels' ``proportion_confint(method="wilson")``, step for step (a test checks they agree): importing
    it (and scipy.stats) took longer than the run's every other rate, on the run's longest path."""
    k = np.asarray(successes, dtype="float64")
    n = np.asarray(n, dtype="float64")
    ok = n > 0
    low = np.full(k.shape, np.nan)
    high = np.full(k.shape, np.nan)
    if ok.any():
        nobs = n[ok]
        q = k[ok] / nobs
        z2 = Z_95**2
        denom = 1 + z2 / nobs
        centre = (q + z2 / (2 * nobs)) / denom
        dist = Z_95 * np.sqrt(q * (1.0 - q) / nobs + z2 / (4.0 * nobs**2))
        dist /= denom
        low[ok], high[ok] = np.round(100 * (centre - dist), 1), np.round(100 * (centre + dist), 1)
    return low, high


def proportion(
    frame: pd.DataFrame, by: list[str], success: str, n_name: str = "n", k_name: str = "k", pct_name: str = "pct"
) -> pd.DataFrame:
    """Group ``frame`` by ``by``; count rows (``n_name``) and true values of ``success`` (``k_name``),
    with the share and its Wilson interval (``pct_name``, ``ci_low_pct``, ``ci_high_pct``)."""
    columns = [*by, n_name, k_name, pct_name, "ci_low_pct", "ci_high_pct"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    g = frame.groupby(by, dropna=False, sort=True)[success]
    out = pd.DataFrame({n_name: g.size(), k_name: g.sum().astype("int64")}).reset_index()
    out[pct_name] = pct(out[k_name], out[n_name])
    out["ci_low_pct"], out["ci_high_pct"] = wilson_pct(out[k_name], out[n_name])
    return out[columns]


def suppress(
    frame: pd.DataFrame,
    n_col: str,
    value_cols: list[str],
    threshold: int,
    partition: list[str] | None = None,
    count_col: str | None = None,
) -> pd.DataFrame:
    """Empty ``value_cols`` where ``n_col`` is under ``threshold``; mark them in ``suppressed``.

    With ``partition`` (columns whose rows together make up a whole, such as the schools of one
    year, whose total may be published elsewhere), withheld cells are protected from subtraction:

    - a partition with exactly one withheld cell has its next-smallest cell withheld too, so the
      hidden one cannot be recovered from the whole minus the others (complementary suppression);
    - with ``count_col`` (the count behind the rate, such as teachers rated proficient), the withheld
      cells of a partition must not all be 0 nor all full (their sum 0, or equal to their n): the
      sum of the withheld cells is the total minus the published ones, and such a sum would give
      every one of them away. More cells are withheld, smallest first, until it is not so.
    """
    out = frame.copy()
    hide = out[n_col].fillna(0) < threshold
    if partition and len(out):
        n = out[n_col].astype("float64")
        k = out[count_col].astype("float64") if count_col else None
        for _, part in out.groupby(partition, dropna=False, sort=False):
            idx = part.index
            cells = hide.loc[idx]
            if not cells.any() or len(cells) < 2:
                continue
            while True:
                hidden = cells[cells].index
                visible = n.loc[cells[~cells].index]
                exposed = len(hidden) == 1
                if k is not None and not exposed:
                    total_k, total_n = k.loc[hidden].sum(), n.loc[hidden].sum()
                    exposed = total_k == 0 or total_k == total_n
                if not exposed or visible.empty:
                    break
                cells.loc[visible.idxmin()] = True
            hide.loc[idx] = cells
    for col in value_cols:
        counts = pd.api.types.is_integer_dtype(out[col])
        out[col] = out[col].astype("float64").where(~hide)
        if counts:  # a count stays a whole number, empty where withheld
            out[col] = out[col].astype("Int64")
    out["suppressed"] = hide.astype("bool")
    return out
