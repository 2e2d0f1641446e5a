"""Metrics: pure functions from the canonical tables to the report tables.

One module per family of figures: ``coverage`` (standards), ``hours`` (the 50-hour requirement), ``proficiency``,
``retention``, ``mentors`` (mentor effectiveness), ``feedback`` (surveys, exit tickets), ``budget``, ``dese``
(the annual report), ``themes`` (comment coding), ``mentor_pool``; ``pairs`` and ``rates`` are shared by them,
and ``analyses`` lists every report table with the function that makes it.
"""
