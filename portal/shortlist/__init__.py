"""The public shortlist: services a family saves without an account, prints and shares."""
