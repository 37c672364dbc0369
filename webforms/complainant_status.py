"""What the complainant's status page says: which step the complaint is in, what comes next and
by when. Only the public outline of the procedure; internal steps (escalations, follow-up of
procedure changes, reports) are never named."""

from dataclasses import dataclass
from datetime import date, datetime

from process.case_kinds import FACTS_FOR_COMPLAINANT

from .answers import Answer, answers
from .case_kind import facts
from .complaint_forms import COMPLAINANT_FIELDS, REGISTRATION_FORM, in_your_words


@dataclass(frozen=True)
class Phase:
    title: str
    explanation: str


PHASES = (
    Phase("Klacht ontvangen", "Wij hebben uw klacht ontvangen en vastgelegd."),
    Phase(
        "Controle van het klachtenformulier",
        "U controleert of wij uw klacht goed hebben vastgelegd. Daarna krijgt u een "
        "ontvangstbevestiging met uitleg over de procedure.",
    ),
    Phase(
        "Bepalen wie uw klacht behandelt",
        "De relatiemanager bepaalt wie uw klacht behandelt. Dat is nooit de medewerker over wie u klaagt.",
    ),
    Phase(
        "Behandeling van uw klacht",
        "Binnen twee werkdagen neemt de behandelaar contact met u op. Samen zoeken we een "
        "oplossing of spreken we af hoe en wanneer uw klacht wordt afgehandeld.",
    ),
    Phase(
        "Bent u tevreden?",
        "Binnen vijf werkdagen na de afhandeling vragen wij of uw klacht naar tevredenheid is "
        "opgelost. Zo niet, dan lossen wij haar alsnog op.",
    ),
    Phase("Klacht afgesloten", "Uw klacht is afgehandeld en afgesloten."),
)
# The phase each public step of the diagram belongs to, by the form its task asks for.
PHASE_OF_FORM = {
    "akkoord": 1,
    "registratie": 1,
    "toewijzing": 2,
    "contact": 3,
    "rapportage": 3,
    "tevredenheid": 4,
    "heroplossing": 4,
}
CLOSED = len(PHASES) - 1


@dataclass(frozen=True)
class ComplainantStatus:
    reference: str
    received: datetime
    phases: tuple[Phase, ...]
    current: int  # index into phases
    due: datetime | None  # the term of the current step, when it has one
    withdrawn: bool
    registered: list[Answer]
    done: list[Answer]  # what was agreed with the complainant and done about the complaint
    agreed_term: date | None = None  # the handling term agreed in the contact step
    procedure_change_term: date | None = None  # when the change the complaint led to is in place


def complainant_status(engine, complaint) -> ComplainantStatus:
    steps = [(PHASE_OF_FORM[t.form], t.due) for t in complaint.tasks if t.form in PHASE_OF_FORM]
    if complaint.status != "open":
        current = CLOSED
    elif steps:
        current = max(phase for phase, _ in steps)
    else:
        current = _after_last_public_step(engine, complaint.reference)
    dues = [due for phase, due in steps if phase == current and due is not None]
    return ComplainantStatus(
        reference=complaint.reference,
        received=complaint.started_at,
        phases=PHASES,
        current=current,
        due=min(dues, default=None),
        withdrawn=complaint.status == "cancelled",
        registered=answers(
            in_your_words(engine.plugin.forms.schema(REGISTRATION_FORM)), complaint.data, COMPLAINANT_FIELDS
        ),
        done=facts(engine, FACTS_FOR_COMPLAINANT, complaint.data),
        agreed_term=_day(complaint.data, "agreed_term", complaint.data.get("outcome") == "afspraak"),
        procedure_change_term=_day(
            complaint.data, "procedure_change_term", complaint.data.get("procedure_change")
        ),
    )


def _day(data: dict, field: str, applies) -> date | None:
    return date.fromisoformat(data[field]) if applies and data.get(field) else None


def _after_last_public_step(engine, reference) -> int:
    """With no public step open, the complaint is past the furthest one done (internal follow-up
    such as a procedure change may keep it open after the complainant's part has ended)."""
    done = [
        PHASE_OF_FORM.get(engine.task(event.task_id).form, 0)
        for event in engine.history(reference)
        if event.event == "task_completed" and event.task_id
    ]
    return min(max(done, default=0) + 1, CLOSED)
