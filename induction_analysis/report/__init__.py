"""Report: the pages made from the report tables.

``report`` runs the notebooks (``induction_analysis.notebooks``) into HTML pages through ``notebook_engine``;
``present`` holds the views the notebooks show (what a page shows, never how a figure is computed); ``charts``
draws them; ``templates/`` holds the index page and the nbconvert page template.
"""
