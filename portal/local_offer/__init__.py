"""The SEND Local Offer's public pages: the feedback form and "You said, we did"."""
