"""Tools beside the June run: the sample district (``sample``), the mentor–mentee matching helper
(``matching``) and the blank collection templates for schools (``collection_templates``)."""
