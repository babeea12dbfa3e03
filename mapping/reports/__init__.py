"""Mapping outputs: each report computed once, by database aggregation, rendered many ways."""
