"""Ingest: the only code that reads the raw exports.

raw files → ``readers`` (csv, xlsx, the survey tools' layouts) → ``recognize`` (which kind of export, which column
is which) → ``normalize`` (units, dates, ids, scales via ``scales`` and ``likert``) → ``schemas`` (pandera checks)
→ the canonical tables, with ``quality`` keeping every rejected row and every guess, and ``cache`` remembering
the files that did not change. ``ingest.ingest_folder`` is the entry point; ``reading_processes`` reads many
files at once.
"""
