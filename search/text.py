"""Turning what someone typed into search terms: words, synonyms, a place and an age."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directory.validators import OUTWARD_CODE_RE, POSTCODE_RE, normalise_postcode

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "near",
        "of",
        "on",
        "or",
        "our",
        "the",
        "to",
        "with",
    ]
)
_AGE_RE = re.compile(r"\b(\d{1,2})\s*-?\s*(?:year|yr)s?\s*-?\s*old\b", re.I)
_POSTCODE_IN_TEXT_RE = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?)(?:\s*([0-9][A-Z]{2}))?\b", re.I)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", (text or "").lower())


@dataclass
class ParsedText:
    terms: list[str] = field(default_factory=list)  # search words, stopwords removed
    postcode: str = ""  # a full postcode or outward code found in the text
    age: int | None = None


def parse(text: str) -> ParsedText:
    """Split free text into search words, a postcode or outward code, and a child's age."""
    parsed = ParsedText()
    age = _AGE_RE.search(text or "")
    if age:
        parsed.age = int(age.group(1))
        text = _AGE_RE.sub(" ", text)
    for match in _POSTCODE_IN_TEXT_RE.finditer(text or ""):
        outward, inward = match.group(1).upper(), (match.group(2) or "").upper()
        candidate = normalise_postcode(outward + inward) if inward else outward
        if (inward and POSTCODE_RE.match(candidate)) or (
            not inward and OUTWARD_CODE_RE.match(outward) and re.search(r"\d", outward)
        ):
            parsed.postcode = candidate
            text = text[: match.start()] + " " + text[match.end() :]
            break
    parsed.terms = [w for w in words(text) if w not in STOPWORDS]
    return parsed


def without_postcodes(text: str) -> str:
    """The text with any full postcode cut to its outward code (for the anonymous log)."""

    def outward_only(match: re.Match) -> str:
        return match.group(1).upper() if match.group(2) else match.group(0)

    return _POSTCODE_IN_TEXT_RE.sub(outward_only, text or "")


def expand(terms: list[str], groups: list[list[str]]) -> list[list[str]]:
    """Group the terms into alternatives: each slot is a word or phrase and its synonyms.

    The longest phrase of a synonym group found at a position wins, so "mental health"
    becomes one slot ["mental health", "camhs", "emotional wellbeing"].
    """
    phrases: dict[tuple[str, ...], list[str]] = {}
    for group in groups:
        for term in group:
            key = tuple(w for w in term.split() if w not in STOPWORDS)
            if key:
                phrases.setdefault(key, group)
    longest = max((len(p) for p in phrases), default=1)
    slots: list[list[str]] = []
    i = 0
    while i < len(terms):
        for size in range(min(longest, len(terms) - i), 0, -1):
            key = tuple(terms[i : i + size])
            if key in phrases:
                group = phrases[key]
                typed = next(
                    t for t in group if key == tuple(w for w in t.split() if w not in STOPWORDS)
                )
                slots.append([typed, *[t for t in group if t != typed]])
                i += size
                break
        else:
            slots.append([terms[i]])
            i += 1
    return slots
