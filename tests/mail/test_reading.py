"""Reading messages: text only, whatever the charset or the encoding of the headers."""

from engine.mail_reading import read_mail
from engine.mail_text import html_to_text

from .messages import PDF, auto_reply, bounce, latin1_mail, mail, malformed_mail, windows1252_8bit_mail


def test_a_multipart_mail_gives_its_plain_text_and_attachment():
    read = read_mail(
        mail(
            text="Platte tekst.",
            html="<p>HTML-tekst</p>",
            attachments=[("brief.pdf", "application/pdf", PDF)],
        )
    )
    assert (read.sender, read.sender_name, read.message_id) == (
        "piet@example.org",
        "Piet Puk",
        "m1@mail.example.org",
    )
    assert read.text == "Platte tekst."
    assert [(a.filename, a.content_type, a.data) for a in read.attachments] == [
        ("brief.pdf", "application/pdf", PDF)
    ]
    assert read.machine is None


def test_html_only_mail_becomes_text_without_markup_scripts_or_remote_content():
    html = (
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
        "<p>Geachte heer,</p><p>Mijn <b>klacht</b> &amp; meer.<img src='https://tracker.example/p.gif'></p>"
        "<table><tr><td>a</td><td>b</td></tr></table></body></html>"
    )
    read = read_mail(mail(text=None, html=html))
    assert read.text == "Geachte heer,\n\nMijn klacht & meer.\n\na b"
    assert "<" not in read.text and "alert" not in read.text and "tracker" not in read.text


def test_non_utf8_charsets_and_encoded_headers_are_decoded():
    latin = read_mail(latin1_mail())
    assert (latin.sender_name, latin.subject) == ("José Müller", "Klacht over de café")
    assert latin.text == "De koffie in het café was koud, naïef van mij."
    windows = read_mail(windows1252_8bit_mail())
    assert windows.subject == "Klacht: € 50 te veel betaald"
    assert windows.text == "Ik betaalde € 50 te veel – “onterecht”."
    assert [a.filename for a in windows.attachments] == ["factuur €50.pdf"]


def test_a_malformed_message_gives_what_can_be_read_and_says_so():
    read = read_mail(malformed_mail())
    assert read.sender == "kapot@example.org"
    assert "kapot" in read.subject
    assert read.problems  # the person handling it sees that something was off
    assert read.message_id is None


def test_auto_replies_and_bounces_are_recognised():
    assert read_mail(auto_reply()).machine == "auto-reply"
    assert read_mail(bounce()).machine == "bounce"
    assert read_mail(mail(Precedence="bulk")).machine == "auto-reply"
    assert read_mail(mail(X_Autoreply="yes")).machine == "auto-reply"
    assert read_mail(mail(Auto_Submitted="no")).machine is None


def test_html_to_text_survives_broken_markup():
    assert html_to_text("<p>open <b>nooit gesloten <div") == "open nooit gesloten"
