"""The modeler's check names the step of the procedure a new version breaks (issue 14)."""

from ..diagrams import changed
from ..test_procedure_contract import PREFIX
from .test_pages import Owner


def test_the_modeler_check_points_at_the_broken_step(as_user):
    pieter = Owner(as_user("pieter"))
    answer = pieter.send("/procesbeheer/controleren", changed(b'value="akkoord"', b'value="registratie"'))
    assert answer.get_json() == {
        "problems": [
            {
                "element": "akkoord_klager",
                "message": PREFIX + "de goedkeuring door de klager moet het formulier 'akkoord' gebruiken",
            }
        ]
    }
