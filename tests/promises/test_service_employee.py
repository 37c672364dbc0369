"""The service employee is a person (stored by login, matched by identity, never by spelling) and
is settled before a handler is chosen, on every path that records a complaint."""

import pytest

from engine.errors import InvalidFormData
from process import rules
from process.service_employee import NOT_RECORDED


@pytest.mark.parametrize(
    "given",
    [
        {"service_employee": "HENK"},
        {"service_employee": "Henk Jansen"},
        {"service_employee": "  henk   JANSEN "},
        {"service_employee": "onbekend", "service_employee_name": "Henk  Jansen"},
    ],
)
def test_every_spelling_of_henk_is_henk_and_he_cannot_handle(procedure, engine, given):
    ref = procedure.register(**given)
    assert engine.instance(ref).data["service_employee"] == "henk"
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    with pytest.raises(InvalidFormData) as refused:
        procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="henk")
    assert "verleende de dienst" in refused.value.fields["handler"]


def test_a_name_that_is_no_staff_member_is_refused_unless_recorded_as_onbekend(procedure, engine):
    with pytest.raises(InvalidFormData) as refused:
        procedure.register(service_employee="Henk J.")
    assert "geen medewerker" in refused.value.fields["service_employee"]
    ref = procedure.register(service_employee="onbekend", service_employee_name="Henk J. van de buren")
    data = engine.instance(ref).data
    assert (data["service_employee"], data["service_employee_name"]) == ("onbekend", "Henk J. van de buren")


def test_a_public_complaint_asks_for_the_service_employee_at_assignment(procedure, engine):
    public = {k: v for k, v in procedure.REGISTRATION.items() if k != "service_employee"}
    filed = {**public, "description": "Henk belde niet terug"}
    ref = engine.start_by_complainant("klachtafhandeling", filed).reference
    procedure.do(ref, "akkoord_klager", "yasmin", approved=True)
    with pytest.raises(InvalidFormData) as asked:
        procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="henk")
    assert asked.value.fields == {"service_employee": NOT_RECORDED}
    with pytest.raises(InvalidFormData) as refused:
        procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="henk", service_employee="Henk Jansen")
    assert "verleende de dienst" in refused.value.fields["handler"]
    procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="yasmin", service_employee="henk")
    data = engine.instance(ref).data
    assert (data["service_employee"], data["handler"], data["handler_function"]) == (
        "henk",
        "yasmin",
        "Relatiemanager",
    )


def test_onbekend_at_assignment_lets_any_handler_be_chosen(procedure, engine):
    ref = procedure.register(service_employee="")
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="henk", service_employee="onbekend")
    assert engine.instance(ref).data["handler"] == "henk"


def test_changing_the_service_employee_rechecks_the_handler():
    find = _Staff({"henk": "Henk Jansen"})
    errors, _ = rules.register({"service_employee": "henk"}, {"handler": "henk"}, find)
    assert "afhandelaar van deze klacht" in errors["service_employee"]
    assert rules.register({"service_employee": "henk"}, {"handler": "yasmin"}, find) == (
        {},
        {"service_employee": "henk", "service_employee_name": "Henk Jansen"},
    )


def test_the_handlers_name_and_function_are_never_recorded_empty():
    find = _Staff({"piet": "Piet Leeg"}, function=" ")
    errors, extra = rules.assign_handler({"handler": "piet"}, {"service_employee": "onbekend"}, find)
    assert "naam of functie" in errors["handler"] and extra == {}


class _Staff:
    """The engine's staff lookup, for rules tested without a database."""

    def __init__(self, names, function="Medewerker"):
        self.users = {
            login: {
                "login": login,
                "name": name,
                "function": function,
                "roles": ("afhandelaar",),
                "active": True,
            }
            for login, name in names.items()
        }

    def __call__(self, login):
        return self.users.get(login)

    def matching(self, text):
        folded = " ".join(text.split()).casefold()
        return [u for u in self.users.values() if folded in (u["login"], u["name"].casefold())]
