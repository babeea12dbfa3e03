"""Readiness self-assessment (seed 004): an editable template of questions, each LA's dated
assessments against it, and a side-by-side comparison of an LA's assessments over time."""
