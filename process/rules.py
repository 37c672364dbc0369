"""Rules of the procedure checked when a form is submitted, beyond what its schema says."""

HANDLER_ROLE = "afhandelaar"


def assign_handler(data: dict, case: dict, find_user) -> tuple[dict, dict]:
    """The handler must be an active handler and never the employee who delivered the service.

    Records the handler's name and function on the complaint form, as the procedure demands.
    """
    login = data["handler"]
    user = find_user(login)
    if user is None or not user["active"]:
        return {"handler": f"'{login}' is geen actieve gebruiker."}, {}
    if HANDLER_ROLE not in user["roles"]:
        return {"handler": f"{user['name']} heeft niet de rol klacht-afhandelaar."}, {}
    if login == case.get("service_employee"):
        return {
            "handler": f"{user['name']} verleende de dienst waarover de klacht gaat en mag deze "
            "klacht daarom niet afhandelen. Kies een andere afhandelaar."
        }, {}
    return {}, {"handler_name": user["name"], "handler_function": user["function"]}


COMPLETION_RULES = {"toewijzing": assign_handler}


def eligible_handlers(users, case: dict) -> list:
    """Users who may handle this complaint: active handlers, never the service employee."""
    return [
        user
        for user in users
        if user.active and HANDLER_ROLE in user.roles and user.login != case.get("service_employee")
    ]
