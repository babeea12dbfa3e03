"""Demo content pages: a filled-in home page and a few information pages beneath it."""

from __future__ import annotations

from portal.models import HomePage, InformationPage

INFORMATION_PAGES = [
    (
        "Help paying for childcare",
        "help-paying-for-childcare",
        "Funded hours, Tax-Free Childcare and help for families on Universal Credit.",
        [
            ("heading", "Funded early education"),
            (
                "paragraph",
                "<p>All 3 and 4-year-olds can get 15 hours of funded early education a week, "
                "and some families can get more. Many 2-year-olds and children from 9 months "
                "can get funded hours too.</p>",
            ),
            ("inset", "Ask your childcare provider which funded places they offer."),
            (
                "details",
                {
                    "summary": "Who can get funded hours for a 2-year-old?",
                    "text": "<p>Families getting some benefits, and children with an "
                    "Education, Health and Care plan or Disability Living Allowance.</p>",
                },
            ),
        ],
    ),
    (
        "Support for children with special educational needs",
        "send-local-offer",
        "The SEND Local Offer: services for children and young people aged 0 to 25.",
        [
            ("heading", "What the Local Offer is"),
            (
                "paragraph",
                "<p>The Local Offer tells you about education, health and care services for "
                "children and young people with special educational needs and disabilities. "
                "<a href='/services/?send=on'>Find SEND services</a>.</p>",
            ),
            ("warning", "If you are worried about a child's safety, call the police on 999."),
        ],
    ),
    (
        "About this demo",
        "about-this-demo",
        "Everything in this directory is synthetic.",
        [
            (
                "paragraph",
                "<p>The services, organisations, places, people, phone numbers and email "
                "addresses on this site are made up to demonstrate Waymark. Phone numbers "
                "come from the ranges Ofcom keeps for drama, and email addresses use the "
                "reserved example.org domain.</p>",
            ),
        ],
    ),
]

HOME_BODY = [
    ("heading", "Help for families"),
    (
        "paragraph",
        "<p>Search the directory for activities, childcare, health services and support. "
        "Practitioners can find how to refer a family on every service page.</p>",
    ),
]


def _stream(blocks) -> list[dict]:
    return [{"type": kind, "value": value} for kind, value in blocks]


def ensure_demo_pages() -> int:
    """Fill an empty home page and add missing information pages; return pages created."""
    home = HomePage.objects.first()
    if home is None:
        return 0
    if not home.body:
        home.body = _stream(HOME_BODY)
        home.save_revision().publish()
    created = 0
    existing = set(home.get_children().values_list("slug", flat=True))
    for title, slug, summary, blocks in INFORMATION_PAGES:
        if slug in existing:
            continue
        page = InformationPage(title=title, slug=slug, summary=summary, body=_stream(blocks))
        home.add_child(instance=page)
        page.save_revision().publish()
        home.refresh_from_db()
        created += 1
    return created
