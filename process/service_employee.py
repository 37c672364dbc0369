"""The service employee: the staff member who delivered the service a complaint is about.

Recorded as a person, never as a spelling: `service_employee` holds the login of a staff member,
or UNKNOWN when it is no staff member (or nobody knows who), with the name, when known, in
`service_employee_name`. Absent or empty means "not recorded yet" (a complaint from the public
form), which the relationship manager must settle before a handler can be chosen.
"""

UNKNOWN = "onbekend"
NOT_RECORDED = (
    "Leg eerst vast welke medewerker de dienst verleende, of kies 'onbekend' als het geen "
    "medewerker is of niemand het weet. Pas daarna kan een afhandelaar worden gekozen."
)


def recorded(case: dict) -> str | None:
    """The login of the service employee, UNKNOWN, or None when nothing was recorded yet."""
    value = (case.get("service_employee") or "").strip()
    return value or None


def is_service_employee(case: dict, login: str | None) -> bool:
    """Whether `login` delivered the service this complaint is about (by identity)."""
    value = recorded(case)
    return bool(login) and value not in (None, UNKNOWN) and value == login


def identify(data: dict, staff) -> tuple[dict, dict]:
    """(field errors, the fields to record) for the service employee given in `data`.

    `staff(login)` gives a user's facts, `staff.matching(text)` the users whose login (in any
    case) or full name (in any case and spacing) is `text`. A value that names exactly one staff
    member is recorded as that member's login, also when it came as "onbekend" with that name:
    "HENK", "Henk Jansen" and "onbekend, Henk Jansen" are all henk. Anything else is refused.
    """
    value = (data.get("service_employee") or "").strip()
    name = " ".join((data.get("service_employee_name") or "").split())
    if not value:
        return {}, {}
    if value.casefold() == UNKNOWN:
        found = staff.matching(name) if name else []
        if len(found) == 1:
            return {}, {"service_employee": found[0]["login"], "service_employee_name": found[0]["name"]}
        return {}, {"service_employee": UNKNOWN, **({"service_employee_name": name} if name else {})}
    user = staff(value)
    found = [user] if user is not None else staff.matching(value)
    if len(found) == 1:
        return {}, {"service_employee": found[0]["login"], "service_employee_name": found[0]["name"]}
    if found:
        message = f"'{value}' past bij meer dan één medewerker. Kies de medewerker uit de lijst."
    else:
        message = (
            f"'{value}' is geen medewerker. Kies de medewerker uit de lijst, of kies 'onbekend' "
            "en vul de naam in als het geen medewerker is."
        )
    return {"service_employee": message}, {}
