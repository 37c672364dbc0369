"""The registration form, as staff fill it in (/klachten/nieuw) and as the complainant does on the
website (/klacht-indienen, with an optional document): whatever is sent, never a 500; a refusal
names the problem in Dutch and shows the sent values back escaped; what is accepted is stored as
given and every page that shows it shows it escaped."""

import io

from hypothesis import event, given
from hypothesis import strategies as st

from webforms.complaint_forms import PUBLIC_HIDDEN

from .conftest import REGISTRATION
from .pages import FORMS, assert_stored, complainant_pages_show_escaped, staff_pages_show_escaped
from .payloads import (
    ATTACKS,
    escaped_everywhere,
    fast,
    hostile_text,
    html_refusal,
    huge_text,
    mark,
    marked,
    no_server_error,
)

SCHEMA = FORMS.schema("registratie")
LIMITS = {name: prop.get("maxLength", 100) for name, prop in SCHEMA["properties"].items()}
# Text fields shown in full on the complaint page and the complainant's task page.
SHOWN_IN_FULL = ("complainant_name", "description")


# An address the form accepts (no spaces, one @, a dot after it) with markup in it.
HOSTILE_EMAIL = st.tuples(
    st.sampled_from([a for a in ATTACKS if not any(c.isspace() or c == "@" for c in a)] or ["x"]),
    st.sampled_from(("example.org", "x.nl", "a.b")),
).map(lambda parts: f"{mark()}{parts[0]}@{parts[1]}")


@st.composite
def registrations(draw, public=False):
    """The valid registration with one or two answers replaced by hostile ones (or left out)."""
    form = {k: v for k, v in REGISTRATION.items() if not (public and k in PUBLIC_HIDDEN)}
    # Free text is where hostile text is accepted, so it is chosen more often than the rest.
    names = sorted(form) + [*SHOWN_IN_FULL] * 3
    for name in dict.fromkeys(draw(st.lists(st.sampled_from(names), min_size=1, max_size=2))):
        how = draw(st.sampled_from(("hostile",) * 6 + ("huge", "absent", "blank")))
        if how == "hostile" and name == "complainant_email":
            form[name] = draw(HOSTILE_EMAIL)
        elif how == "hostile":
            form[name] = draw(marked(hostile_text()))
        elif how == "huge":
            form[name] = draw(huge_text(LIMITS[name]))
        elif how == "absent":
            del form[name]
        else:
            form[name] = draw(st.sampled_from(("", " ", "\t\r\n", "\u00a0")))
    return form


def check_answer(response, engine, sent: dict, what: str) -> str | None:
    """The reference of an accepted registration (stored as given), or None after a refusal."""
    no_server_error(response, what)
    values = list(sent.values())
    event(f"{what}: {response.status_code}")
    if response.status_code == 400:
        escaped_everywhere(html_refusal(response, what), *values, what=what)
        return None
    assert response.status_code == 302, (what, response.status_code)
    reference = engine.instances("klachtafhandeling")[-1].reference
    assert_stored(engine, reference, "registratie", sent)
    return reference


@fast(18)
@given(form=registrations())
def test_staff_registration(open_app, engine, staff, anonymous, form):
    carla = staff("carla")
    before = len(engine.instances("klachtafhandeling"))
    reference = check_answer(carla.post("/klachten/nieuw", form), engine, form, "staff registration")
    if reference is None:
        assert len(engine.instances("klachtafhandeling")) == before  # nothing half-stored
        return
    full = [form[name].strip() for name in SHOWN_IN_FULL if name in form]
    staff_pages_show_escaped(engine, staff, reference, list(form.values()), full)
    complainant_pages_show_escaped(open_app, engine, anonymous(), reference, list(form.values()), full)


DOCUMENTS = st.one_of(
    st.none(),
    st.tuples(marked(hostile_text()).map(lambda name: name + ".txt"), st.just(b"Een brief.")),
    st.tuples(
        st.one_of(marked(hostile_text()), st.sampled_from(ATTACKS).map(lambda a: a + ".txt")),
        st.sampled_from((b"Een brief.", b"%PDF-1.4 x", b"", b"\x00\xff" * 10, b"<script>alert(1)</script>")),
    ),
)


@fast(14)
@given(form=registrations(public=True), document=DOCUMENTS, bot=st.booleans())
def test_public_registration(open_app, engine, staff, anonymous, form, document, bot):
    visitor = anonymous()
    sent = dict(form)
    if bot:
        sent["website"] = "http://spam.example/"  # the honeypot: accepted without a complaint
    if document is not None:
        sent["document"] = (io.BytesIO(document[1]), document[0])
    before = len(engine.instances("klachtafhandeling"))
    response = visitor.post("/klacht-indienen", sent, content_type="multipart/form-data")
    no_server_error(response, "public registration")
    event(f"public registration: {response.status_code}")
    if bot:  # thanked (or refused, for a NUL character), never registered
        assert response.status_code in (200, 400) and len(engine.instances("klachtafhandeling")) == before
        return
    if document is not None:
        form_values = [*form.values(), document[0]]
    else:
        form_values = list(form.values())
    if response.status_code == 400:
        escaped_everywhere(html_refusal(response, "public registration"), *form_values)
        assert len(engine.instances("klachtafhandeling")) == before
        return
    assert response.status_code == 302 and response.location.endswith("/klacht-ontvangen")
    received = visitor.get(response.location)
    no_server_error(received, "received page")
    escaped_everywhere(received.get_data(as_text=True), *form_values, what="received page")
    reference = engine.instances("klachtafhandeling")[-1].reference
    assert_stored(engine, reference, "registratie", form)
    for line in engine.documents(reference, "yasmin"):
        assert not set(line.filename) & set("<>&\"'/\\"), line.filename  # a safe name is stored
    full = [form[name].strip() for name in SHOWN_IN_FULL if name in form]
    staff_pages_show_escaped(engine, staff, reference, form_values, full)
    complainant_pages_show_escaped(open_app, engine, visitor, reference, form_values, full)
