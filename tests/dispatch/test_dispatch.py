"""Two-level dispatch: the rules kept by the dispatcher, broken results found by the checker, the
simulator and the incident log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rosterkit.dispatch import (
    DispatchResult,
    Incident,
    Level,
    Outcome,
    check_dispatch,
    default_rules,
    dispatch,
    read_incidents,
    simulate,
    write_incidents,
)
from rosterkit.errors import RosterInputError
from rosterkit.result import Result
from rosterkit.station import Station

RULES = default_rules()
DAY = dt.date(2026, 12, 3)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def incident(
    number: int,
    when: dt.datetime,
    kind: str = "help",
    community: str = "qiandong",
    case: str | None = None,
) -> Incident:
    return Incident(id=f"T{number}", time=when, community=community, type=kind, case=case)


def run(station: Station, december: Result, log: list[Incident]) -> DispatchResult:
    assert december.roster is not None
    result = dispatch(station, december.roster, log, RULES)
    assert check_dispatch(station, december.roster, log, RULES, result) == []
    return result


def crew(december: Result, code: str, day: dt.date = DAY) -> list[str]:
    assert december.roster is not None
    return sorted(december.roster.holders(day, code))


def test_dispatch_community_car_goes_first(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    (response,) = run(qianmen_station, qianmen_december, [incident(1, at(10))]).responses
    assert response.level is Level.community and response.outcome is Outcome.served
    assert response.cars == ["ccar@qiandong"]
    assert sorted(response.officers) == crew(qianmen_december, "ccar@qiandong")


def test_dispatch_station_car_answers_when_the_community_car_is_busy(
    qianmen_station,
    qianmen_december,  # type: ignore[no-untyped-def]
) -> None:
    log = [incident(1, at(10)), incident(2, at(10, 10)), incident(3, at(10, 20), "help", "dajiang")]
    _, second, third = run(qianmen_station, qianmen_december, log).responses
    assert second.level is Level.station and second.cars == ["scar1"]
    assert "community car busy" in second.reason
    assert third.cars == ["ccar@dajiang"]  # another community's car is free


def test_dispatch_type_that_needs_more_officers_takes_a_station_car(
    qianmen_station,
    qianmen_december,  # type: ignore[no-untyped-def]
) -> None:
    (response,) = run(qianmen_station, qianmen_december, [incident(1, at(11), "fight")]).responses
    assert response.level is Level.both and response.cars[0] == "ccar@qiandong"
    assert len(response.officers) >= 4 and response.outcome is Outcome.served


def test_dispatch_nobody_free_at_night_is_unserved(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    log = [incident(1, at(22)), incident(2, at(22, 5))]
    first, second = run(qianmen_station, qianmen_december, log).responses
    assert first.outcome is Outcome.served
    assert second.outcome is Outcome.unserved and second.officers == []
    assert "no station car on duty" in second.reason


def test_dispatch_night_incident_goes_to_the_car_of_the_evening_before(
    qianmen_station,
    qianmen_december,  # type: ignore[no-untyped-def]
) -> None:
    (response,) = run(qianmen_station, qianmen_december, [incident(1, at(3))]).responses
    # 03:00 on 3 Dec belongs to the main duty that began at 08:30 on 2 Dec.
    assert sorted(response.officers) == crew(
        qianmen_december, "ccar@qiandong", DAY - dt.timedelta(1)
    )


def test_dispatch_cases_follow_the_jurisdiction_table(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    log = [
        incident(1, at(9), "theft", case="theft"),
        incident(2, at(12), "dispute", case="mediation"),
    ]
    result = run(qianmen_station, qianmen_december, log)
    theft, mediation = result.cases
    assert theft.team == "case_team" and theft.opened_by == "qiandong_team" and theft.handover
    assert mediation.team == "qiandong_team" and not mediation.handover
    assert result.handovers == [theft]
    assert qianmen_station.officer(theft.officer or "").team == "case_team"
    assert result.loads[theft.officer or ""].cases == 1


def test_dispatch_loads_add_up(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    log = simulate(qianmen_station, "2026-12", RULES, seed=5)
    result = run(qianmen_station, qianmen_december, log)
    assert len(result.responses) == len(log)
    assert sum(load.incidents for load in result.loads.values()) == sum(
        len(r.officers) for r in result.responses
    )
    assert sum(load.cases for load in result.loads.values()) == sum(
        1 for c in result.cases if c.officer
    )
    counts = result.area_incidents()
    assert sum(counts[c.id] for c in qianmen_station.communities) == len(log)


# --- the checker finds broken rules --------------------------------------------------------------


@pytest.fixture
def checked(qianmen_station, qianmen_december):  # type: ignore[no-untyped-def]
    log = [
        incident(1, at(10)),
        incident(2, at(10, 10)),
        incident(3, at(11), "fight"),
        incident(4, at(22)),
        incident(5, at(22, 5)),
        incident(6, at(9), "theft", case="theft"),
    ]
    return log, run(qianmen_station, qianmen_december, log)


def broken(station, december, log, result) -> set[str]:  # type: ignore[no-untyped-def]
    return {v.rule for v in check_dispatch(station, december.roster, log, RULES, result)}


def _response(result: DispatchResult, incident_id: str, **changes: object) -> DispatchResult:
    responses = [
        r.model_copy(update=changes) if r.incident_id == incident_id else r
        for r in result.responses
    ]
    return result.model_copy(update={"responses": responses})


def test_dispatch_check_station_car_sent_while_the_community_car_was_free(
    qianmen_station,
    qianmen_december,
    checked,  # type: ignore[no-untyped-def]
) -> None:
    log, result = checked
    scar = crew(qianmen_december, "scar2")
    wrong = _response(result, "T1", cars=["scar2"], officers=scar, level=Level.station)
    assert "community_first" in broken(qianmen_station, qianmen_december, log, wrong)


def test_dispatch_check_busy_car_and_missing_answer(
    qianmen_station, qianmen_december, checked
) -> None:  # type: ignore[no-untyped-def]
    log, result = checked
    own = crew(qianmen_december, "ccar@qiandong")
    busy = _response(result, "T2", cars=["ccar@qiandong"], officers=own, level=Level.community)
    assert "car_busy" in broken(qianmen_station, qianmen_december, log, busy)
    dropped = result.model_copy(update={"responses": result.responses[1:]})
    assert "answered" in broken(qianmen_station, qianmen_december, log, dropped)


def test_dispatch_check_unserved_while_a_station_car_was_free(
    qianmen_station,
    qianmen_december,
    checked,  # type: ignore[no-untyped-def]
) -> None:
    log, result = checked
    left = _response(result, "T2", cars=[], officers=[], level=Level.none, outcome=Outcome.unserved)
    assert "reinforcement" in broken(qianmen_station, qianmen_december, log, left)


def test_dispatch_check_officer_not_on_duty(qianmen_station, qianmen_december, checked) -> None:  # type: ignore[no-untyped-def]
    log, result = checked
    stranger = _response(result, "T1", officers=["P003", "P004"])
    assert "on_duty" in broken(qianmen_station, qianmen_december, log, stranger)


def test_dispatch_check_case_to_the_wrong_team(qianmen_station, qianmen_december, checked) -> None:  # type: ignore[no-untyped-def]
    log, result = checked
    cases = [
        c.model_copy(update={"team": "qiandong_team", "handover": False}) for c in result.cases
    ]
    wrong = result.model_copy(update={"cases": cases})
    assert "jurisdiction" in broken(qianmen_station, qianmen_december, log, wrong)


# --- the simulator and the log -------------------------------------------------------------------


def test_dispatch_simulator_is_seeded(qianmen_station) -> None:  # type: ignore[no-untyped-def]
    one = simulate(qianmen_station, "2026-12", RULES, seed=1)
    assert one == simulate(qianmen_station, "2026-12", RULES, seed=1)
    assert one != simulate(qianmen_station, "2026-12", RULES, seed=2)
    assert {i.community for i in one} == {c.id for c in qianmen_station.communities}
    assert all(i.time.month == 12 for i in one) and one == sorted(one, key=lambda i: i.time)
    hours = [i.time.hour for i in one]
    assert sum(h in (10, 11, 18, 19) for h in hours) > sum(h in (2, 3, 4, 5) for h in hours)


def test_dispatch_log_round_trips_and_bad_rows_are_named(qianmen_station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log = simulate(qianmen_station, "2026-12", RULES, seed=1)[:20]
    path = write_incidents(tmp_path / "log.csv", log)
    assert read_incidents(path, qianmen_station, RULES) == log
    with pytest.raises(RosterInputError, match="file exists"):
        write_incidents(path, log)
    text = path.read_text(encoding="utf-8-sig").splitlines()
    text[3] = (
        text[3]
        .replace(",qiandong,", ",nowhere,")
        .replace(",dajiang,", ",nowhere,")
        .replace(",caochang,", ",nowhere,")
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(
        RosterInputError, match=r"incident 3 \(I0003\): unknown community 'nowhere'"
    ):
        read_incidents(bad, qianmen_station, RULES)
    bad.write_text("id,time,community,type\nX1,yesterday,qiandong,help\n", encoding="utf-8")
    with pytest.raises(
        RosterInputError, match=r"row 2, column B \(time\): 'yesterday' is not a time"
    ):
        read_incidents(bad, qianmen_station, RULES)


def test_dispatch_refuses_incidents_outside_the_month(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    late = incident(1, dt.datetime(2027, 1, 1, 10))
    with pytest.raises(RosterInputError, match="outside 2026-12"):
        dispatch(qianmen_station, qianmen_december.roster, [late], RULES)
