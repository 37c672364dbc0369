"""The complaint procedure (PROCEDURE.md steps 1-4) run through the engine with its diagram."""

from datetime import datetime

import pytest

from engine.errors import InvalidFormData, NotAllowed, NotFound
from process.calendar import AMSTERDAM

from .conftest import fresh_engine


def local(*parts):
    return datetime(*parts, tzinfo=AMSTERDAM)


def test_a_complaint_travels_every_step_with_two_unsatisfied_rounds(procedure, engine):
    ref = procedure.register()
    assert ref == "KL-2026-0001"
    assert procedure.ready(ref) == ["akkoord_klager"]

    procedure.do(ref, "akkoord_klager", "carla", approved=False, corrections="Datum klopt niet")
    procedure.do(ref, "registratie_corrigeren", "carla", **{**procedure.REGISTRATION, "description": "Nieuw"})
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    assert [e.details["message"] for e in procedure.events(ref, "message_sent")] == ["ontvangstbevestiging"]

    procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="yasmin")
    complaint = engine.instance(ref)
    assert complaint.data["handler_name"] == "Yasmin Asrafali"
    assert complaint.data["handler_function"] == "Relatiemanager"
    assert complaint.data["description"] == "Nieuw"

    procedure.do(
        ref,
        "contact_opnemen",
        "yasmin",
        contact_summary="Gebeld",
        outcome="afspraak",
        agreement="Nieuwe afspraak volgende week",
        agreed_term="2026-12-04",
    )
    procedure.do(ref, "afhandeling_rapporteren", "yasmin", resolution="Afspraak nagekomen")
    for round_ in (1, 2):
        procedure.do(
            ref,
            "tevredenheid_controleren",
            "carla",
            satisfied=False,
            satisfaction_remarks=f"Nog steeds niet goed ({round_})",
        )
        procedure.do(ref, "opnieuw_oplossen", "yasmin", re_resolution=f"Ronde {round_}")
    procedure.do(ref, "tevredenheid_controleren", "carla", satisfied=True)

    complaint = engine.instance(ref)
    assert complaint.status == "closed"
    assert complaint.tasks == []
    completed = [e.task for e in procedure.events(ref, "task_completed")]
    assert completed == [
        "akkoord_klager",
        "registratie_corrigeren",
        "akkoord_klager",
        "afhandelaar_bepalen",
        "contact_opnemen",
        "afhandeling_rapporteren",
        "tevredenheid_controleren",
        "opnieuw_oplossen",
        "tevredenheid_controleren",
        "opnieuw_oplossen",
        "tevredenheid_controleren",
    ]
    assert [e.details["message"] for e in procedure.events(ref, "message_sent")] == [
        "ontvangstbevestiging",
        "afsluitbevestiging",
    ]
    assert procedure.events(ref)[-1].event == "closed"


def test_staff_record_the_complainants_answer_on_their_behalf(procedure):
    ref = procedure.register()
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    approval = procedure.events(ref, "task_completed")[0]
    assert (approval.actor, approval.on_behalf_of) == ("carla", "klager")


def test_the_complainant_answers_through_their_link(procedure, engine):
    ref = procedure.register()
    engine.complete_task_as_complainant(procedure.task(ref, "akkoord_klager").id, {"approved": True})
    approval = procedure.events(ref, "task_completed")[0]
    assert (approval.actor, approval.on_behalf_of) == ("klager", None)
    with pytest.raises(NotAllowed):
        engine.complete_task_as_complainant(
            procedure.task(ref, "afhandelaar_bepalen").id, {"handler": "henk"}
        )


def test_contact_term_of_two_working_days_escalates_without_cancelling_the_handlers_task(procedure, engine):
    ref = procedure.register()  # Friday 27 November 2026, 10:00
    procedure.to_contact(ref)
    contact = procedure.task(ref, "contact_opnemen")
    assert contact.due == local(2026, 12, 1, 23, 59, 59)  # Friday + 2 working days = Tuesday
    assert contact.assignee == "yasmin"

    procedure.at(local(2026, 12, 1, 23, 59, 58))
    assert procedure.fire() == []
    procedure.at(local(2026, 12, 2, 0, 0, 1))
    fired = procedure.fire()
    assert [(f.reference, f.element) for f in fired] == [(ref, "termijn_contact")]
    assert procedure.ready(ref) == ["contact_opnemen", "escalatie_contact"]
    escalation = procedure.task(ref, "escalatie_contact")
    assert escalation.role == "relatiemanager"
    assert procedure.fire() == []  # fired once, never again

    procedure.do(ref, "escalatie_contact", "yasmin", escalation_action="Afhandelaar gebeld")
    procedure.do(ref, "contact_opnemen", "yasmin", contact_summary="Alsnog gebeld", outcome="opgelost")
    assert procedure.ready(ref) == ["afhandeling_rapporteren"]


def test_no_escalation_when_contact_was_in_time(procedure):
    ref = procedure.register()
    procedure.to_contact(ref)
    procedure.at(local(2026, 11, 30, 9, 0))
    procedure.do(ref, "contact_opnemen", "yasmin", contact_summary="Gebeld", outcome="opgelost")
    procedure.at(local(2026, 12, 10, 12, 0))
    procedure.fire()
    # No term agreed: the agreed-term timer ends at once, without escalating.
    assert [e.task for e in procedure.events(ref, "timer_fired")] == ["termijn_afspraak"]
    assert not {"escalatie_contact", "escalatie_afspraak"} & set(procedure.ready(ref))


def test_satisfaction_check_within_five_working_days_and_re_resolution_within_two(procedure):
    ref = procedure.register()
    procedure.to_satisfaction_check(ref)
    assert procedure.task(ref, "tevredenheid_controleren").due == local(2026, 12, 4, 23, 59, 59)
    procedure.at(local(2026, 12, 5, 9, 0))
    procedure.fire()
    assert procedure.ready(ref) == ["escalatie_tevredenheid", "tevredenheid_controleren"]

    procedure.do(ref, "tevredenheid_controleren", "carla", satisfied=False, satisfaction_remarks="Nee")
    # Saturday 5 December + 2 working days = Tuesday 8 December
    assert procedure.task(ref, "opnieuw_oplossen").due == local(2026, 12, 8, 23, 59, 59)
    procedure.at(local(2026, 12, 9, 0, 0, 1))
    procedure.fire()
    assert "escalatie_heroplossing" in procedure.ready(ref)


def test_a_procedure_change_is_followed_up_when_its_term_comes(procedure, engine):
    ref = procedure.register()
    procedure.to_satisfaction_check(
        ref,
        resolution="Werkinstructie aangepast",
        procedure_change=True,
        procedure_change_description="Terugbellen binnen 1 dag",
        procedure_change_term="2026-12-01",
    )
    procedure.at(local(2026, 12, 2, 0, 0, 1))  # the term (Tuesday 1 December) has ended
    procedure.fire()
    follow_up = procedure.task(ref, "procedurewijziging_opvolgen")
    assert follow_up.assignee == "yasmin"
    procedure.do(
        ref,
        "procedurewijziging_opvolgen",
        "yasmin",
        procedure_change_implemented=False,
        procedure_change_term="2026-12-05",
    )  # a Saturday: the term ends Monday 7th
    procedure.at(local(2026, 12, 7, 23, 0))
    procedure.fire()
    assert "procedurewijziging_opvolgen" not in procedure.ready(ref)
    procedure.at(local(2026, 12, 8, 0, 0, 1))
    procedure.fire()
    procedure.do(ref, "procedurewijziging_opvolgen", "yasmin", procedure_change_implemented=True)
    assert procedure.ready(ref) == ["escalatie_tevredenheid", "tevredenheid_controleren"]
    procedure.do(ref, "tevredenheid_controleren", "carla", satisfied=True)
    assert engine.instance(ref).status == "closed"
    assert engine.follow_ups("yasmin") == []  # implemented before the complaint closed


def test_the_handler_is_never_the_employee_who_delivered_the_service(procedure, engine):
    ref = procedure.register(service_employee="henk")
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    before = len(procedure.events(ref))
    with pytest.raises(InvalidFormData) as refused:
        procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="henk")
    assert "mag deze klacht daarom niet afhandelen" in refused.value.fields["handler"]
    assert procedure.ready(ref) == ["afhandelaar_bepalen"]
    assert len(procedure.events(ref)) == before
    with pytest.raises(InvalidFormData) as refused:
        procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="carla")
    assert "niet de rol klacht-afhandelaar" in refused.value.fields["handler"]


def test_only_the_lanes_role_or_the_assignee_may_complete_a_task(procedure):
    ref = procedure.register()
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    with pytest.raises(NotAllowed, match="relatiemanager"):
        procedure.do(ref, "afhandelaar_bepalen", "carla", handler="yasmin")
    with pytest.raises(NotFound):  # henk may not even see this complaint
        procedure.do(ref, "afhandelaar_bepalen", "henk", handler="yasmin")
    procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="yasmin")
    with pytest.raises(NotAllowed, match="toegewezen aan yasmin"):
        procedure.do(ref, "contact_opnemen", "carla", contact_summary="x", outcome="opgelost")
    with pytest.raises(NotAllowed):
        procedure.register(actor="henk")


def test_invalid_form_data_is_refused_with_a_message_per_field(procedure, engine):
    with pytest.raises(InvalidFormData) as refused:
        engine.start(
            "klachtafhandeling",
            "carla",
            {
                "complainant_name": "",
                "complainant_email": "geen-adres",
                "description": "x",
                "channel": "fax",
                "category": "dienstverlening",
                "shoe_size": 44,
            },
        )
    assert refused.value.fields == {
        "complainant_name": "Dit veld is verplicht.",
        "complainant_email": "Dit is geen geldig e-mailadres.",
        "channel": "Kies een van de mogelijkheden: telefoon, e-mail, persoonlijk, brief, website.",
        "shoe_size": "Dit veld hoort niet bij dit formulier.",
    }
    with pytest.raises(InvalidFormData) as refused:
        engine.start(
            "klachtafhandeling",
            "carla",
            {**procedure.REGISTRATION, "complainant_email": "", "complainant_phone": ""},
        )
    assert refused.value.fields["complainant_email"] == "Vul een e-mailadres of een telefoonnummer in."
    assert engine.instances("klachtafhandeling") == []

    ref = procedure.register()
    with pytest.raises(InvalidFormData) as refused:
        procedure.do(ref, "akkoord_klager", "carla", approved="misschien")
    assert refused.value.fields == {"approved": "Kies ja of nee."}


def test_state_survives_a_new_process(procedure, db_url):
    ref = procedure.register()
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    procedure.engine.db.dispose()

    later = fresh_engine(db_url)
    again = type(procedure)(later)
    again.do(ref, "afhandelaar_bepalen", "yasmin", handler="yasmin")
    assert again.ready(ref) == ["contact_opnemen"]
    later.db.dispose()


def test_a_cancelled_complaint_has_no_open_tasks_and_says_why(procedure, engine):
    ref = procedure.register()
    with pytest.raises(NotAllowed):
        engine.cancel(ref, "carla", "dubbel")
    complaint = engine.cancel(ref, "yasmin", "Dubbel geregistreerd")
    assert (complaint.status, complaint.tasks) == ("cancelled", [])
    assert procedure.events(ref, "cancelled")[0].details == {"reason": "Dubbel geregistreerd"}


def test_discrimination_complaints_are_seen_only_by_relationship_manager_handler_and_auditor(
    procedure, engine
):
    ref = procedure.register(category="discriminatie", service_employee="pieter")
    assert engine.tasks(login="carla") == []
    with pytest.raises(NotFound):
        engine.instance(ref, viewer="carla")
    assert engine.instance(ref, viewer="anna").reference == ref
    procedure.do(ref, "akkoord_klager", "yasmin", approved=True)
    procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="henk")
    assert [t.bpmn_id for t in engine.tasks(login="henk")] == ["contact_opnemen"]
    assert engine.instance(ref, viewer="henk").reference == ref

    other = procedure.register(service_employee="onbekend")
    with pytest.raises(NotFound):
        engine.instance(other, viewer="henk")
    assert engine.instance(other, viewer="carla").reference == other


def test_group_tasks_are_claimed_and_released(procedure, engine):
    ref = procedure.register()
    task = procedure.task(ref, "akkoord_klager")
    assert engine.inbox("yasmin", scope="roles").total == 1
    engine.claim(task.id, "yasmin")
    assert engine.inbox("yasmin").counts == {"mine": 1, "roles": 0, "overdue": 0}
    with pytest.raises(NotAllowed, match="toegewezen aan yasmin"):
        engine.complete_task(task.id, "carla", {"approved": True})
    with pytest.raises(NotAllowed):
        engine.release(task.id, "carla")
    engine.release(task.id, "yasmin")
    engine.complete_task(task.id, "carla", {"approved": True})
    assert [e.event for e in procedure.events(ref) if e.event.startswith("task_")][:4] == [
        "task_created",
        "task_claimed",
        "task_released",
        "task_completed",
    ]
