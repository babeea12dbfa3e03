"""A relevance set: a few hundred synthetic service records in the shape councils publish,
and realistic queries judged against them.

Records are built from hand-written parts, the way real directories are uneven: a name, an
often-generic summary, descriptions from one line to several paragraphs in which the words
a family would type may appear once or not at all, and common words ("parents", "lessons",
"support", "advice") scattered through boilerplate. Each record has at most one category,
sometimes a vague one. Every record is *about* one kind of service (``kind``); a query's
relevant records are those of the kinds judged to answer it, decided here and not by any
text matching. No real organisations or people: every name is made up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

TOWNS = [
    "Scunthorpe",
    "Brigg",
    "Barton",
    "Grimsby",
    "Cleethorpes",
    "Immingham",
    "Epworth",
    "Crowle",
    "Kirton",
    "Winterton",
    "Bottesford",
    "Ashby",
    "Messingham",
    "Broughton",
]
VENUES = [
    "Riverside Centre",
    "Oak Lane Family Hub",
    "St Hilda's Church Hall",
    "Westfield Library",
    "The Old Drill Hall",
    "Northfield Community Rooms",
    "Central Leisure Centre",
    "Ashgrove Primary School",
    "Market Street Family Hub",
    "Meadow View Children's Centre",
]

#: Boilerplate found across real records, full of common words.
BOILERPLATE = [
    "Parents and carers are welcome to contact us with any questions before their first visit.",
    "We work alongside parents, schools and health professionals across the area.",
    "Our staff are DBS checked and have safeguarding training, and we follow the lessons of "
    "local safeguarding reviews.",
    "We support families to access other services, and can signpost to advice on money, "
    "housing and health.",
    "The building has step-free access, baby changing facilities and free parking nearby.",
    "Please let us know if you need an interpreter; we can arrange one for most languages.",
    "Sessions may change during school holidays, so please check with us before travelling.",
    "We welcome feedback from parents and young people, and use it to improve what we do.",
    "Many of our volunteers are parents themselves and understand how busy family life can be.",
    "Refreshments are available and there is a small charge for some activities.",
    "We are a registered charity and rely on donations and grants from local trusts.",
    "Lessons learned from our family surveys have shaped the times and places we offer.",
    "Support is available for parents who speak English as an additional language.",
    "If you are a professional, please seek consent from the family before referring.",
]

GENERIC_CATEGORIES = ["Family support", "Community", "Health and wellbeing", ""]


@dataclass(frozen=True)
class Kind:
    key: str
    names: tuple[str, ...]
    category: str
    summaries: tuple[str, ...]
    sentences: tuple[str, ...]  # what the service is actually about


KINDS = [
    Kind(
        "swimming",
        (
            "{town} Swim School",
            "Learn to Swim at {venue}",
            "Splash Stars {town}",
            "Junior swimming lessons",
        ),
        "Sport and leisure",
        (
            "Swimming lessons for children of all abilities.",
            "Learn to swim, from first splash to stage 7.",
            "Weekly lessons in the pool.",
            "",
        ),
        (
            "Our qualified teachers follow the national swimming framework.",
            "Children build water confidence, then learn strokes, safety and survival skills.",
            "Swimming lessons run in small groups in the learner pool.",
            "Parent and baby swim sessions are also available on Saturday mornings.",
        ),
    ),
    Kind(
        "parenting",
        (
            "Positive Parenting Programme",
            "{town} Parenting Course",
            "Incredible Years parenting group",
            "Parenting Teens workshop",
        ),
        "Parenting support",
        (
            "A free parenting course over eight weeks.",
            "Group course for parents of children aged 2 to 11.",
            "Practical parenting help.",
            "",
        ),
        (
            "The parenting course covers routines, praise, boundaries and managing behaviour.",
            "Each session of the parenting programme builds on the last, sharing what worked.",
            "Parenting courses are run by trained facilitators in small, friendly groups.",
            "A crèche is available for younger children while you attend the parenting sessions.",
        ),
    ),
    Kind(
        "speech",
        (
            "Children's Speech and Language Therapy",
            "Talk Time {town}",
            "Speech therapy drop-in",
            "Early Language Support",
        ),
        "Health",
        (
            "Assessment and therapy for children with speech, language or communication needs.",
            "Help with talking and understanding.",
            "",
        ),
        (
            "Speech and language therapists assess how your child understands and uses language.",
            "We offer therapy for stammering, unclear speech and delayed talking.",
            "Parents are shown activities to help their child's speech at home.",
        ),
    ),
    Kind(
        "foodbank",
        ("{town} Food Bank", "Community Food Pantry", "Emergency Food Parcels"),
        "Money and housing",
        ("Emergency food for people in crisis.", "Three days of nutritionally balanced food.", ""),
        (
            "The food bank provides emergency food parcels to local people referred in crisis.",
            "Bring your food bank voucher to any of our distribution centres.",
            "We also offer toiletries, baby food and nappies at the food bank.",
        ),
    ),
    Kind(
        "stayplay",
        (
            "Stay and Play at {venue}",
            "Little Explorers Stay and Play",
            "Toddler Tuesday",
            "Messy Play",
        ),
        "Early years",
        ("Play sessions for babies and toddlers with their parent or carer.", "Come and play!", ""),
        (
            "Stay and play sessions offer messy play, songs, stories and toys for under-fives.",
            "Parents stay with their children throughout the stay and play session.",
            "Toddlers can explore sensory play, painting and outdoor play equipment.",
        ),
    ),
    Kind(
        "nursery",
        (
            "{town} Day Nursery",
            "Little Acorns Nursery",
            "Rainbow Pre-school",
            "Bright Beginnings Nursery",
        ),
        "Childcare",
        (
            "Ofsted registered day nursery for children aged 0 to 5.",
            "Full and part-time places.",
            "",
        ),
        (
            "The nursery is open 51 weeks of the year from 7.30am to 6pm.",
            "Funded places for 2, 3 and 4 year olds are available at the nursery.",
            "Our nursery rooms are arranged by age, with a garden for outdoor learning.",
        ),
    ),
    Kind(
        "childminder",
        ("Childminder in {town}", "Home from Home Childminding", "Registered childminder"),
        "Childcare",
        ("Ofsted registered childminder.", "Childcare in a home setting.", ""),
        (
            "I am a registered childminder caring for up to six children in my home.",
            "As a childminder I offer school drop off and pick up from local schools.",
        ),
    ),
    Kind(
        "breastfeeding",
        ("Breastfeeding Café", "Infant Feeding Support", "{town} Bosom Buddies"),
        "Health",
        ("Support with breastfeeding from trained peer supporters.", "Feeding your baby.", ""),
        (
            "Breastfeeding peer supporters help with latch, positioning and expressing milk.",
            "Drop in to the breastfeeding café for a chat and a cuppa with other mums.",
        ),
    ),
    Kind(
        "autism",
        ("Autism Family Support", "{town} Autism Parent Group", "Spectrum Social Club"),
        "Special educational needs and disabilities (SEND)",
        ("Support for families of autistic children.", "A group for families.", ""),
        (
            "We support parents of autistic children, before and after an autism diagnosis.",
            "Autism awareness sessions help families understand sensory needs and routines.",
            "The social club offers a calm, autism friendly space for young people.",
        ),
    ),
    Kind(
        "adhd",
        ("ADHD Parent Support", "Focus Families ADHD group"),
        "Special educational needs and disabilities (SEND)",
        ("Peer support for parents of children with ADHD.", ""),
        (
            "Parents of children with ADHD share strategies for school, sleep and behaviour.",
            "The ADHD group meets monthly with guest speakers.",
        ),
    ),
    Kind(
        "youngcarers",
        ("Young Carers Service", "{town} Young Carers Club"),
        "Family support",
        ("Support for children who look after someone at home.", ""),
        (
            "Young carers get a break, activities and someone to talk to.",
            "We help schools identify young carers and support them in class.",
        ),
    ),
    Kind(
        "youthclub",
        ("{town} Youth Club", "Friday Night Youth Project", "The Hub Youth Centre"),
        "Activities for young people",
        ("Youth club for 11 to 18 year olds.", "Somewhere to go on Friday nights.", ""),
        (
            "The youth club has pool, games consoles, a tuck shop and youth workers to talk to.",
            "Young people plan trips and activities at the youth club.",
        ),
    ),
    Kind(
        "debt",
        ("Money and Debt Advice", "{town} Debt Advice Service", "Citizens Money Help"),
        "Money and housing",
        ("Free, confidential debt advice.", "Help with money worries.", ""),
        (
            "Our debt advisers help you deal with priority debts, bailiffs and payment plans.",
            "We can check you are getting all the benefits you are entitled to and help with debt.",
        ),
    ),
    Kind(
        "domesticabuse",
        ("Domestic Abuse Support Service", "Safe Haven Outreach", "Freedom Programme"),
        "Family support",
        ("Confidential support for anyone affected by domestic abuse.", ""),
        (
            "Our domestic abuse outreach workers offer safety planning and emotional support.",
            "The Freedom Programme helps women understand domestic abuse and recover from it.",
        ),
    ),
    Kind(
        "housing",
        ("Housing Options Team", "Homelessness Prevention Service", "Tenancy Support"),
        "Money and housing",
        ("Help if you are homeless or at risk of losing your home.", ""),
        (
            "The housing options team advises on homelessness, private renting and social housing.",
            "Tenancy support workers help families keep their home.",
        ),
    ),
    Kind(
        "babymassage",
        ("Baby Massage", "Baby Massage and Yoga at {venue}"),
        "Early years",
        ("A five week baby massage course.", ""),
        (
            "Learn baby massage strokes to soothe your baby and help with colic and sleep.",
            "Baby massage classes are for babies from 6 weeks until crawling.",
        ),
    ),
    Kind(
        "healthvisiting",
        ("Health Visiting Team", "0-19 Public Health Nursing", "Child Health Clinic"),
        "Health",
        ("Health visitors support families with children under five.", ""),
        (
            "Health visitors carry out development reviews and weigh your baby at clinic.",
            "Speak to your health visitor about feeding, sleep, and your own wellbeing.",
        ),
    ),
    Kind(
        "holiday",
        ("Holiday Activities and Food Programme", "Summer Fun Club", "Easter Holiday Camp"),
        "Activities for young people",
        ("Free holiday activities with a healthy meal.", "Fun in the school holidays.", ""),
        (
            "Holiday activities include sport, crafts and cooking, with a free hot meal each day.",
            "Children eligible for free school meals can book free holiday club places.",
        ),
    ),
    Kind(
        "counselling",
        ("Young People's Counselling Service", "Kooth online counselling", "Teen Talk"),
        "Mental health",
        ("Free counselling for young people aged 11 to 25.", ""),
        (
            "Counsellors help young people with anxiety, low mood, self harm and stress.",
            "Teenagers can talk to a counsellor face to face, online or by phone.",
        ),
    ),
    Kind(
        "bereavement",
        ("Children's Bereavement Service", "Little Stars Grief Support"),
        "Mental health",
        ("Support for children and young people after someone dies.", ""),
        (
            "Our bereavement workers support children who have lost a parent, sibling or friend.",
            "Grief groups let bereaved children meet others who understand.",
        ),
    ),
    Kind(
        "rhymetime",
        ("Rhyme Time at {venue}", "Bookstart Rhymetime", "Baby Bounce and Rhyme"),
        "Early years",
        ("Songs and rhymes for babies and toddlers at the library.", ""),
        (
            "Rhyme time is a free session of songs, rhymes and stories for under-fives.",
            "Join our library staff for rhyme time every week in term time.",
        ),
    ),
    Kind(
        "football",
        ("Junior Football Coaching", "{town} Juniors FC", "Mini Kickers"),
        "Sport and leisure",
        ("Football for boys and girls aged 4 to 16.", ""),
        (
            "FA qualified coaches run football training and matches at weekends.",
            "Mini Kickers teaches football skills to children aged 3 to 6.",
        ),
    ),
    Kind(
        "music",
        ("Music Lessons for Children", "{town} Music Centre", "Rock School"),
        "Activities for young people",
        ("Instrument lessons and bands for young people.", ""),
        (
            "Music lessons in piano, guitar, drums and violin are taught by specialist tutors.",
            "Young musicians join bands and orchestras at the music centre.",
        ),
    ),
    Kind(
        "tuition",
        ("Maths Tuition Club", "Homework Help and Tutoring"),
        "Education",
        ("Extra lessons in maths and English.", ""),
        (
            "Tutors give small group lessons to help children catch up in maths and English.",
            "Homework club gives pupils a quiet place and help with their lessons.",
        ),
    ),
    Kind(
        "dads",
        ("Dads' Group", "Saturday Dads and Kids", "Fathers Matter"),
        "Family support",
        ("A group for dads, grandads and male carers.", ""),
        (
            "Dads and their children meet on Saturday mornings for play and a bacon sandwich.",
            "Fathers can talk to other dads about becoming a parent.",
        ),
    ),
    Kind(
        "antenatal",
        ("Antenatal Classes", "Preparing for Birth and Beyond", "Bump to Baby"),
        "Health",
        ("Classes for expectant parents.", ""),
        (
            "Antenatal classes cover labour, birth, feeding and caring for your newborn.",
            "Midwives lead antenatal sessions from 30 weeks of pregnancy.",
        ),
    ),
    Kind(
        "smoking",
        ("Stop Smoking Service", "Smokefree Pregnancy Support"),
        "Health",
        ("Free help to stop smoking.", ""),
        (
            "Stop smoking advisers offer nicotine replacement and weekly support to quit smoking.",
            "Pregnant women who smoke get specialist support to stop smoking.",
        ),
    ),
    Kind(
        "sendiass",
        ("SEND Information, Advice and Support Service", "SENDIASS", "Parent Partnership"),
        "Special educational needs and disabilities (SEND)",
        ("Impartial advice about special educational needs.", ""),
        (
            "SENDIASS gives free, impartial advice about SEN support and EHC plans.",
            "We can help you prepare for meetings with school about special educational needs.",
        ),
    ),
    Kind(
        "shortbreaks",
        (
            "Short Breaks for Disabled Children",
            "Saturday Short Breaks Club",
            "Overnight Short Breaks",
        ),
        "Special educational needs and disabilities (SEND)",
        ("Short breaks give disabled children fun and their families a rest.", ""),
        (
            "Short breaks for disabled children include clubs, day trips and overnight stays.",
            "Families of disabled children can ask for a short breaks assessment.",
        ),
    ),
    Kind(
        "afterschool",
        ("After School Club", "{town} Kids Club", "Breakfast and After School Club"),
        "Childcare",
        ("Wraparound childcare for school-age children.", ""),
        (
            "The after school club runs from 3pm to 6pm with snacks, games and homework time.",
            "Breakfast club and after school club places can be booked by the session.",
        ),
    ),
    Kind(
        "separation",
        (
            "Family Mediation Service",
            "Separated Parents Information Programme",
            "Co-Parenting Support",
        ),
        "Family support",
        ("Help for parents who are separating.", ""),
        (
            "Family mediation helps separated parents agree arrangements for their children.",
            "The programme helps separated parents reduce conflict and put children first.",
        ),
    ),
    Kind(
        "continence",
        ("Children's Bladder and Bowel Service", "Enuresis Clinic"),
        "Health",
        ("Help with bedwetting, daytime wetting and constipation.", ""),
        (
            "The enuresis clinic helps children who wet the bed at night, using alarms and advice.",
            "Nurses support children with bedwetting, toilet training and constipation.",
        ),
    ),
    Kind(
        "sexualhealth",
        ("Young People's Sexual Health Clinic", "C-Card Scheme"),
        "Health",
        ("Confidential sexual health advice for under 25s.", ""),
        (
            "Free condoms, contraception, pregnancy tests and sexual health testing.",
            "The sexual health clinic is confidential, even if you are under 16.",
        ),
    ),
    Kind(
        "careers",
        ("Careers Advice for Young People", "Next Steps Careers Service", "Youth Employment Hub"),
        "Education",
        ("Careers advice and help into work or training.", ""),
        (
            "Careers advisers help young people find apprenticeships, college courses and jobs.",
            "We support 16 to 18 year olds who are not in education, employment or training.",
        ),
    ),
]

#: Records about many things at once, mentioning the common words: never the best answer.
HUB_SENTENCES = [
    "The family hub brings together services for parents, children and young people.",
    "Ask at reception about groups for parents, lessons for adults and advice sessions.",
    "We can signpost you to courses, clubs and support in your area.",
    "Health visitors, midwives and family support workers use the rooms during the week.",
    "Parents can use the computers to look for work, training or housing.",
]

QUERIES: dict[str, set[str]] = {
    "swimming lessons": {"swimming"},
    "swimming": {"swimming"},
    "parenting": {"parenting", "separation"},
    "parenting course": {"parenting"},
    "speech therapy": {"speech"},
    "my child is not talking": {"speech"},
    "food bank": {"foodbank"},
    "stay and play": {"stayplay"},
    "nursery": {"nursery", "childminder", "afterschool"},
    "childminder": {"childminder"},
    "breastfeeding help": {"breastfeeding"},
    "autism": {"autism"},
    "adhd": {"adhd"},
    "young carers": {"youngcarers"},
    "youth club": {"youthclub"},
    "debt advice": {"debt"},
    "domestic abuse": {"domesticabuse"},
    "homeless": {"housing"},
    "baby massage": {"babymassage"},
    "health visitor": {"healthvisiting"},
    "holiday club": {"holiday"},
    "counselling for teenagers": {"counselling"},
    "bereavement": {"bereavement"},
    "rhyme time": {"rhymetime"},
    "football": {"football"},
    "music lessons": {"music"},
    "dads group": {"dads"},
    "antenatal classes": {"antenatal"},
    "stop smoking": {"smoking"},
    "send advice": {"sendiass"},
    "short breaks": {"shortbreaks"},
    "after school club": {"afterschool"},
    "separated parents": {"separation"},
    "bedwetting": {"continence"},
    "sexual health": {"sexualhealth"},
    "careers advice": {"careers"},
}


@dataclass(frozen=True)
class Record:
    key: str
    kind: str
    name: str
    summary: str
    description: str
    category: str


def _paragraphs(rng: random.Random, core: list[str]) -> str:
    """Uneven descriptions: sometimes one line, sometimes several paragraphs of boilerplate
    with the telling sentences buried in them."""
    shape = rng.random()
    if shape < 0.2:
        return core[0] if core else ""
    paragraphs = []
    filler = rng.sample(BOILERPLATE, rng.randint(2, 7))
    body = core[: rng.randint(1, len(core))] if core else []
    for i in range(rng.randint(1, 4)):
        chunk = filler[i::4] + (body if i == 0 else [])
        rng.shuffle(chunk)
        if chunk:
            paragraphs.append(" ".join(chunk))
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def build_records(seed: int = 14) -> list[Record]:
    rng = random.Random(seed)
    records: list[Record] = []
    for kind in KINDS:
        for n in range(8 if len(kind.names) > 2 else 6):
            town, venue = rng.choice(TOWNS), rng.choice(VENUES)
            name = kind.names[n % len(kind.names)].format(town=town, venue=venue)
            if n >= len(kind.names):
                name = (
                    f"{name} – {town}"
                    if "{town}" not in kind.names[n % len(kind.names)]
                    else (f"{name} at {venue}")
                )
            summary = rng.choice(kind.summaries)
            core = [s for s in kind.sentences if rng.random() < 0.7] or [kind.sentences[0]]
            category = kind.category if rng.random() < 0.6 else rng.choice(GENERIC_CATEGORIES)
            records.append(
                Record(f"{kind.key}-{n}", kind.key, name, summary, _paragraphs(rng, core), category)
            )
    for n in range(40):
        town = rng.choice(TOWNS)
        name = rng.choice(
            [
                "{town} Family Hub",
                "{town} Community Centre",
                "{town} Children's Centre",
                "Families First {town}",
            ]
        ).format(town=town)
        core = rng.sample(HUB_SENTENCES, 3)
        records.append(
            Record(
                f"hub-{n}",
                "hub",
                f"{name} ({n})",
                "Services for local families.",
                _paragraphs(rng, core),
                rng.choice(GENERIC_CATEGORIES),
            )
        )
    return records
