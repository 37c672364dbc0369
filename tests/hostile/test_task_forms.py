"""Every task form of the procedure, on the staff task page (/taken/<id>) and on the complainant's
personal link (/link/<token>, with an optional document): hostile answers never give a 500; a
refusal says in Dutch what is wrong and shows the answers back escaped; accepted answers are
stored as given and shown escaped wherever the complaint is shown."""

import io

from hypothesis import event, given
from hypothesis import strategies as st

from .conftest import REGISTRATION
from .pages import FORMS, assert_stored, complainant_pages_show_escaped, staff_pages_show_escaped
from .payloads import (
    ATTACKS,
    escaped_everywhere,
    fast,
    hostile_text,
    html_refusal,
    huge_text,
    marked,
    no_server_error,
)

# The way to each task through the engine (fast), and the answers that move a complaint on.
ROUTE = (
    ("akkoord_klager", "carla", {"approved": True}),
    ("afhandelaar_bepalen", "yasmin", {"handler": "yasmin"}),
    ("contact_opnemen", "yasmin", {"contact_summary": "Gebeld.", "outcome": "opgelost"}),
    ("afhandeling_rapporteren", "yasmin", {"resolution": "Opgelost.", "procedure_change": False}),
    ("tevredenheid_controleren", "carla", {"satisfied": False, "satisfaction_remarks": "Nee."}),
    ("opnieuw_oplossen", "yasmin", {"re_resolution": "Nogmaals opgelost."}),
)
# Task answers show on the complaint page, the open tasks and the audit history.
TASK_PAGES = frozenset({"complaint", "tasks", "history"})
STAGES = [step for step, _actor, _data in ROUTE] + ["registratie_corrigeren"]
STAFF = ("carla", "yasmin", "henk")


def task_at(engine, stage: str):
    """A new complaint with `stage` as its ready task."""
    reference = engine.start("klachtafhandeling", "carla", dict(REGISTRATION)).reference
    if stage == "registratie_corrigeren":
        _do(engine, reference, "akkoord_klager", "carla", {"approved": False, "corrections": "Anders."})
    else:
        for step, actor, data in ROUTE:
            if step == stage:
                break
            _do(engine, reference, step, actor, data)
    return next(t for t in engine.tasks(reference=reference) if t.bpmn_id == stage)


def schema_of(task) -> dict:
    return FORMS.schema(task.form)


def _do(engine, reference, step, actor, data):
    task = next(t for t in engine.tasks(reference=reference) if t.bpmn_id == step)
    engine.complete_task(task.id, actor, data)


def actor_of(engine, task) -> str:
    return next(login for login in STAFF if task.id in {t.id for t in engine.tasks(login=login)})


# Answers each form accepts (as a browser sends them); the hostile ones replace some of them.
VALID = {
    "akkoord": {"approved": "ja", "corrections": "Geen."},
    "registratie": {**REGISTRATION},
    "toewijzing": {"handler": "yasmin", "assignment_note": "Graag snel."},
    "contact": {
        "contact_summary": "Gebeld.",
        "outcome": "afspraak",
        "agreement": "Bellen.",
        "agreed_term": "2026-12-15",
    },
    "rapportage": {"resolution": "Opgelost.", "procedure_change": "nee"},
    "tevredenheid": {"satisfied": "nee", "satisfaction_remarks": "Nog niet."},
    "heroplossing": {"re_resolution": "Nogmaals opgelost."},
}


@st.composite
def answers(draw, form_key: str):
    """Valid answers to the form with one or two of them hostile (or left out)."""
    schema = FORMS.schema(form_key)
    form = dict(VALID[form_key])
    names = sorted(schema["properties"])
    for name in dict.fromkeys(draw(st.lists(st.sampled_from(names), min_size=1, max_size=2))):
        how = draw(st.sampled_from(("hostile",) * 5 + ("huge", "absent", "boolean")))
        if how == "hostile":
            form[name] = draw(marked(hostile_text()))
        elif how == "huge":
            form[name] = draw(huge_text(schema["properties"][name].get("maxLength", 64)))
        elif how == "absent":
            form.pop(name, None)
        else:
            form[name] = draw(st.sampled_from(("ja", "nee", "true", "1", "", "JA ")))
    return form


def free_text(form_key: str, form: dict) -> list[str]:
    """The accepted free-text answers (the complaint page shows them in full)."""
    props = FORMS.schema(form_key)["properties"]
    return [
        value.strip()
        for name, value in form.items()
        if props[name].get("type") == "string"
        and not {"enum", "format", "x-widget"} & set(props[name])
        and value.strip()
    ]


def typed(schema: dict, form: dict) -> dict:
    """The answers as the engine gets them: ja/nee as booleans, the rest as text."""
    kinds = {name: prop.get("type") for name, prop in schema["properties"].items()}
    return {
        name: {"ja": True, "nee": False}.get(value, value) if kinds[name] == "boolean" else value
        for name, value in form.items()
    }


def check_task_answer(response, engine, task, form, what):
    """Refused (nothing stored, Dutch message, answers escaped) or stored as given."""
    no_server_error(response, what)
    event(f"{what}: {response.status_code}")
    if response.status_code == 400:
        escaped_everywhere(html_refusal(response, what), *form.values(), what=what)
        assert engine.task(task.id).state == "ready"
        return False
    assert engine.task(task.id).state == "completed", (what, response.status_code)
    assert_stored(engine, task.reference, task.form, typed(schema_of(task), form))
    return True


@fast(10)
@given(data=st.data())
def test_task_forms_on_the_task_page(open_app, engine, staff, anonymous, data):
    stage = data.draw(st.sampled_from(STAGES), label="stage")
    task = task_at(engine, stage)
    form = data.draw(answers(task.form), label="answers")
    user = staff(actor_of(engine, task))
    response = user.post(f"/taken/{task.id}", form)
    if check_task_answer(response, engine, task, form, f"task page {stage}"):
        assert response.status_code == 302
        staff_pages_show_escaped(
            engine, staff, task.reference, list(form.values()), free_text(task.form, form), TASK_PAGES
        )
        complainant_pages_show_escaped(open_app, engine, anonymous(), task.reference, list(form.values()))


DOCUMENT = st.one_of(
    st.none(),
    st.tuples(marked(hostile_text()).map(lambda name: name + ".txt"), st.just(b"Een brief.")),
    st.tuples(st.sampled_from(ATTACKS), st.sampled_from((b"", b"%PDF", b"\x00" * 5))),
)


@fast(8)
@given(data=st.data(), document=DOCUMENT)
def test_the_complainant_answers_through_a_personal_link(open_app, engine, staff, anonymous, data, document):
    stage = data.draw(st.sampled_from(("akkoord_klager", "tevredenheid_controleren")), label="stage")
    task = task_at(engine, stage)
    form = data.draw(answers(task.form), label="answers")
    visitor = anonymous()
    link = f"/link/{open_app.extensions['klacht_links'].task_token(task.id, task.form)}"
    sent = dict(form)
    if document is not None:
        sent["document"] = (io.BytesIO(document[1]), document[0])
    response = visitor.post(link, sent, content_type="multipart/form-data")
    values = [*form.values(), *(document[:1] if document else ())]
    if response.status_code == 400 and engine.task(task.id).state == "ready":
        escaped_everywhere(html_refusal(response, "personal link"), *values)
        return
    if check_task_answer(response, engine, task, form, f"personal link {stage}"):
        assert response.status_code == 200
        escaped_everywhere(response.get_data(as_text=True), *values, what="thanks page")
        staff_pages_show_escaped(
            engine, staff, task.reference, values, free_text(task.form, form), TASK_PAGES
        )
        complainant_pages_show_escaped(open_app, engine, visitor, task.reference, values)
