"""The rules every search follows, whichever backend runs it.

A search first requires every word. If nothing matches, the words the index spells
differently are tried (and the person is told what was searched for instead), then any of
the words (and the person is told that no service matched all of them). If only a few
(fewer than ``FEW_RESULTS``) match every word, services matching some of the words are
listed too, ranked by the backend (rarer words count more), and the person is told.
"""

from __future__ import annotations

from .backends.base import SearchBackend
from .prepare import PreparedQuery, with_terms
from .query import SearchResults

SOME_WORDS_NOTICE = "No service matched all your words, so these match some of them."
FEW_RESULTS = 5
FEW_WORDS_NOTICE = (
    "Few services matched all your words, so services that match some of them are listed too."
)


def search(backend: SearchBackend, prepared: PreparedQuery) -> SearchResults:
    results = backend.run(prepared)
    if results.total >= FEW_RESULTS or not prepared.terms:
        return results
    if results.total:
        # Only a few match every word ("swimming lessons"): list those matching some words
        # too, the rarer, more telling words first (each backend scores by rarity).
        if len(prepared.terms) > 1:
            relaxed = backend.run(prepared, match_all=False)
            if relaxed.total > results.total:
                relaxed.notice = " ".join(filter(None, [prepared.notice, FEW_WORDS_NOTICE]))
                return relaxed
        return results
    if results.spelling and results.spelling != prepared.terms:
        retry = backend.run(with_terms(prepared, results.spelling))
        if retry.total:
            retry.corrected_query = " ".join(results.spelling)
            return retry
    if len(prepared.terms) > 1:
        relaxed = backend.run(prepared, match_all=False)
        if relaxed.total:
            relaxed.notice = " ".join(filter(None, [prepared.notice, SOME_WORDS_NOTICE]))
            return relaxed
    return results
