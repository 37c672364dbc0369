"""Step 5: the quarterly report and analysis process starts itself at each quarter's first moment."""

from datetime import datetime

from process.calendar import AMSTERDAM


def local(*parts):
    return datetime(*parts, tzinfo=AMSTERDAM)


def quarterly(engine):
    return engine.instances("kwartaalrapportage")


def test_the_analysis_starts_at_the_first_moment_of_the_quarter(procedure, engine):
    procedure.at(local(2026, 12, 31, 23, 59, 59))
    assert procedure.fire() == []
    assert quarterly(engine) == []

    procedure.at(local(2027, 1, 1, 0, 0, 0))
    fired = procedure.fire()
    assert [(f.event, f.reference, f.due) for f in fired] == [
        ("process_started", "KW-2027-0001", local(2027, 1, 1))
    ]
    report = engine.instance("KW-2027-0001")
    assert report.data["quarter"] == "2026Q4"
    [analysis] = report.tasks
    assert (analysis.bpmn_id, analysis.role, analysis.form) == (
        "analyse_opstellen",
        "relatiemanager",
        "analyse",
    )
    assert [t.bpmn_id for t in engine.tasks(login="yasmin") if t.reference == "KW-2027-0001"] == [
        "analyse_opstellen"
    ]

    procedure.at(local(2027, 1, 1, 0, 5))
    assert procedure.fire() == []  # exactly once


def test_quarters_missed_while_nothing_ran_each_start_once(procedure, engine):
    procedure.at(local(2027, 7, 1, 12, 0))  # down since November: Q1 and Q3 starts were missed
    fired = procedure.fire()
    assert [f.due for f in fired] == [local(2027, 1, 1), local(2027, 4, 1), local(2027, 7, 1)]
    assert [i.data["quarter"] for i in quarterly(engine)] == ["2026Q4", "2027Q1", "2027Q2"]
    assert procedure.fire() == []


def test_the_analysis_is_recorded_and_communicated(procedure, engine):
    procedure.at(local(2027, 1, 4, 9, 0))
    procedure.fire()
    [report] = quarterly(engine)
    procedure.do(
        report.reference,
        "analyse_opstellen",
        "yasmin",
        conclusions="Terugbellen gaat mis",
        changes="Terugbelprocedure",
        communication="Vanaf februari bellen we binnen 1 dag terug",
    )
    assert engine.instance(report.reference).status == "closed"
    [sent] = procedure.events(report.reference, "message_sent")
    assert sent.details == {
        "message": "conclusies",
        "payload": {"reference": report.reference, "quarter": "2026Q4"},
    }
