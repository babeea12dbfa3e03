"""Ofsted's childcare register extract: read it (``extract``), keep the mirror and the change
queue in step (``sync``), and turn a registration into service fields (``offer``)."""
