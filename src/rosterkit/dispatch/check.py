"""An independent check of a dispatch result against the two-level rules.

It reads the roster through `rosterkit.dispatch.duty` and the result as given (also one edited
by hand, or made by another tool) and lists every broken rule; it shares no code with the
dispatcher's choices. Rules:

- ``answered``: every incident has exactly one response, and every response an incident.
- ``on_duty``: each car sent was running at the incident's time, and the officers sent are its
  crew; the level and outcome say what was sent.
- ``car_busy``: no car is sent while still busy with an earlier incident.
- ``community_first``: the free community car of the incident's community is sent first; a
  station car goes beside it only when the type needs one or more officers.
- ``reinforcement``: an incident left short or unserved, or without the station car its type
  needs, had no free station car to send.
- ``jurisdiction``: each case goes to the team the table names, to an officer of that team on
  duty, and is marked as handed over exactly when the team that opened it is another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from rosterkit.dispatch.duty import CarShift, DutyIndex
from rosterkit.dispatch.incidents import Incident
from rosterkit.dispatch.result import DispatchResult, Level, Outcome, Response
from rosterkit.dispatch.rules import DispatchRules
from rosterkit.roster import Roster
from rosterkit.station import Station

DISPATCH_RULES = (
    "answered",
    "on_duty",
    "car_busy",
    "community_first",
    "reinforcement",
    "jurisdiction",
)


@dataclass(frozen=True)
class DispatchViolation:
    """One broken dispatch rule at one incident, in words."""

    rule: str
    incident_id: str
    message: str


def _level(cars: Sequence[CarShift]) -> Level:
    community = any(car.community is not None for car in cars)
    station = any(car.community is None for car in cars)
    if community and station:
        return Level.both
    return Level.community if community else Level.station if station else Level.none


def check_dispatch(
    station: Station,
    roster: Roster,
    incidents: Sequence[Incident],
    rules: DispatchRules,
    result: DispatchResult,
) -> list[DispatchViolation]:
    """Every rule the result breaks, in incident order."""
    found: list[DispatchViolation] = []

    def broken(rule: str, incident_id: str, message: str) -> None:
        found.append(DispatchViolation(rule, incident_id, message))

    duty = DutyIndex(station, roster)
    by_id = {item.id: item for item in incidents}
    responses: dict[str, Response] = {}
    for response in result.responses:
        if response.incident_id in responses:
            broken("answered", response.incident_id, "answered twice")
        elif response.incident_id not in by_id:
            broken("answered", response.incident_id, "a response to no incident of the log")
        else:
            responses[response.incident_id] = response
    for item in incidents:
        if item.id not in responses:
            broken("answered", item.id, "no response")
    kinds = {kind.code: kind for kind in rules.incident_types}
    busy: dict[tuple[str, dt.datetime], dt.datetime] = {}
    ordered = sorted(responses.values(), key=lambda r: (by_id[r.incident_id].time, r.incident_id))
    for response in ordered:
        item = by_id[response.incident_id]
        kind = kinds[item.type]
        moment = item.time
        running = {car.code: car for car in duty.station_cars(moment)}
        own = duty.community_cars(item.community, moment)
        running.update({car.code: car for car in own})
        sent: list[CarShift] = []
        for code in response.cars:
            car = running.get(code)
            if car is None:
                broken("on_duty", item.id, f"car {code} was not on duty at {moment:%d %H:%M}")
            elif car.community is not None and car.community != item.community:
                broken("on_duty", item.id, f"car {code} is another community's car")
            else:
                sent.append(car)
        crews = sorted(oid for car in sent for oid in car.crew)
        if len(sent) == len(response.cars) and sorted(response.officers) != crews:
            broken("on_duty", item.id, "the officers sent are not the crews of the cars sent")
        count = len(response.officers)
        outcome = (
            Outcome.unserved
            if not count
            else Outcome.short
            if count < kind.officers
            else Outcome.served
        )
        if response.outcome is not outcome or response.level is not _level(sent):
            broken("on_duty", item.id, "level or outcome do not match the cars and officers sent")

        def free(car: CarShift, at: dt.datetime = moment) -> bool:
            until = busy.get(car.key)
            return until is None or until <= at

        for car in sent:
            if not free(car):
                broken(
                    "car_busy",
                    item.id,
                    f"car {car.code} was still busy until {busy[car.key]:%H:%M}",
                )
        free_own = [car for car in own if free(car)]
        station_sent = [car for car in sent if car.community is None]
        own_sent = [car for car in sent if car.community is not None]
        if free_own and not own_sent:
            broken(
                "community_first",
                item.id,
                f"community car {free_own[0].code} was free but not sent",
            )
        own_crew = sum(len(car.crew) for car in own_sent)
        if own_sent and station_sent and not kind.station_car and own_crew >= kind.officers:
            broken(
                "community_first",
                item.id,
                f"a station car went though the community car's {own_crew} officers sufficed",
            )
        idle = [
            car
            for car in running.values()
            if car.community is None and car not in sent and free(car)
        ]
        lacking = count < kind.officers or (kind.station_car and not station_sent)
        if lacking and idle:
            broken(
                "reinforcement",
                item.id,
                f"{response.outcome.value} with {count} of {kind.officers} officers while station "
                f"car {idle[0].code} was free",
            )
        until = moment + dt.timedelta(minutes=kind.minutes)
        for car in sent:
            busy[car.key] = max(busy.get(car.key, until), until)
    case_types = {case.code: case for case in rules.case_types}
    team_of = {o.id: o.team for o in station.officers}
    routes = {route.incident_id: route for route in result.cases}
    for item in incidents:
        route = routes.get(item.id)
        if item.case is None:
            if route is not None:
                broken("jurisdiction", item.id, "a case routed for an incident that opened none")
            continue
        if route is None:
            broken("jurisdiction", item.id, f"case '{item.case}' was not routed")
            continue
        case_type = case_types[item.case]
        team = duty.handler_team(case_type.handler.value, item.community)
        if route.team != team:
            broken(
                "jurisdiction",
                item.id,
                f"case '{item.case}' went to {route.team}; the table gives it to {team}",
            )
        answer = responses.get(item.id)
        first = answer.officers[0] if answer is not None and answer.officers else None
        opened = team_of.get(first) if first else None
        if route.opened_by != opened or route.handover != (
            opened is not None and opened != route.team
        ):
            broken("jurisdiction", item.id, "opening team or hand-over mark wrong")
        if route.officer is not None and route.officer not in duty.on_duty(route.team, item.time):
            broken("jurisdiction", item.id, f"{route.officer} of {route.team} was not on duty")
    return found
