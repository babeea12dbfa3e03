"""Search-box suggestions: words worth searching for first, then services by name.

A suggestion is ``{"name", "url", "kind"}``. Terms come from the category names and the
staff's synonym groups, matched on the start of the term or of any word in it; a synonym
also brings its group's first term ("asd" suggests "autism", "nur" suggests "nursery").
Terms are ordered by how often people searched for them (the search log, last
``POPULAR_DAYS`` days), then matches at the start before matches inside, then shorter first.
Services whose name matches fill the rest. Case-insensitive duplicates are dropped; at most
``limit`` come back. Only the search log's *counts* are used: logged words are never
suggested themselves (they may hold anything a person typed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from .choices import category_groups
from .models import SearchLog
from .synonyms import synonym_groups

POPULAR_CACHE_KEY = "search:popular-queries"
POPULAR_CACHE_SECONDS = 600
POPULAR_DAYS = 90
POPULAR_LIMIT = 2000


@dataclass(frozen=True)
class Term:
    text: str
    kind: str  # "category" or "term"
    value: str  # the category slug, or the words to search for


def _vocabulary() -> list[Term]:
    choices, _, _ = category_groups()
    terms = [Term(name, "category", slug) for slug, name in choices]
    for group in synonym_groups():
        terms += [Term(word, "term", word) for word in group]
    return terms


def _matches(text: str, candidate: str) -> int | None:
    """0 if the candidate starts with the text, 1 if one of its words does, else None."""
    candidate = candidate.lower()
    if candidate.startswith(text):
        return 0
    if any(word.startswith(text) for word in candidate.replace("-", " ").split()[1:]):
        return 1
    return None


def popular_queries() -> dict[str, int]:
    """{words: searches} for searches that found something, recently (cached)."""
    counts = cache.get(POPULAR_CACHE_KEY)
    if counts is None:
        since = timezone.now() - dt.timedelta(days=POPULAR_DAYS)
        rows = (
            SearchLog.objects.filter(created_at__gte=since, result_count__gt=0)
            .exclude(query="")
            .values("query")
            .annotate(n=Count("id"))
            .order_by("-n")[:POPULAR_LIMIT]
        )
        counts = {row["query"]: row["n"] for row in rows}
        cache.set(POPULAR_CACHE_KEY, counts, POPULAR_CACHE_SECONDS)
    return counts


def term_suggestions(text: str) -> list[Term]:
    """Matching terms, most searched first (see the module docstring)."""
    text = " ".join(text.lower().split())
    groups = synonym_groups()
    found: dict[str, tuple[tuple, Term]] = {}
    popular = popular_queries()

    def add(term: Term, where: int) -> None:
        key = term.text.lower()
        rank = (-popular.get(key, 0), where, len(key), key)
        if key not in found or rank < found[key][0]:
            found[key] = (rank, term)

    for term in _vocabulary():
        where = _matches(text, term.text)
        if where is None:
            continue
        add(term, where)
        if term.kind == "term":
            for group in groups:
                if term.value in group and group[0] != term.value:
                    add(Term(group[0], "term", group[0]), where)
    return [term for _, term in sorted(found.values(), key=lambda item: item[0])]


def search_url(term: Term) -> str:
    key = "category" if term.kind == "category" else "q"
    return f"{reverse('directory:service_search')}?{urlencode({key: term.value})}"


def combine(terms: list[Term], services: list, limit: int) -> list[dict]:
    """Terms first, then services; case-insensitive duplicates dropped; at most ``limit``."""
    seen: set[str] = set()
    out: list[dict] = []
    for item in [
        *({"name": t.text, "url": search_url(t), "kind": t.kind} for t in terms),
        *({"name": s.name, "url": s.get_absolute_url(), "kind": "service"} for s in services),
    ]:
        key = " ".join(item["name"].lower().split())
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
        if len(out) == limit:
            break
    return out
