"""Street patrol: at most the team's weekly cap of shifts in any 7 consecutive
days, looking back into the previous month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rosterkit.rules.spec import Rule, Violation, Words
from rosterkit.rules.view import RosterView


def check(v: RosterView) -> Iterator[Violation]:
    """at most `max_shifts_per_week` shifts in any 7 consecutive days of the month."""
    for team in v.station.teams:
        cap = team.max_shifts_per_week
        if cap is None or team.rotates:
            continue
        for officer in v.team_members(team.id):
            before = [v.held_before(officer, back) is not None for back in range(6, 0, -1)]
            worked = [*before, *(v.works(officer, day) for day in v.days)]
            first = 0 if v.carry is not None else len(before)
            for start in range(first, max(first + 1, len(worked) - 6)):
                shifts = sum(worked[start : start + 7])
                if shifts > cap:
                    day = v.days[0] + dt.timedelta(days=start - len(before))
                    yield Violation(
                        "street_patrol",
                        f"{shifts} shifts in the 7 days from this day; at most {cap}",
                        officer.id,
                        day,
                        zh=f"自当天起7天内{shifts}个班次，最多{cap}个",
                    )


RULE = Rule(
    id="street_patrol",
    check=check,
    zh=Words(
        name="街面巡控班次",
        broken="连续7天内班次超过每周上限",
        fix="把超出的班次交给同队其他民警，或为巡控队增加人手",
    ),
    en=Words(
        name="street patrol shifts",
        broken="more shifts in 7 consecutive days than the weekly cap",
        fix="give the extra shifts to others of the team, or add officers to it",
    ),
)
