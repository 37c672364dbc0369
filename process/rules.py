"""Rules of the procedure checked when a form is submitted, beyond what its schema says, and who
may act in a complaint at all."""

from . import service_employee
from .service_employee import NOT_RECORDED, is_service_employee

HANDLER_ROLE = "afhandelaar"
# The only step the service employee may take in their own complaint: registering it (they may
# have taken the call). Everything after it is someone else's.
REGISTRATION = "klacht_ontvangen"
OWN_COMPLAINT = (
    "Je verleende de dienst waarover deze klacht gaat. Volgens de klachtenprocedure mag je deze "
    "klacht alleen registreren: goedkeuren of antwoorden namens de klager, de afhandelaar bepalen, "
    "afhandelen, alsnog oplossen of afsluiten doet een collega."
)


def assign_handler(data: dict, case: dict, find_user) -> tuple[dict, dict]:
    """The handler must be an active handler and never the employee who delivered the service;
    that employee must be known (a staff member, or explicitly 'onbekend') before one is chosen.

    Records the handler's name and function on the complaint form, as the procedure demands.
    """
    errors, recorded = service_employee.identify(data, find_user)
    if errors:
        return errors, {}
    case = {**case, **recorded}
    if service_employee.recorded(case) is None:
        return {"service_employee": NOT_RECORDED}, {}
    login = data["handler"]
    user = find_user(login)
    if user is None or not user["active"]:
        return {"handler": f"'{login}' is geen actieve gebruiker."}, {}
    if HANDLER_ROLE not in user["roles"]:
        return {"handler": f"{user['name']} heeft niet de rol klacht-afhandelaar."}, {}
    if is_service_employee(case, user["login"]):
        return {
            "handler": f"{user['name']} verleende de dienst waarover de klacht gaat en mag deze "
            "klacht daarom niet afhandelen. Kies een andere afhandelaar."
        }, {}
    name, function = user["name"].strip(), (user["function"] or "").strip()
    if not name or not function:
        return {
            "handler": f"Van '{login}' zijn naam of functie niet bekend; die moeten op het "
            "klachtenformulier staan. Laat de beheerder ze eerst invullen."
        }, {}
    return {}, {**recorded, "handler_name": name, "handler_function": function}


def register(data: dict, case: dict, find_user) -> tuple[dict, dict]:
    """Registration and its correction: the service employee recorded as a person; changing it
    re-checks the handler already chosen."""
    errors, recorded = service_employee.identify(data, find_user)
    if errors:
        return errors, {}
    if case.get("handler") and is_service_employee({**case, **recorded}, case["handler"]):
        return {
            "service_employee": "Deze medewerker is de afhandelaar van deze klacht. Wijs eerst een "
            "andere afhandelaar toe."
        }, {}
    return {}, recorded


COMPLETION_RULES = {"toewijzing": assign_handler, "registratie": register}


def acting_refusal(step: str, case: dict, login: str | None) -> str | None:
    """Why `login` may not take `step` (a BPMN id) in this complaint, or None when they may:
    the service employee never acts in their own complaint beyond registering it."""
    if step != REGISTRATION and is_service_employee(case, login):
        return OWN_COMPLAINT
    return None


def barred(case: dict) -> set[str]:
    """The logins never offered a task of this complaint."""
    login = service_employee.recorded(case)
    return {login} if login and login != service_employee.UNKNOWN else set()


def eligible_handlers(users, case: dict) -> list:
    """Users who may handle this complaint: active handlers, never the service employee."""
    return [
        user
        for user in users
        if user.active and HANDLER_ROLE in user.roles and not is_service_employee(case, user.login)
    ]
