"""Staff search the complaints they may see: reference, name, e-mail, words, handler, status and
period, with the visibility rules intact."""

import re

from .conftest import register, to_contact


def found(user, **args) -> list[str]:
    html = user.get("/klachten/", query_string=args).get_data(as_text=True)
    return sorted(set(re.findall(r">(KL-\d{4}-\d{4})</a>", html)))


def test_search_by_reference_name_email_words_handler_status_and_period(as_user, engine):
    jan = register(engine, service_employee="onbekend")
    fatima = register(
        engine,
        service_employee="onbekend",
        complainant_name="Fatima el Amrani",
        complainant_email="fatima@example.org",
        description="De factuur klopte niet en niemand belde terug.",
    )
    to_contact(engine, fatima, handler="henk")
    yasmin = as_user("yasmin")
    assert found(yasmin) == [jan, fatima]
    assert found(yasmin, q=fatima) == [fatima]
    assert found(yasmin, q="amrani") == [fatima]
    assert found(yasmin, q="fatima@example") == [fatima]
    assert found(yasmin, q="factuur terug") == [fatima]  # words, not one phrase
    assert found(yasmin, q="factuur teruggebeld") == []
    assert found(yasmin, afhandelaar="henk") == [fatima]
    assert found(yasmin, status="closed") == []
    assert found(yasmin, van="2026-11-30", tot="2026-11-30") == [jan, fatima]
    assert found(yasmin, tot="2026-11-29") == []
    page = yasmin.get("/klachten/").get_data(as_text=True)
    assert "Henk Jansen" in page and "Klacht-afhandelaar" in page  # the handler column


def test_search_never_shows_what_the_user_may_not_see(as_user, engine):
    own = register(engine, service_employee="onbekend", description="Wachttijd aan de telefoon.")
    shielded = register(
        engine,
        category="discriminatie",
        service_employee="onbekend",
        description="Wachttijd en een opmerking.",
    )
    assert found(as_user("henk"), q="Wachttijd") == []
    assert found(as_user("carla"), q="Wachttijd") == [own]  # registered both; the second is shielded
    assert found(as_user("yasmin"), q="Wachttijd") == [own, shielded]
