"""induction-analysis: evaluate a district's new-teacher induction and mentoring program.

Data flows one way: raw exports -> :mod:`ingest` (recognize, normalize, validate)
-> canonical tables (parquet) -> metrics (pure functions over DataFrames)
-> notebooks -> HTML dashboards.
"""

__version__ = "0.1.0"
