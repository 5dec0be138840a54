"""Two-level dispatch of a month's incidents by the roster (domain.md rule 19).

Incidents are taken in time order (then by id). For each:

1. The community car of the incident's community (二级巡逻车组, the main group's officers of
   that community) goes if it is on duty and free.
2. The station cars (一级巡逻车组, the deputy group, on duty 08:30-17:30) reinforce, one at a
   time in the order of the station's posts, while the officers sent are fewer than the type
   needs, or until one goes if the type always takes a station car. When the community car is
   busy or off duty, a station car answers in its place.
3. Every car sent is busy for the type's minutes. If no car was free the incident is
   *unserved*; with fewer officers than needed it is *short*.

A case the incident opened goes to the team with jurisdiction (the rules' table): the case
team, or the community team of the incident's community. It was opened by the first
responder's team; if that is another team the case is handed over (移交). Inside the team it
goes to the officer on duty with the fewest cases so far (then by id).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from rosterkit.dispatch.duty import CarShift, DutyIndex
from rosterkit.dispatch.incidents import Incident, check_incidents
from rosterkit.dispatch.result import (
    REINFORCES,
    CaseRoute,
    DispatchResult,
    Level,
    OfficerLoad,
    Outcome,
    Response,
)
from rosterkit.dispatch.rules import DispatchRules, IncidentType
from rosterkit.errors import RosterInputError
from rosterkit.roster import Roster
from rosterkit.station import Station

log = logging.getLogger(__name__)


def _free(
    car: CarShift, moment: dt.datetime, busy: dict[tuple[str, dt.datetime], dt.datetime]
) -> bool:
    until = busy.get(car.key)
    return until is None or until <= moment


def choose_cars(
    kind: IncidentType,
    own: list[CarShift],
    station_cars: list[CarShift],
    moment: dt.datetime,
    busy: dict[tuple[str, dt.datetime], dt.datetime],
) -> tuple[list[CarShift], str]:
    """The cars sent to an incident of `kind` at `moment`, and the reason in words."""
    chosen = [car for car in own[:1] if _free(car, moment, busy)]
    if chosen:
        reason = "community car"
    elif own:
        reason = "community car busy"
    else:
        reason = "no community car on duty"
    officers = sum(len(car.crew) for car in chosen)
    reinforcement = ""
    for car in station_cars:
        wants_station = kind.station_car and not any(c.community is None for c in chosen)
        if officers >= kind.officers and not wants_station:
            break
        if not _free(car, moment, busy):
            continue
        if not reinforcement:
            if not chosen:
                reinforcement = "station car answers"
            elif wants_station:
                reinforcement = "type needs a station car"
            else:
                reinforcement = REINFORCES.format(officers=kind.officers)
        chosen.append(car)
        officers += len(car.crew)
    if reinforcement:
        reason = f"{reason}; {reinforcement}"
    if not chosen:
        reason = (
            f"{reason}; no station car free"
            if station_cars
            else f"{reason}; no station car on duty"
        )
    return chosen, reason


def dispatch(
    station: Station,
    roster: Roster,
    incidents: Sequence[Incident],
    rules: DispatchRules,
) -> DispatchResult:
    """Assign every incident to the cars on duty by the roster, and route its case.

    Incidents are checked against the station and the rules first (`RosterInputError`); an
    incident outside the roster's month is refused too, as the roster cannot say who was on duty.
    """
    if roster.station_id != station.id:
        raise RosterInputError(
            f"the roster is of station '{roster.station_id}', not '{station.id}'; give the "
            "station it was made for",
            source="roster",
        )
    check_incidents(incidents, station, rules, "incidents")
    period = roster.period
    outside = [i.id for i in incidents if i.time.date() not in period]
    if outside:
        raise RosterInputError(
            f"{len(outside)} incident(s) outside {roster.month} (first: {outside[0]}); dispatch "
            "a month's log with that month's roster",
            source="incidents",
        )
    duty = DutyIndex(station, roster)
    kinds = {kind.code: kind for kind in rules.incident_types}
    case_types = {case.code: case for case in rules.case_types}
    team_of = {o.id: o.team for o in station.officers}
    busy: dict[tuple[str, dt.datetime], dt.datetime] = {}
    loads: dict[str, OfficerLoad] = {}
    responses: list[Response] = []
    cases: list[CaseRoute] = []
    for incident in sorted(incidents, key=lambda item: (item.time, item.id)):
        kind = kinds[incident.type]
        moment = incident.time
        own = duty.community_cars(incident.community, moment)
        chosen, reason = choose_cars(kind, own, duty.station_cars(moment), moment, busy)
        until = moment + dt.timedelta(minutes=kind.minutes)
        officers: list[str] = []
        for car in chosen:
            busy[car.key] = until
            officers += car.crew
        for officer_id in officers:
            load = loads.setdefault(officer_id, OfficerLoad())
            load.incidents += 1
            load.minutes += kind.minutes
        has_community = any(car.community is not None for car in chosen)
        has_station = any(car.community is None for car in chosen)
        level = (
            Level.both
            if has_community and has_station
            else Level.community
            if has_community
            else Level.station
            if has_station
            else Level.none
        )
        outcome = (
            Outcome.unserved
            if not officers
            else Outcome.short
            if len(officers) < kind.officers
            else Outcome.served
        )
        responses.append(
            Response(
                incident_id=incident.id,
                time=moment,
                community=incident.community,
                grid=incident.grid,
                type=incident.type,
                cars=[car.code for car in chosen],
                officers=officers,
                needed=kind.officers,
                level=level,
                outcome=outcome,
                reason=reason,
            )
        )
        if incident.case is None:
            continue
        case_type = case_types[incident.case]
        team = duty.handler_team(case_type.handler.value, incident.community)
        if team is None:
            handler_name = case_type.handler.value.replace("_", " ")
            raise RosterInputError(
                f"case type '{case_type.code}' goes to the {handler_name}"
                f" but the station has none for community '{incident.community}'; change the "
                "case type's handler in the dispatch rules",
                source="dispatch rules",
            )
        opened_by = team_of[officers[0]] if officers else None
        on_duty = duty.on_duty(team, moment)
        handler = min(
            on_duty, key=lambda oid: (loads.get(oid, OfficerLoad()).cases, oid), default=None
        )
        if handler is not None:
            loads.setdefault(handler, OfficerLoad()).cases += 1
        cases.append(
            CaseRoute(
                incident_id=incident.id,
                case_type=case_type.code,
                opened_by=opened_by,
                team=team,
                officer=handler,
                handover=opened_by is not None and opened_by != team,
            )
        )
    result = DispatchResult(
        station_id=station.id,
        month=roster.month,
        responses=responses,
        cases=cases,
        loads=dict(sorted(loads.items())),
    )
    log.info(
        "dispatched %d incidents: %d unserved, %d short, %d cases, %d handed over",
        len(responses),
        len(result.unserved),
        len(result.short),
        len(cases),
        len(result.handovers),
    )
    return result
