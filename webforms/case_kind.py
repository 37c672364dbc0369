"""Which pages show a case: chosen by the kind its process declares (process/case_kinds through
the plug-in), and the decisive facts a task's doer reads first."""

from dataclasses import dataclass

from .answers import Answer, readable

COMPLAINT, ANALYSIS = "klacht", "analyse"


@dataclass(frozen=True)
class CasePages:
    page: str  # the case's own page
    context: str  # the case beside a task form
    noun: str  # how the page names the case
    record_form: str  # the form whose answers are the case's own record


PAGES = {
    COMPLAINT: CasePages("complaint.html", "_complaint_context.html", "Klacht", "registratie"),
    ANALYSIS: CasePages("analysis.html", "_analysis_context.html", "Kwartaalanalyse", "analyse"),
}


def kind_of(engine, process_id: str) -> str:
    return engine.plugin.case_kinds.get(process_id, COMPLAINT)


def pages_of(kind: str) -> CasePages:
    return PAGES.get(kind, PAGES[COMPLAINT])


def decisive_facts(engine, form: str | None, data: dict) -> list[Answer]:
    """What the doer of a task on `form` must know first, from the case data recorded so far."""
    return facts(engine, engine.plugin.decisive_facts.get(form or "", ()), data)


def facts(engine, wanted, data: dict) -> list[Answer]:
    """The (form, field, label) facts in `wanted` that the case data holds, readable."""
    found = []
    for source, name, label in wanted:
        value = data.get(name)
        if value is None or value == "":
            continue
        prop = ((engine.plugin.forms.schema(source) or {}).get("properties") or {}).get(name, {})
        found.append(Answer(name, label, readable(prop, value)))
    return found
