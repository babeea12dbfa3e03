"""Side-by-side comparison of one LA's readiness assessments over time."""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.models import LocalAuthority
from mapping.models import MATURITY_SCALE, EcmAim, Rating, ReadinessAnswer, ReadinessAssessment
from mapping.reports.tables import Column, Table

RANK = {rating.value: n for n, rating in enumerate(MATURITY_SCALE, start=1)}  # unranked: none
LABELS = dict(Rating.choices)


@dataclass
class Cell:
    rating: str  # label, or "" when not rated
    evidence: str
    change: str = ""  # "up", "down" or "" against the previous assessment
    aims: tuple[int, ...] = ()  # the numbers of the ECM aims the answer was tagged with


@dataclass
class ComparisonRow:
    number: int
    text: str
    definition_of_mature: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Comparison:
    assessments: list[ReadinessAssessment]  # oldest first
    rows: list[ComparisonRow]
    title: str = "Readiness over time"
    aim_names: dict[int, str] = field(default_factory=dict)  # ECM aim number -> name

    def tables(self) -> list[Table]:
        """One table for the downloads: each question, then rating, evidence and the ECM aims
        tagged on the answer, per date."""
        columns = [Column("Question", "text")]
        for a in self.assessments:
            when = a.assessed_on.strftime("%-d %b %Y")
            columns += [
                Column(f"Rating, {when}", "text"),
                Column(f"Evidence, {when}", "text"),
                Column(f"ECM aims, {when}", "text"),
            ]
        rows = []
        for row in self.rows:
            cells = [f"{row.number}. {row.text}"]
            for cell in row.cells:
                cells += [cell.rating or "Not rated", cell.evidence, self.aims_text(cell.aims)]
            rows.append(cells)
        return [Table(self.title, columns, rows)]

    def aims_text(self, numbers: tuple[int, ...]) -> str:
        """The aims as 'number. name' joined by semicolons (a number alone if it has no name)."""
        return "; ".join(
            f"{n}. {self.aim_names[n]}" if n in self.aim_names else str(n) for n in numbers
        )

    def charts(self) -> list:
        return []


def compare_assessments(la: LocalAuthority) -> Comparison:
    """Every question of the templates the LA used, one column per assessment (oldest first)."""
    assessments = list(
        ReadinessAssessment.objects.filter(local_authority=la).order_by("assessed_on", "pk")
    )
    answers = {
        (a.assessment_id, a.question_id): a
        for a in ReadinessAnswer.objects.filter(assessment__in=assessments).prefetch_related(
            "ecm_aims"
        )
    }
    rows: dict[tuple[int, int], ComparisonRow] = {}
    questions = []
    for assessment in assessments:
        for q in assessment.template.questions.all():
            if q.pk not in {x.pk for x in questions}:
                questions.append(q)
    for q in sorted(questions, key=lambda q: (q.template_id, q.number)):
        row = ComparisonRow(q.number, q.text, q.definition_of_mature)
        previous = None
        for assessment in assessments:
            a = answers.get((assessment.pk, q.pk))
            rating = a.rating if a else ""
            change = ""
            if rating in RANK and previous in RANK:
                change = "up" if RANK[rating] > RANK[previous] else ""
                change = "down" if RANK[rating] < RANK[previous] else change
            aims = tuple(sorted(aim.number for aim in a.ecm_aims.all())) if a else ()
            row.cells.append(Cell(LABELS.get(rating, ""), a.evidence if a else "", change, aims))
            previous = rating or previous
        rows[(q.template_id, q.number)] = row
    return Comparison(
        assessments,
        list(rows.values()),
        f"Readiness over time: {la.name}",
        dict(EcmAim.objects.values_list("number", "name")),
    )
