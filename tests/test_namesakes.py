"""Privacy requests by name never take a namesake (issue 16.4): "Piet Puk" with two e-mail
addresses had his export hold the other man's complaint, and erasure wiped both."""

import io
import json
import zipfile

import pytest

from engine.errors import EngineError
from engine.privacy_subjects import AmbiguousPerson

from .test_cli import Klacht


def two_piets(procedure):
    mine = procedure.register(complainant_name="Piet Puk", complainant_email="piet@example.org")
    other = procedure.register(complainant_name="Piet Puk", complainant_email="p.puk@elders.example.org")
    return mine, other


def test_a_name_of_two_people_is_refused_until_one_is_chosen(procedure, engine):
    mine, other = two_piets(procedure)
    for act in (engine.subject_access, engine.erase_subject):
        with pytest.raises(AmbiguousPerson) as refused:
            act("Piet Puk", "bram")
        assert "piet@example.org: " + mine in refused.value.message and other in refused.value.message
    assert engine.instance(other).data["complainant_name"] == "Piet Puk"  # nothing erased

    archive = zipfile.ZipFile(io.BytesIO(engine.subject_access("Piet Puk", "bram", [mine])))
    assert {name.split("/")[0] for name in archive.namelist() if "/" in name} == {mine}
    assert engine.erase_subject("Piet Puk", "bram", [mine]) == [mine]
    assert engine.instance(other).data["complainant_name"] == "Piet Puk"
    with pytest.raises(EngineError, match="Kies een of meer klachten"):
        engine.erase_subject("Piet Puk", "bram", ["KL-2099-0001"])


def test_by_e_mail_stays_exact_and_one_persons_name_still_works(procedure, engine):
    mine, other = two_piets(procedure)
    archive = zipfile.ZipFile(io.BytesIO(engine.subject_access("piet@example.org", "bram")))
    [exported] = [n for n in archive.namelist() if n.endswith("klacht.json")]
    assert json.loads(archive.read(exported))["data"]["complainant_email"] == "piet@example.org"
    alone = procedure.register(complainant_name="Kees Enkel", complainant_email="kees@example.org")
    procedure.register(complainant_name="Kees Enkel", complainant_email="Kees@Example.org")  # same mailbox
    assert len(engine.subjects("Kees Enkel")) == 2 and alone in engine.subjects("Kees Enkel")


def test_the_command_line_asks_for_a_choice_with_status_2(db_url, tmp_path):
    klacht = Klacht(db_url, tmp_path)
    klacht.run("init", "--demo")
    refs = []
    for email in ("piet@example.org", "p.puk@elders.example.org"):
        data = {
            "complainant_name": "Piet Puk",
            "complainant_email": email,
            "description": "Niet teruggebeld",
            "channel": "telefoon",
            "category": "dienstverlening",
        }
        refs.append(
            klacht.json("complaints", "start", "--as", "carla", "--data", json.dumps(data))["reference"]
        )
    refused = klacht.run("privacy", "erase", "Piet Puk", expect=2)
    assert "meer dan één persoon" in refused.stderr and "Traceback" not in refused.stderr
    assert klacht.json("privacy", "erase", "Piet Puk", "--complaint", refs[0]) == {"erased": [refs[0]]}
    assert klacht.json("complaints", "show", refs[1])["data"]["complainant_name"] == "Piet Puk"
