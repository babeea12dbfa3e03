"""The words the demo generator builds records from: areas, place names, service profiles.

Places, organisations and people are invented. Phone numbers come from Ofcom's ranges kept
for drama (01632 960xxx, 07700 900xxx), email and web addresses from the reserved
``example.org`` domain, so nothing here can reach a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import ChildcareRegistration, Tier


@dataclass(frozen=True)
class Town:
    name: str
    outward_codes: tuple[str, ...]
    latitude: float
    longitude: float


@dataclass(frozen=True)
class AreaSpec:
    """A local authority the generator can populate."""

    code: str
    name: str
    slug: str
    region: str
    towns: tuple[Town, ...]


#: Real ONS codes and real postcode districts; every service in them is synthetic.
DEMO_AREAS: tuple[AreaSpec, ...] = (
    AreaSpec(
        "E06000013",
        "North Lincolnshire",
        "north-lincolnshire",
        "Yorkshire and The Humber",
        (
            Town("Scunthorpe", ("DN15", "DN16", "DN17"), 53.5886, -0.6545),
            Town("Brigg", ("DN20",), 53.5527, -0.4893),
            Town("Barton-upon-Humber", ("DN18",), 53.6843, -0.4384),
            Town("Epworth", ("DN9",), 53.5243, -0.8232),
            Town("Barrow upon Humber", ("DN19",), 53.6753, -0.3812),
        ),
    ),
    AreaSpec(
        "E06000012",
        "North East Lincolnshire",
        "north-east-lincolnshire",
        "Yorkshire and The Humber",
        (
            Town("Grimsby", ("DN31", "DN32", "DN33", "DN34"), 53.5675, -0.0800),
            Town("Cleethorpes", ("DN35",), 53.5600, -0.0290),
            Town("Immingham", ("DN40",), 53.6130, -0.2180),
            Town("Waltham", ("DN37",), 53.5170, -0.1000),
            Town("Humberston", ("DN36",), 53.5300, -0.0250),
        ),
    ),
)

#: Towns for the extra, made-up authorities a benchmark asks for beyond ``DEMO_AREAS``.
EXTRA_TOWNS: tuple[Town, ...] = (
    Town("Leeds", ("LS6", "LS7", "LS8", "LS11"), 53.8008, -1.5491),
    Town("Sheffield", ("S2", "S6", "S8", "S11"), 53.3811, -1.4701),
    Town("Derby", ("DE1", "DE22", "DE23", "DE24"), 52.9225, -1.4746),
    Town("Norwich", ("NR1", "NR2", "NR3", "NR5"), 52.6309, 1.2974),
    Town("Plymouth", ("PL1", "PL2", "PL4", "PL5"), 50.3755, -4.1427),
    Town("Leicester", ("LE2", "LE3", "LE4", "LE5"), 52.6369, -1.1398),
    Town("Bristol", ("BS3", "BS5", "BS7", "BS16"), 51.4545, -2.5879),
    Town("Newcastle upon Tyne", ("NE2", "NE4", "NE6", "NE15"), 54.9783, -1.6178),
    Town("Reading", ("RG1", "RG2", "RG4", "RG30"), 51.4543, -0.9781),
    Town("Preston", ("PR1", "PR2", "PR4", "PR5"), 53.7632, -2.7031),
    Town("Ipswich", ("IP1", "IP2", "IP3", "IP4"), 52.0567, 1.1482),
    Town("Carlisle", ("CA1", "CA2", "CA3", "CA4"), 54.8925, -2.9329),
)

PLACE_STARTS = (
    "Ash", "Bram", "Kestrel", "Willow", "Oak", "Mill", "Heron", "Clay", "Hazel", "Fern",
    "Thorn", "Elder", "Marsh", "Rowan", "Lark", "Brook", "Stone", "Hollin", "Birch", "Linden",
)  # fmt: skip
PLACE_ENDS = (
    "field", "ford", "wood", "ton", "gate", "holme", "by", "thorpe", "dale", "well",
)  # fmt: skip
STREET_TYPES = ("Road", "Street", "Lane", "Avenue", "Close", "Way", "Grove", "Crescent")
VENUE_KINDS = (
    "Family Hub", "Community Centre", "Library", "Children's Centre", "Church Hall",
    "Leisure Centre", "Primary School", "Youth Centre", "Health Centre", "Village Hall",
)  # fmt: skip
ORGANISATION_KINDS = (
    "Community Trust", "Family Support", "Children's Charity", "Youth Project",
    "Health Partnership", "Sports Foundation", "Arts Collective", "Parents' Network",
)  # fmt: skip
FIRST_NAMES = (
    "Amara", "Ben", "Chloe", "Dev", "Elif", "Finn", "Grace", "Hamza", "Isla", "Jonah",
    "Kasia", "Leo", "Maya", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sami", "Tegan",
)  # fmt: skip
LAST_NAMES = (
    "Ashdown", "Brightwell", "Colebrook", "Dunmore", "Eastwood", "Fairhall", "Greenlow",
    "Hartfield", "Ivesley", "Kendrew", "Lowther", "Marwood", "Northam", "Oakes", "Penrose",
)  # fmt: skip
CONTACT_TITLES = ("Service coordinator", "Family support worker", "Centre manager", "Team lead")
LANGUAGE_SETS = (
    "English", "English", "English", "English, Polish", "English, Polish, Lithuanian",
    "English, British Sign Language", "English, Urdu, Arabic", "English, Romanian",
)  # fmt: skip
ACCESSIBILITY_NOTES = (
    "Step-free access from the car park. Accessible toilet with baby change.",
    "Ground-floor rooms, hearing loop at reception, accessible parking bays.",
    "Lift to all floors. Quiet room available on request.",
    "Wheelchair accessible. Assistance dogs welcome.",
    "Level access; the building has a changing places toilet.",
)
SEND_DETAILS = (
    "Staff are trained in supporting children with autism and sensory needs. "
    "Visual timetables and ear defenders are available.",
    "One-to-one support can be arranged. Please tell us about your child's needs before "
    "your first visit so we can plan together.",
    "Sessions are small and quiet. Makaton is used alongside speech.",
    "We work with the SEND team and can support children with an Education, Health and Care plan.",
)

#: Service archetypes per DfE category: name stems, (min age, max age), tier, chance of free.
#: Ages of None mean no limit (services for parents and carers).
CATEGORY_PROFILES: dict[str, tuple[tuple[str, ...], tuple[int | None, int | None], str, float]] = {
    "Activities": (
        ("Messy Play", "Forest School Adventures", "Family Craft Club", "Lego Club"),
        (0, 11), Tier.UNIVERSAL, 0.7),
    "Before and after school clubs": (
        ("Breakfast Club", "After School Club", "Wraparound Care Club"),
        (4, 11), Tier.UNIVERSAL, 0.1),
    "Holiday clubs and schemes": (
        ("Holiday Activity Club", "Summer Play Scheme", "Half-term Fun Club",
         "Holiday Activities and Food Club"), (5, 16), Tier.UNIVERSAL, 0.5),
    "Music, arts and dance": (
        ("Little Maestros Music", "Street Dance Crew", "Youth Theatre", "Art Club", "Rock School"),
        (3, 18), Tier.UNIVERSAL, 0.3),
    "Parent, baby and toddler groups": (
        ("Baby and Toddler Group", "Stay and Play", "Rhyme Time", "Baby Massage",
         "Bumps and Babies"), (0, 4), Tier.UNIVERSAL, 0.8),
    "Pre-school playgroup": (("Pre-school Playgroup", "Tiny Tots Pre-school"), (2, 4),
                             Tier.UNIVERSAL, 0.3),
    "Sports and recreation": (
        ("Junior Football", "Swimming Lessons", "Youth Boxing Club", "Multi-sports Camp",
         "Gymnastics for Kids", "Junior Park Run"), (4, 18), Tier.UNIVERSAL, 0.4),
    "Bullying and cyber bullying": (("Anti-bullying Advice", "Online Safety Workshop"), (8, 18),
                                    Tier.UNIVERSAL, 1.0),
    "Debt and welfare advice": (("Money Advice Drop-in", "Benefits Check Clinic"), (None, None),
                                Tier.UNIVERSAL, 1.0),
    "Domestic abuse": (
        ("Domestic Abuse Support Service", "Freedom Course", "Children's Recovery Group"),
        (None, None), Tier.TARGETED, 1.0),
    "Intensive targeted family support": (
        ("Family Intervention Team", "Early Help Family Support"), (0, 18), Tier.SPECIALIST, 1.0),
    "Money, benefits and housing": (("Housing Options Advice", "Warm Homes Advice", "Food Bank"),
                                    (None, None), Tier.UNIVERSAL, 1.0),
    "Parenting support": (
        ("Positive Parenting Course", "Parenting Teenagers Course", "Dads' Group",
         "Understanding Your Child"), (None, None), Tier.UNIVERSAL, 0.9),
    "Reducing parental conflict": (("Arguing Better Course", "Parents as Partners"),
                                   (None, None), Tier.TARGETED, 1.0),
    "Separating and separated parent support": (
        ("Separated Parents Group", "Co-parenting Course"), (None, None), Tier.UNIVERSAL, 0.9),
    "Stopping smoking": (("Stop Smoking Clinic", "Smokefree Pregnancy Support"), (None, None),
                         Tier.UNIVERSAL, 1.0),
    "Substance misuse (including alcohol and drug)": (
        ("Young People's Substance Misuse Service", "Family Alcohol Support"), (10, 25),
        Tier.TARGETED, 1.0),
    "Targeted youth support": (
        ("Youth Mentoring Project", "Detached Youth Work", "Next Steps Youth Support"), (11, 19),
        Tier.TARGETED, 1.0),
    "Youth justice services": (("Youth Justice Service", "Prevention and Diversion Project"),
                               (10, 17), Tier.SPECIALIST, 1.0),
    "Hearing and sight": (("Children's Hearing Clinic", "Children's Eye Clinic"), (0, 16),
                          Tier.UNIVERSAL, 1.0),
    "Mental health, social and emotional support": (
        ("Children's Wellbeing Service", "Youth Counselling", "Mental Health Support in Schools"),
        (5, 18), Tier.TARGETED, 1.0),
    "Nutrition and weight management": (("Healthy Families Programme", "Cook and Eat Sessions"),
                                        (2, 16), Tier.UNIVERSAL, 0.9),
    "Oral health": (("Brushing for Life", "Children's Dental Access Clinic"), (0, 16),
                    Tier.UNIVERSAL, 1.0),
    "Public health services": (
        ("School Nursing Drop-in", "Childhood Immunisation Clinic", "Young People's Sexual Health"),
        (0, 19), Tier.UNIVERSAL, 1.0),
    "Birth registration": (("Birth Registration Appointments",), (0, 1), Tier.UNIVERSAL, 1.0),
    "Early years language and learning": (
        ("Chatterbox Language Group", "Bookstart Rhymes", "Early Talk Sessions"), (0, 5),
        Tier.UNIVERSAL, 1.0),
    "Health visiting": (("Health Visiting Team", "Child Health Clinic"), (0, 5),
                        Tier.UNIVERSAL, 1.0),
    "Infant feeding support (including breastfeeding)": (
        ("Breastfeeding Support Group", "Infant Feeding Clinic"), (0, 2), Tier.UNIVERSAL, 1.0),
    "Midwife and maternity": (("Community Midwife Clinic", "Antenatal Classes"), (None, None),
                              Tier.UNIVERSAL, 1.0),
    "Perinatal mental health support (pregnancy to one year post birth)": (
        ("Perinatal Wellbeing Group", "Parent-Infant Relationship Service"), (0, 1),
        Tier.TARGETED, 1.0),
    "Autistic Spectrum Disorder (ASD)": (("Autism Family Support", "Sensory Play Sessions"),
                                         (2, 18), Tier.TARGETED, 0.8),
    "Breaks and respite": (
        ("Short Breaks Scheme", "Overnight Respite Service", "Inclusive Saturday Club"), (4, 18),
        Tier.SPECIALIST, 0.6),
    "Early years support": (("Portage Home Visiting", "Early Years Inclusion Team"), (0, 5),
                            Tier.TARGETED, 1.0),
    "Groups for parents and carers of children with SEND": (
        ("Parent Carer Forum", "Parent Carer Coffee Morning"), (None, None), Tier.UNIVERSAL, 1.0),
    "Hearing impairment": (("Deaf Children's Activity Club", "Hearing Support Service"),
                           (0, 19), Tier.TARGETED, 0.9),
    "Learning difficulties and disabilities": (
        ("Inclusive Youth Club", "Independent Living Skills Course"), (11, 25), Tier.TARGETED,
        0.7),
    "Multi-sensory impairment": (("Multi-sensory Impairment Outreach",), (0, 19),
                                 Tier.SPECIALIST, 1.0),
    "Other difficulties or disabilities": (
        ("SEND Information, Advice and Support", "Inclusion Support Service"), (0, 25),
        Tier.UNIVERSAL, 1.0),
    "Physical disabilities": (("Wheelchair Sports Club", "Children's Occupational Therapy"),
                              (4, 19), Tier.TARGETED, 0.8),
    "Social, emotional and mental health support": (
        ("Nurture Group", "Emotional Wellbeing Outreach"), (4, 16), Tier.TARGETED, 1.0),
    "Speech, language and communication needs": (
        ("Speech and Language Drop-in", "Talking Tots"), (1, 11), Tier.TARGETED, 1.0),
    "Visual impairment": (("Visual Impairment Family Group", "Vision Support Service"), (0, 19),
                          Tier.TARGETED, 1.0),
    "Community transport": (("Community Dial-a-Ride", "Independent Travel Training"), (None, None),
                            Tier.UNIVERSAL, 0.5),
}  # fmt: skip

#: Childcare types: name stems, registration, DfE category, ages, places range, weekday hours.
ChildcareProfile = tuple[tuple[str, ...], str, str, tuple[int, int], tuple[int, int]]
CHILDCARE_PROFILES: dict[str, ChildcareProfile] = {
    "Childminder": (("Childminding", "Home Childcare"), ChildcareRegistration.EARLY_YEARS_REGISTER,
                    "Early years language and learning", (0, 11), (3, 6)),
    "Day nursery": (("Day Nursery", "Nursery and Pre-school"),
                    ChildcareRegistration.EARLY_YEARS_REGISTER,
                    "Early years language and learning", (0, 5), (30, 90)),
    "Pre-school playgroup": (("Pre-school", "Playgroup"),
                             ChildcareRegistration.EARLY_YEARS_REGISTER,
                             "Pre-school playgroup", (2, 4), (16, 30)),
    "Nursery school or class": (("Nursery School", "Nursery Class"), ChildcareRegistration.SCHOOL,
                                "Early years language and learning", (2, 4), (26, 52)),
    "Out of school club": (("Out of School Club", "Kids' Club"),
                           ChildcareRegistration.CHILDCARE_REGISTER_COMPULSORY,
                           "Before and after school clubs", (4, 11), (24, 40)),
    "Holiday scheme": (("Holiday Scheme", "Holiday Camp"),
                       ChildcareRegistration.CHILDCARE_REGISTER_VOLUNTARY,
                       "Holiday clubs and schemes", (5, 14), (20, 60)),
    "Nanny or home childcarer": (("Home Childcarers", "Nanny Agency"),
                                 ChildcareRegistration.CHILDCARE_REGISTER_VOLUNTARY,
                                 "Early years language and learning", (0, 11), (1, 4)),
}  # fmt: skip
CHILDCARE_NAME_STARTS = (
    "Little Acorns", "Bumblebee", "Rainbow", "Little Owls", "Sunflowers", "Tadpoles",
    "Honeypot", "Ladybirds", "Stepping Stones", "Treetops", "Puddle Ducks", "Bluebells",
)  # fmt: skip
