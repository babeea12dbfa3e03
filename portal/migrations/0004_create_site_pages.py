"""Create the pages every public service needs (accessibility, privacy, cookies, contact).

They are ordinary information pages under the home page, so staff edit them like any other;
the default site's settings link them from the footer.
"""

import uuid

from django.db import migrations

TODAY = "1 December 2026"


def _p(html: str) -> dict:
    return {"type": "paragraph", "value": html, "id": str(uuid.uuid4())}


def _h(text: str) -> dict:
    return {"type": "heading", "value": text, "id": str(uuid.uuid4())}


def _inset(text: str) -> dict:
    return {"type": "inset", "value": text, "id": str(uuid.uuid4())}


ACCESSIBILITY = [
    _p(
        "<p>This statement covers this Family Information Service website. The council that "
        "runs it wants as many people as possible to be able to use it. You should be able to:</p>"
        "<ul><li>change colours, contrast levels and fonts using your browser or device settings</li>"
        "<li>zoom in up to 400% without the text spilling off the screen</li>"
        "<li>move around the whole website using just a keyboard</li>"
        "<li>use the website with a screen reader or speech recognition software</li>"
        "<li>use every search, filter and shortlist feature with JavaScript turned off</li></ul>"
        "<p>The pages are built with the GOV.UK Design System, which is tested with people who "
        "use assistive technology.</p>"
    ),
    _h("How accessible this website is"),
    _p(
        "<p>This website aims to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 "
        "at level AA. We know of these limits:</p>"
        "<ul><li>The maps on search results and service pages are an extra: everything a map "
        "shows is also given as text (addresses, distances and directions links), and the maps "
        "are not needed to use any part of the website.</li>"
        "<li>Service descriptions are written by many organisations. Some may use unclear "
        "language or link to documents that are not accessible. Tell us and we will ask the "
        "service to fix them.</li></ul>"
    ),
    _h("Reporting accessibility problems with this website"),
    _p(
        "<p>If you find a problem that is not listed on this page, or you think we are not "
        "meeting accessibility requirements, use the contact page to tell us. Say which page "
        "the problem is on and what happened. We aim to reply within 5 working days.</p>"
        "<p>If you need information from this website in a different format, such as large "
        "print, easy read, an audio recording or braille, contact us and say what you need.</p>"
    ),
    _h("Enforcement procedure"),
    _p(
        "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
        "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
        "Regulations 2018 (the accessibility regulations). If you are not happy with how we "
        "respond to your complaint, contact the "
        '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support '
        "Service (EASS)</a>.</p>"
    ),
    _h("How we tested this website"),
    _p(
        "<p>Every change to the website is checked automatically with axe-core on phone-sized "
        "(375 pixels) and desktop-sized (1280 pixels) screens, on the home page, search results, "
        "service pages, the shortlist and these information pages. Pages are also checked by "
        f"hand with a keyboard and a screen reader.</p><p>This statement was prepared on {TODAY}. "
        "It should be reviewed at least once a year.</p>"
    ),
]

PRIVACY = [
    _p(
        "<p>This notice explains what this website stores about you, why, and for how long. "
        "The council that runs this Family Information Service is the data controller. You do "
        "not need an account to use the website, and you can use it without giving us any "
        "personal information.</p>"
    ),
    _h("Searches"),
    _p(
        "<p>When you search, we record the words you typed, the filters you chose, the first "
        "part of any postcode you entered (for example DN15, never the full postcode) and how "
        "many results you got. We do not record who you are, your full postcode or your IP "
        "address with a search. We use these records to improve the directory, for example to "
        "find services families look for but cannot find. We delete them after 1 year.</p>"
    ),
    _h("Reporting a problem with a service page"),
    _p(
        "<p>If you report a problem, we store what you told us and, only if you give it, your "
        "email address so we can reply. Council staff who keep the directory up to date can see "
        "it. We delete your email address 6 months after you sent the report.</p>"
    ),
    _h("Your shortlist"),
    _p(
        "<p>Services you save are kept in your browser session on our server, linked to a "
        "session cookie, and are forgotten when the session ends (after 2 weeks without use) "
        "or when you clear the shortlist.</p>"
        "<p>If you email your shortlist, we use the email address only to send that one "
        "message: it is held only until the message has gone, and not kept. If you create a share link, nothing is stored at all: "
        "the link itself holds the list of services, signed so it cannot be changed or "
        "guessed. Anyone with the link can see the services in it (and nothing else) until "
        "it expires, 90 days after it was made.</p>"
    ),
    _h("Your rights"),
    _p(
        "<p>You can ask to see, correct or delete personal information we hold about you, and "
        "you can complain to the Information Commissioner's Office (ICO) at "
        '<a href="https://ico.org.uk/make-a-complaint/">ico.org.uk</a> if you are unhappy '
        "with how we have used it. Use the contact page to reach the council's data "
        "protection officer.</p>"
    ),
]

COOKIES = [
    _p(
        "<p>Cookies are small files saved on your phone, tablet or computer when you visit a "
        "website. This website only uses cookies it needs to work, so we do not ask for your "
        "consent to use them. We do not use analytics or advertising cookies.</p>"
    ),
    _h("Essential cookies"),
    _p(
        "<ul><li><strong>sessionid</strong>: remembers the services you save to your "
        "shortlist. Set only when you save a service. Expires after 2 weeks.</li>"
        "<li><strong>csrftoken</strong>: protects the forms on this website (such as saving a "
        "service or reporting a problem) from being sent by another website. Expires after "
        "1 year.</li></ul>"
        "<p>Council staff who sign in to update the directory also get cookies that keep them "
        "signed in.</p>"
    ),
]

CONTACT = [
    _p(
        "<p>To ask about a service, such as whether it has places or what it costs, contact "
        "the service directly: each service page has its phone number, email or website.</p>"
        "<p>If something on a service page is wrong, use the \u201cReport a problem with this "
        "page\u201d link at the bottom of that page.</p>"
        "<p>For anything else, including help finding a service, accessibility problems and "
        "questions about your personal information, contact the Family Information Service.</p>"
    ),
    _inset(
        "If you think a child is at risk of harm, contact children's social care or call the "
        "police on 999 in an emergency."
    ),
]

PAGES = [
    (
        "accessibility_page",
        "Accessibility statement",
        "accessibility-statement",
        "How accessible this website is, and how to report a problem.",
        ACCESSIBILITY,
    ),
    (
        "privacy_page",
        "Privacy notice",
        "privacy",
        "What this website stores about you, why, and for how long.",
        PRIVACY,
    ),
    ("cookies_page", "Cookies", "cookies", "The cookies this website uses.", COOKIES),
    (
        "contact_page",
        "Contact us",
        "contact",
        "How to get help from the Family Information Service.",
        CONTACT,
    ),
]


def create_site_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("portal.HomePage")
    InformationPage = apps.get_model("portal.InformationPage")
    PortalSettings = apps.get_model("portal.PortalSettings")

    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    content_type, _ = ContentType.objects.get_or_create(model="informationpage", app_label="portal")
    site = Site.objects.filter(is_default_site=True).first()
    settings = None
    if site is not None:
        settings, _ = PortalSettings.objects.get_or_create(site=site)
    for field, title, slug, summary, body in PAGES:
        page = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=slug)
        page = page.first()
        if page is None:
            last = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
            last = last.order_by("-path").first()
            step = int(last.path[-4:], 36) + 1 if last else 1
            page = InformationPage.objects.create(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=f"{home.path}{_base36(step)}",
                depth=home.depth + 1,
                numchild=0,
                url_path=f"{home.url_path}{slug}/",
                locale_id=home.locale_id,
                show_in_menus=False,
                summary=summary,
                body=body,
            )
        if settings is not None and getattr(settings, f"{field}_id") is None:
            setattr(settings, f"{field}_id", page.pk)
    home.numchild = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count()
    home.save(update_fields=["numchild"])
    if settings is not None:
        settings.save()


def _base36(number: int) -> str:
    """treebeard's path step: four base-36 digits, upper case."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_site_branding_and_footer_pages"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_site_pages, migrations.RunPython.noop)]
