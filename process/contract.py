"""What every version of the complaint process must keep (PROCEDURE.md), checked before deploy.

The process owner changes layout, texts, term lengths, extra steps and reminders freely; the steps
below stay, in this order, with their form (which carries the step's rules), the role of their lane,
the assigned handler where the handler acts, a term counted in working days where the procedure
sets one, and a closing that only a satisfied complainant reaches. The rest of process/ (reports,
mails, terms) finds these steps by their BPMN id, so the ids stay too.

`complaint_contract(outline)` reads the engine's outline of the process (steps, `before`,
`reaches`) and returns (element id or None, Dutch message) for everything missing or broken.
"""

from dataclasses import dataclass

from .report_measures import CONTACT, RE_RESOLUTION, REPORT, SATISFACTION_CHECK

HANDLER = "handler"  # the case field that names the assigned handler
WORKING_DAY_FUNCTIONS = ("add_working_days(", "term_end(")


@dataclass(frozen=True)
class RequiredStep:
    id: str
    kind: str
    title: str  # what the procedure calls it, for the message
    form: str
    role: str
    assigned: bool = False  # done by the assigned handler (assignee "handler")
    term: bool = False  # a timer with a working-day term is attached


REGISTRATION = RequiredStep(
    "klacht_ontvangen", "startEvent", "de registratie", "registratie", "contactpersoon"
)
APPROVAL = RequiredStep("akkoord_klager", "userTask", "de goedkeuring door de klager", "akkoord", "klager")
ASSIGNMENT = RequiredStep(
    "afhandelaar_bepalen", "userTask", "het bepalen van de klacht-afhandelaar", "toewijzing", "relatiemanager"
)
STEPS = (
    REGISTRATION,
    APPROVAL,
    ASSIGNMENT,
    RequiredStep(CONTACT, "userTask", "het contact met de klager", "contact", "afhandelaar", True, True),
    RequiredStep(REPORT, "userTask", "het rapporteren van de afhandeling", "rapportage", "afhandelaar", True),
    RequiredStep(
        SATISFACTION_CHECK, "userTask", "de tevredenheidscheck", "tevredenheid", "klager", term=True
    ),
    RequiredStep(RE_RESOLUTION, "userTask", "het alsnog oplossen", "heroplossing", "afhandelaar", True, True),
)
# Each step comes after the one before it on every way through the process.
ORDER = tuple(step.id for step in STEPS if step.id != RE_RESOLUTION)
KIND_NAMES = {"startEvent": "een startgebeurtenis", "userTask": "een gebruikerstaak"}
PREFIX = "vereist door de klachtprocedure: "


def complaint_contract(outline) -> list[tuple[str | None, str]]:
    """Everything the procedure demands that this version of the complaint process lacks."""
    found = []
    for step in STEPS:
        found.extend(_step_problems(step, outline.steps.get(step.id)))
    present = [key for key in ORDER if key in outline.steps]
    for first, then in zip(present, present[1:], strict=False):
        if not outline.before(first, then):
            found.append(
                (then, f"{_title(then)} mag pas na {_title(first)} komen, op elke weg door het proces")
            )
    found.extend(_decision_problems(outline))
    found.extend(_closing_problems(outline))
    return [(element, PREFIX + message) for element, message in found]


def _step_problems(step: RequiredStep, found) -> list[tuple[str | None, str]]:
    if found is None:
        return [
            (
                None,
                f"{step.title} ontbreekt: {KIND_NAMES[step.kind]} met id '{step.id}' "
                f"en formulier '{step.form}'",
            )
        ]
    problems = []
    if found.kind != step.kind:
        problems.append((step.id, f"{step.title} moet {KIND_NAMES[step.kind]} zijn"))
    if found.form != step.form:
        problems.append((step.id, f"{step.title} moet het formulier '{step.form}' gebruiken"))
    if step.role not in found.roles:
        problems.append((step.id, f"{step.title} hoort in een lane met de rol '{step.role}'"))
    if step.assigned and found.assignee != HANDLER:
        problems.append(
            (step.id, f"{step.title} is voor de toegewezen afhandelaar (toegewezen aan '{HANDLER}')")
        )
    if step.term and not any(fn in term for term in found.terms for fn in WORKING_DAY_FUNCTIONS):
        problems.append(
            (step.id, f"{step.title} heeft een termijn in werkdagen nodig (een timer aan deze taak)")
        )
    return problems


def _decision_problems(outline) -> list[tuple[str | None, str]]:
    """The handler is only assigned once the complainant approved; re-resolution leads back."""
    found = []
    if {APPROVAL.id, ASSIGNMENT.id} <= set(outline.steps) and outline.reaches(
        APPROVAL.id, ASSIGNMENT.id, unless="approved"
    ):
        found.append(
            (ASSIGNMENT.id, "de afhandelaar mag pas worden bepaald als de klager akkoord is (approved)")
        )
    if {SATISFACTION_CHECK, RE_RESOLUTION} <= set(outline.steps):
        if not outline.before(SATISFACTION_CHECK, RE_RESOLUTION):
            found.append((RE_RESOLUTION, "het alsnog oplossen mag alleen na een tevredenheidscheck komen"))
        if not outline.reaches(RE_RESOLUTION, SATISFACTION_CHECK):
            found.append((RE_RESOLUTION, "na het alsnog oplossen volgt opnieuw de tevredenheidscheck"))
    return found


def _closing_problems(outline) -> list[tuple[str | None, str]]:
    """A closing that only a satisfied complainant reaches, and nothing that ends the case before."""
    if SATISFACTION_CHECK not in outline.steps:
        return []
    ends = [step for step in outline.steps.values() if step.kind == "endEvent"]
    found = [
        (end.id, "deze eindgebeurtenis beëindigt de klacht vóór een tevredenheidscheck")
        for end in ends
        if end.terminates and not outline.before(SATISFACTION_CHECK, end.id)
    ]
    closing = [
        end
        for end in ends
        if outline.before(SATISFACTION_CHECK, end.id)
        and outline.reaches(SATISFACTION_CHECK, end.id)
        and not outline.reaches(SATISFACTION_CHECK, end.id, unless="satisfied")
    ]
    if not closing:
        found.append(
            (
                SATISFACTION_CHECK,
                "de afsluiting ontbreekt: een eindgebeurtenis die alleen volgt als de klager "
                "tevreden is (satisfied)",
            )
        )
    return found


def _title(key: str) -> str:
    return next(step.title for step in STEPS if step.id == key)
