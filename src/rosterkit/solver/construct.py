"""A constructive heuristic: a complete roster built day by day, to start the search from.

`initial_roster(problem)` works on a compiled problem whose duty groups are all given (when the
solver forms the squads, the roster is built for the stage that has them). Each day it names the
duty commander, staffs every post of the main and deputy groups (scarcest posts first, calling
officers in from the resting group only where a minimum cannot be met otherwise) and places the
rest of those groups on posts of their state. The street-patrol shifts follow, within each
team's weekly cap and with the station's rest between shifts (counting the previous month's
days when its roster is given); if leave leaves too few officers on some days, those days are
planned first; the shifts go first to those with the fewest so far (with a ledger, the year's),
and hand-overs even out each team's shift totals. A short local search then evens out car
duties inside each team. Choices lean towards what the soft rules reward: staying in one's
community, posts up to their targets, fewest car, weekend and holiday duties and call-ins so
far (with a ledger, the year's), days asked off.

It keeps every hard rule of the model, or gives up and returns None: the model stays the single
source of truth, the roster only tells CP-SAT where to start. Everything is deterministic
(stable orders, no randomness), so a deterministic solve stays reproducible.
"""

from __future__ import annotations

import datetime as dt

from rosterkit.duties import LEAVE, OFF, REST, STATE_OF_POST
from rosterkit.problem import Problem
from rosterkit.result import Side
from rosterkit.roster import Roster
from rosterkit.rules import (
    SOFT,
    ab_cover,
    community_presence,
    duty_coverage,
    fairness,
    grid_coverage,
    rest_between_shifts,
)
from rosterkit.station import DutyState, PostState, Role, TeamKind

__all__ = ["initial_roster"]

_FREE = -1
"""No post on the day: rest for rotating officers, off for the others (or leave)."""
_SWEEPS = 50
"""Most passes of the car-duty local search; each pass that changes nothing ends it."""


def initial_roster(problem: Problem) -> Roster | None:
    """A roster that keeps every hard rule, built greedily with low penalties; None when the
    duty groups are not all given or the greedy construction gets stuck."""
    officers = range(len(problem.officers))
    if any(problem.grouped(o) and problem.fixed_group(o) is None for o in officers):
        return None
    draft = _Draft(problem)
    if not draft.build():
        return None
    draft.even_out_shift_totals()
    draft.even_out_car_duties()
    return draft.roster()


class _Draft:
    """The roster being built: the slot each officer holds each day, and running figures."""

    def __init__(self, problem: Problem) -> None:
        p = self.p = problem
        officers, days = len(p.officers), len(p.days)
        self.held = [[_FREE] * days for _ in range(officers)]
        rotates = [p.rotates(o) for o in range(officers)]
        self.staff = [[0] * days for _ in p.slots]
        self.state: list[list[DutyState | None]] = [
            [
                p.group_state(k, d) if rotates[o] and (k := p.fixed_group(o)) is not None else None
                for d in range(days)
            ]
            for o in range(officers)
        ]
        self.eligible = [set(slots) for slots in p.eligible]
        self.car = [slot.post.car for slot in p.slots]
        self.long = [slot.post.hours >= 24 for slot in p.slots]
        # rule `rest_between_shifts`: which posts may not follow which, by post code
        self.post_code = [slot.post.code for slot in p.slots]
        self.too_close = rest_between_shifts.close_pairs(
            (slot.post for slot in p.slots), p.station.min_rest_hours
        )
        rest_days = [p.rest_day(d) for d in range(days)]
        self.minimum = [[slot.post.minimum(r) for r in rest_days] for slot in p.slots]
        self.target = [[slot.post.target(r) or 0 for r in rest_days] for slot in p.slots]
        self.team = [officer.team for officer in p.officers]
        self.cap = [p.station.team(team).max_shifts_per_week for team in self.team]
        self.slots_in = {state: p.slots_in(state) for state in PostState}
        self.floors: dict[str, int] = {}
        self.community_team = [p.team_kind(o) is TeamKind.community for o in range(officers)]
        self.home = [p.community(o) for o in range(officers)]
        # running figures of rule `fairness` (with a ledger, the year's so far) and posts held
        ledger = [
            p.ledger.of(officer.id) if p.ledger is not None else None for officer in p.officers
        ]
        self.cars = [entry.car_duties if entry else 0 for entry in ledger]
        self.weekends = [entry.weekend_duties if entry else 0 for entry in ledger]
        self.holidays = [entry.holiday_duties if entry else 0 for entry in ledger]
        self.call_ins = [entry.call_ins if entry else 0 for entry in ledger]
        self.shift = [slot.state is PostState.shift for slot in p.slots]
        self.shift_days = [entry.shift_days if entry else 0 for entry in ledger]
        self.worked = [0] * officers
        # car chances left: days from d on when the officer's state has a car post he may hold
        car_states = {
            STATE_OF_POST[slot.state]
            for slot in p.slots
            if slot.post.car and slot.state in STATE_OF_POST
        }
        self.car_chances = [[0] * (days + 1) for _ in range(officers)]
        for o in range(officers):
            if not any(self.car[s] for s in p.eligible[o]):
                continue
            for d in reversed(range(days)):
                chance = not p.on_leave(o, d) and self.state[o][d] in car_states
                self.car_chances[o][d] = self.car_chances[o][d + 1] + int(chance)
        self.rotating = [o for o in range(officers) if rotates[o]]
        self.others = [o for o in range(officers) if not rotates[o]]
        self.earns_car = [any(self.car[s] for s in p.eligible[o]) for o in range(officers)]
        self.car_scope: dict[str, list[int]] = {
            team: [o for o in members if self.earns_car[o] and not p.has_leave(o)]
            for team, members in p.teams.items()
        }
        # what the penalties of a single day look at (see `_local_cost`), and their prices
        appraisal = p.station.appraisal
        self.price = {
            rule.id: rule.unit_weight(p.station)
            * (appraisal.long_line if rule.side is Side.long_line else appraisal.short_line)
            for rule in SOFT
        }
        self.holders: list[list[list[int]]] = [[[] for _ in range(days)] for _ in p.slots]
        self.pairs_of: dict[int, list[tuple[int, int]]] = {}
        for pair in p.station.ab_pairs:
            a, b = p.officer_index[pair.a_role], p.officer_index[pair.b_role]
            self.pairs_of.setdefault(a, []).append((a, b))
            self.pairs_of.setdefault(b, []).append((a, b))
        self.grid_of: dict[str, list[int]] = {}
        for o in range(officers):
            home = self.home[o]
            if p.has_role(o, Role.grid_officer) and home is not None:
                self.grid_of.setdefault(home, []).append(o)

    # --- construction --------------------------------------------------------------------------
    def build(self) -> bool:
        if not self._boundary_ok():
            return False
        for d in range(len(self.p.days)):
            if not self._commander(d):
                return False
            for state in (DutyState.main, DutyState.deputy):
                if not self._staff_group(d, state):
                    return False
        if all(self._shifts(d) for d in range(len(self.p.days))):
            return True
        # Leave can leave too few officers for the cap on some days: plan those days first.
        for o in self.others:
            for d, s in enumerate(self.held[o]):
                if s != _FREE and self.p.slots[s].state is PostState.shift:
                    self._unassign(o, d)
        return all(self._shifts(d) for d in self._tight_days())

    def _tight_days(self) -> list[int]:
        """Days in order of the officers they leave spare for the own shifts, fewest first."""
        p = self.p
        shift_slots = self.slots_in[PostState.shift]
        able = [o for o in self.others if any(s in self.eligible[o] for s in shift_slots)]

        def spare(d: int) -> int:
            free = sum(1 for o in able if self._free(o, d))
            return free - sum(self.minimum[s][d] for s in shift_slots)

        return sorted(range(len(p.days)), key=lambda d: (spare(d), d))

    def _boundary_ok(self) -> bool:
        """Rule `rest_after_24h` at the month boundary: nobody who held a 24-hour post on the
        previous month's last day is in the main group on the 1st (the groups are given, so
        this only checks)."""
        p = self.p
        return not any(
            self._long_before(o, 0) and self.state[o][0] is DutyState.main and not p.on_leave(o, 0)
            for o in self.rotating
        )

    def _long_before(self, o: int, d: int) -> bool:
        """Whether the officer held a 24-hour post the day before day d."""
        if d > 0:
            s = self.held[o][d - 1]
            return s != _FREE and self.long[s]
        code = self.p.before(o, 1)
        last = self.p.slot_index.get(code) if code is not None else None
        return last is not None and self.long[last]

    def _worked_on(self, o: int, x: int) -> bool:
        """Whether the officer holds a post on day x (x < 0: the previous month, if given)."""
        if x >= 0:
            return self.held[o][x] != _FREE
        return self.p.carry is not None and self.p.before(o, -x) is not None

    def _group_of(self, o: int) -> int | None:
        """The officer's duty group (1-based) if he rotates (the draft's groups are given)."""
        k = self.p.fixed_group(o)
        return None if k is None or not self.p.rotates(o) else k + 1

    def _may_take(self, o: int, d: int, s: int) -> bool:
        """Whether slot s on day d keeps the officer's rest: rule `rest_between_shifts` and
        rule `rest_after_24h`."""
        return self._rested(o, d, s) and self._rested_after_24h(o, d, s)

    def _held_on(self, o: int, x: int) -> int | None:
        """The slot the officer holds on day x (x < 0: the previous month's, if given)."""
        if x >= 0:
            s = self.held[o][x]
            return None if s == _FREE else s
        code = self.p.before(o, -x)
        return None if code is None else self.p.slot_index.get(code)

    def _rested(self, o: int, d: int, s: int) -> bool:
        """Rule `rest_between_shifts`: slot s on day d starts long enough after the posts held
        on the days before, and ends long enough before those held on the days after (days
        not built yet count as free)."""
        if not self.too_close:
            return True
        code, days = self.post_code, len(self.p.days)
        for k in range(1, rest_between_shifts.REACH + 1):
            before = self._held_on(o, d - k)
            if before is not None and (code[before], code[s], k) in self.too_close:
                return False
            after = self._held_on(o, d + k) if d + k < days else None
            if after is not None and (code[s], code[after], k) in self.too_close:
                return False
        return True

    def _rested_after_24h(self, o: int, d: int, s: int) -> bool:
        """Rest after a 24-hour duty, where the station asks for it: no post the day after one,
        and no 24-hour post the day before the officer must work."""
        p = self.p
        if not p.station.rest_after_24h:
            return True
        if self._long_before(o, d):
            return False
        if not self.long[s] or d + 1 >= len(p.days):
            return True
        if self.held[o][d + 1] != _FREE:
            return False
        on_duty = self.state[o][d + 1] in (DutyState.main, DutyState.deputy)
        return not (on_duty and not p.on_leave(o, d + 1))

    def _assign(self, o: int, d: int, s: int) -> None:
        p = self.p
        self.held[o][d] = s
        self.holders[s][d].append(o)
        self.staff[s][d] += 1
        self.floors.clear()
        self.worked[o] += 1
        self.cars[o] += self.car[s]
        self.shift_days[o] += self.shift[s]
        self.weekends[o] += p.weekend(d)
        self.holidays[o] += p.holiday(d)
        self.call_ins[o] += self.state[o][d] is DutyState.rest

    def _unassign(self, o: int, d: int) -> None:
        p = self.p
        s = self.held[o][d]
        self.held[o][d] = _FREE
        self.holders[s][d].remove(o)
        self.staff[s][d] -= 1
        self.floors.clear()
        self.worked[o] -= 1
        self.cars[o] -= self.car[s]
        self.shift_days[o] -= self.shift[s]
        self.weekends[o] -= p.weekend(d)
        self.holidays[o] -= p.holiday(d)
        self.call_ins[o] -= self.state[o][d] is DutyState.rest

    def _room(self, s: int, d: int) -> bool:
        maximum = self.p.slots[s].post.max_staff
        return maximum is None or self.staff[s][d] < maximum

    def _spare(self, s: int, d: int) -> bool:
        return self.staff[s][d] > self.minimum[s][d]

    def _free(self, o: int, d: int) -> bool:
        return self.held[o][d] == _FREE and not self.p.on_leave(o, d)

    def _special_count(self, o: int, d: int) -> int:
        """Weekend and holiday duties so far, counted on the days that raise them."""
        p = self.p
        return (self.weekends[o] if p.weekend(d) else 0) + (self.holidays[o] if p.holiday(d) else 0)

    def _away(self, o: int, s: int) -> bool:
        """Community presence: a community-team officer on a post outside his community."""
        return (
            self.community_team[o]
            and self.p.slots[s].community != self.home[o]
            and s != self.p.commander_slot
        )

    def _commander(self, d: int) -> bool:
        """Rule `duty_commander`: who `Station.commander_due` names for the main group (its
        named commander, else its first present officer who may command), else a stand-in with
        the fewest duties."""
        p = self.p
        s = p.commander_slot
        if s is None:
            return True
        slot = p.slots[s]
        station = p.station
        main = next(k for k in range(p.groups) if p.group_state(k, d) is DutyState.main)
        due = station.commander_due(
            main + 1,
            lambda officer: self._group_of(p.officer_index[officer.id]),
            lambda officer: not p.on_leave(p.officer_index[officer.id], d),
        )
        if due is not None:
            o = p.officer_index[due.id]
            if (
                (p.rotates(o) and slot.state is not PostState.main)
                or s not in self.eligible[o]
                or not self._free(o, d)
                or not self._may_take(o, d, s)
            ):
                return False
            self._assign(o, d, s)
        else:
            stand_ins = [
                o
                for o in self.others
                if station.stands_in(p.officers[o])
                and s in self.eligible[o]
                and self._free(o, d)
                and self._may_take(o, d, s)
            ]
            while stand_ins and self.staff[s][d] < self.minimum[s][d]:
                o = min(
                    stand_ins,
                    key=lambda o: (
                        p.prefers_off(o, d),
                        self._special_count(o, d),
                        self.worked[o],
                        o,
                    ),
                )
                stand_ins.remove(o)
                self._assign(o, d, s)
        maximum = slot.post.max_staff
        return self.minimum[s][d] <= self.staff[s][d] and (
            maximum is None or self.staff[s][d] <= maximum
        )

    def _car_rank(self, o: int, d: int) -> tuple[int, int]:
        """How much the officer is owed a car duty: fewest so far in his team, fewest chances
        left."""
        team = self.team[o]
        floor = self.floors.get(team)
        if floor is None:
            scope = self.car_scope.get(team) or [o]
            floor = self.floors[team] = min(self.cars[x] for x in scope)
        return self.cars[o] - floor, self.car_chances[o][d + 1]

    def _pick_key(self, o: int, s: int, d: int) -> tuple[int, ...]:
        """Who should take slot s (lowest first): officers who stay in their community, then for
        a car the ones owed a car duty most, for another post the ones owed one least."""
        if self.car[s]:
            owed, chances = self._car_rank(o, d)
            car: tuple[int, ...] = (owed, chances)
        elif self.earns_car[o]:
            owed, chances = self._car_rank(o, d)
            car = (-owed, -chances)
        else:
            car = (0, 0)
        return (int(self._away(o, s)), *car, o)

    def _staff_group(self, d: int, state: DutyState) -> bool:
        """Staff the posts of `state` from its group; call in from the resting group only where
        a minimum cannot be met otherwise; then give everyone left in the group a post."""
        p = self.p
        post_state = PostState.main if state is DutyState.main else PostState.deputy
        slots = [s for s in self.slots_in[post_state] if s != p.commander_slot]
        pool = [o for o in self.rotating if self.state[o][d] is state and self._free(o, d)]
        # from each officer's own slots, so that the work grows with the officers, not with
        # officers x slots
        candidates: dict[int, list[int]] = {s: [] for s in slots}
        for o in pool:
            for s in p.eligible[o]:
                if s in candidates and self._may_take(o, d, s):
                    candidates[s].append(o)
        able = {s: set(candidates[s]) for s in slots}
        need = {s: self.minimum[s][d] - self.staff[s][d] for s in slots}
        open_count = {s: len(candidates[s]) for s in slots}

        def take(o: int, s: int) -> None:
            self._assign(o, d, s)
            for t in p.eligible[o]:
                if t in open_count and o in able[t]:
                    open_count[t] -= 1

        # minimums, scarcest post first
        while True:
            short = [s for s in slots if need[s] > 0]
            if not short:
                break
            s = min(short, key=lambda s: (open_count[s] - need[s], s))
            free = [o for o in candidates[s] if self.held[o][d] == _FREE]
            if free:
                take(min(free, key=lambda o: self._pick_key(o, s, d)), s)
            else:
                o_in = self._call_in(s, d)
                if o_in is None:
                    return False
                self._assign(o_in, d, s)
            need[s] -= 1
        # targets, where it costs nothing else
        for s in slots:
            maximum = p.slots[s].post.max_staff
            target = self.target[s][d] if maximum is None else min(self.target[s][d], maximum)
            while self.staff[s][d] < target:
                free = [
                    o for o in candidates[s] if self.held[o][d] == _FREE and not self._away(o, s)
                ]
                if not free:
                    break
                take(min(free, key=lambda o: self._pick_key(o, s, d)), s)
        # everyone else of the group holds a post of its state
        for o in pool:
            if self.held[o][d] != _FREE:
                continue
            room = [
                s
                for s in p.eligible[o]
                if s in candidates and self._room(s, d) and self._may_take(o, d, s)
            ]
            if not room:
                return False
            take(o, min(room, key=lambda s: self._place_key(o, s, d)))
        return True

    def _place_key(self, o: int, s: int, d: int) -> tuple[int, ...]:
        """Where an officer left over should go (lowest first): his own community, a post
        short of its target, not a car (the car-duty search adds those where fair), a post
        without a minimum."""
        short = int(self.staff[s][d] < self.target[s][d])
        return (int(self._away(o, s)), -short, int(self.car[s]), int(self.minimum[s][d] > 0), s)

    def _call_in(self, s: int, d: int) -> int | None:
        """An officer of the resting group for slot s, fewest call-ins first."""
        p = self.p
        if not p.slots[s].post.call_in:
            return None
        resting = [
            o
            for o in self.rotating
            if self.state[o][d] is DutyState.rest
            and self._free(o, d)
            and s in self.eligible[o]
            and self._may_take(o, d, s)
        ]
        if not resting:
            return None
        return min(
            resting,
            key=lambda o: (
                self.call_ins[o],
                p.prefers_off(o, d),
                int(self._away(o, s)),
                self._special_count(o, d),
                self.worked[o],
                o,
            ),
        )

    def _shifts(self, d: int) -> bool:
        """Own-shift posts (street patrol) of day d: fewest shifts in the days around first,
        within each team's cap over every seven days; where the cap leaves a shift short, an
        officer hands one of his shifts of the days around to a colleague with room and takes
        this one."""
        p = self.p
        for s in self.slots_in[PostState.shift]:
            maximum, minimum = p.slots[s].post.max_staff, self.minimum[s][d]
            wanted = self.target[s][d] if maximum is None else min(self.target[s][d], maximum)
            wanted = max(wanted, minimum)
            free = [
                o
                for o in self.others
                if s in self.eligible[o]
                and self._free(o, d)
                and self._fits(o, d)
                and self._may_take(o, d, s)
            ]
            # An officer's rank looks only at his own days, which taking another officer
            # leaves as they are: rank once, then take in order.
            free.sort(
                key=lambda o: (
                    p.prefers_off(o, d),
                    self._nearby(o, d),
                    self._special_count(o, d),
                    self.shift_days[o],
                    o,
                )
            )
            ranked = iter(free)
            while self.staff[s][d] < wanted:
                taker = next((o for o in ranked if self.held[o][d] == _FREE), None)
                if taker is not None:
                    o = taker
                elif self.staff[s][d] < minimum:
                    found = self._make_room(s, d)
                    if found is None:
                        return False
                    o = found
                else:
                    break
                self._assign(o, d, s)
        return True

    def _nearby(self, o: int, d: int) -> int:
        """Posts held in the six days before and after day d (those built so far)."""
        days = len(self.p.days)
        return sum(1 for x in range(d - 6, min(days, d + 7)) if x != d and self._worked_on(o, x))

    def _fits(self, o: int, d: int) -> bool:
        """Whether one more post on day d keeps every seven-day window within the officer's
        team cap (rule `street_patrol`): the windows of the month and, with the previous
        month's roster, those that start in it; days not built yet count as free."""
        cap = self.cap[o]
        if cap is None:
            return True
        days = len(self.p.days)
        first = -6 if self.p.carry is not None else 0
        starts = range(max(first, d - 6), min(d, max(0, days - 7)) + 1)
        if not starts:
            return True
        worked = {x: self._worked_on(o, x) for x in range(starts[0], min(days, starts[-1] + 7))}
        return all(
            sum(worked[x] for x in range(start, min(days, start + 7))) + 1 <= cap
            for start in starts
        )

    def _make_room(self, s: int, d: int) -> int | None:
        """An officer kept from slot s on day d only by his cap, freed by handing one of his
        shifts of the six days before or after to a colleague with room; None if there is
        none."""
        blocked = sorted(
            (o for o in self.others if s in self.eligible[o] and self._free(o, d)),
            key=lambda o: (self._special_count(o, d), self.shift_days[o], o),
        )
        days = len(self.p.days)
        around = [x for step in range(1, 7) for x in (d - step, d + step) if 0 <= x < days]
        for o in blocked:
            for x in around:
                t = self.held[o][x]
                if t == _FREE:
                    continue
                takers = [
                    q
                    for q in self.others
                    if t in self.eligible[q]
                    and self._free(q, x)
                    and self._fits(q, x)
                    and self._may_take(q, x, t)
                ]
                if not takers:
                    continue
                q = min(takers, key=lambda q: (self._special_count(q, x), self.shift_days[q], q))
                self._unassign(o, x)
                self._assign(q, x, t)
                if self._fits(o, d) and self._may_take(o, d, s):
                    return o
        return None

    # --- local search ----------------------------------------------------------------------------
    def even_out_shift_totals(self) -> None:
        """Even out own-shift totals (with a ledger, the year's) inside each team outside the
        rotation (rule `fairness`): while the team's totals spread beyond the allowance (and by
        two or more), an officer with the most hands a shift to one with the fewest, on a day
        the latter is free and may take it within his cap and his rest. The staffing stays as
        it is, and days that keep weekend and holiday duties even are taken first.

        Each hand-over lowers the sum of squared totals, so the loop ends."""
        p = self.p
        allowance = p.station.fairness_allowance
        shift_slots = set(self.slots_in[PostState.shift])
        scopes: dict[str, list[int]] = {}
        for o in self.others:
            if shift_slots & self.eligible[o] and not p.has_leave(o):
                scopes.setdefault(self.team[o], []).append(o)
        for scope in scopes.values():
            while len(scope) > 1 and self._hand_over_shift(scope, allowance):
                pass

    def _hand_over_shift(self, scope: list[int], allowance: int) -> bool:
        """One hand-over of a shift from an officer with the most to one with the fewest."""
        p, totals = self.p, self.shift_days
        high, low = max(totals[o] for o in scope), min(totals[o] for o in scope)
        if high - low <= max(allowance, 1):
            return False
        givers = [a for a in scope if totals[a] == high]
        takers = [b for b in scope if totals[b] == low]
        for a in givers:
            for b in takers:

                def harm(d: int, a: int = a, b: int = b) -> tuple[bool, bool, bool, int]:
                    return (
                        p.prefers_off(b, d),
                        p.weekend(d) and self.weekends[b] >= self.weekends[a],
                        p.holiday(d) and self.holidays[b] >= self.holidays[a],
                        d,
                    )

                days = sorted(
                    (d for d, s in enumerate(self.held[a]) if s != _FREE and self.shift[s]),
                    key=harm,
                )
                for d in days:
                    s = self.held[a][d]
                    if (
                        s in self.eligible[b]
                        and self._free(b, d)
                        and self._fits(b, d)
                        and self._may_take(b, d, s)
                    ):
                        self._unassign(a, d)
                        self._assign(b, d, s)
                        return True
        return False

    def even_out_car_duties(self) -> None:
        """Even out car duties inside each team (rule `fairness`) by moves and swaps on single
        days that keep every hard rule and lower the penalties, or keep them and shrink the set
        of officers at the team's extremes."""
        for _ in range(_SWEEPS):
            changed = False
            for team, scope in self.car_scope.items():
                while len(scope) > 1 and self._car_excess(team) > 0 and self._improve(scope):
                    changed = True
            if not changed:
                return

    def _car_excess(self, team: str) -> int:
        scope = self.car_scope[team]
        if len(scope) < 2:
            return 0
        counts = [self.cars[o] for o in scope]
        return max(0, max(counts) - min(counts) - self.p.station.fairness_allowance)

    def _at_home(self, o: int, d: int) -> bool:
        s = self.held[o][d]
        return s != _FREE and self.p.slots[s].community == self.home[o]

    def _local_cost(self, d: int, officers: list[int], slots: list[int]) -> tuple[int, int]:
        """The penalties a change on day d of these officers and slots can touch, and a
        tie-break: how many officers sit at the extremes of teams whose car duties spread too
        far."""
        p, price = self.p, self.price
        cost = extremes = 0
        for s in set(slots):
            target = self.target[s][d]
            if target > self.minimum[s][d]:
                short = max(0, target - self.staff[s][d])
                cost += price[duty_coverage.RULE.id] * short
        for o in set(officers):
            s = self.held[o][d]
            if s != _FREE and self._away(o, s):
                cost += price[community_presence.RULE.id]
        pairs = {pair for o in officers for pair in self.pairs_of.get(o, [])}
        for a, b in pairs:
            if not (self._at_home(a, d) or self._at_home(b, d)):
                cost += price[ab_cover.RULE.id]
        homes = {self.home[o] for o in officers if p.has_role(o, Role.grid_officer)}
        for home in homes:
            if home is not None and not any(self._at_home(o, d) for o in self.grid_of[home]):
                cost += price[grid_coverage.RULE.id]
        for team in {self.team[o] for o in officers}:
            excess = self._car_excess(team)
            if excess:
                scope = self.car_scope[team]
                counts = [self.cars[o] for o in scope]
                high, low = max(counts), min(counts)
                cost += price[fairness.RULE.id] * excess
                extremes += sum(1 for c in counts if c in (high, low))
        return cost, extremes

    def _move(self, d: int, changes: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Apply (officer, new slot) changes on day d; returns the changes that undo them."""
        undo = []
        for o, t in changes:
            undo.append((o, self.held[o][d]))
            self._unassign(o, d)
            self._assign(o, d, t)
        undo.reverse()
        return undo

    def _movable(self, o: int, d: int) -> bool:
        """A rotating officer on a post of his own group's state (not a call-in or commander)."""
        s = self.held[o][d]
        return (
            s != _FREE
            and s != self.p.commander_slot
            and STATE_OF_POST.get(self.p.slots[s].state) is self.state[o][d]
        )

    def _takes(self, b: int, d: int, s: int) -> bool:
        """Whether officer b may leave his post on day d for slot s."""
        return s in self.eligible[b] and self._movable(b, d) and self._may_take(b, d, s)

    def _improve(self, scope: list[int]) -> bool:
        """Apply the best improving change for the officers at the extremes of a team."""
        counts = [self.cars[o] for o in scope]
        high, low = max(counts), min(counts)
        options: list[tuple[int, list[tuple[int, int]]]] = []
        for x in scope:
            if self.cars[x] not in (high, low):
                continue
            for d in range(len(self.p.days)):
                if self._movable(x, d) and self.car[self.held[x][d]] == (self.cars[x] == high):
                    options += [(d, change) for change in self._changes(x, d)]
        best: tuple[tuple[int, int], int, list[tuple[int, int]]] | None = None
        for d, change in options:
            officers = [o for o, _ in change]
            slots = [self.held[o][d] for o in officers] + [t for _, t in change]
            before = self._local_cost(d, officers, slots)
            undo = self._move(d, change)
            after = self._local_cost(d, officers, slots)
            self._move(d, undo)
            gain = (after[0] - before[0], after[1] - before[1])
            if gain < (0, 0) and (best is None or gain < best[0]):
                best = (gain, d, change)
        if best is None:
            return False
        self._move(best[1], best[2])
        return True

    def _changes(self, x: int, d: int) -> list[list[tuple[int, int]]]:
        """Changes on day d that take officer x off a car post or onto one: a move, a swap
        with another officer, or a move with another officer taking his place."""
        p = self.p
        s = self.held[x][d]
        state = p.slots[s].state
        others = [
            t
            for t in self.eligible[x]
            if t != s
            and t != p.commander_slot
            and p.slots[t].state is state
            and self.car[t] != self.car[s]
        ]
        found: list[list[tuple[int, int]]] = []
        for t in others:
            if not self._may_take(x, d, t):
                continue
            if self._room(t, d) and self._spare(s, d):
                found.append([(x, t)])
            for b in self.holders[t][d]:
                if self._takes(b, d, s):
                    found.append([(x, t), (b, s)])
            if self._room(t, d):
                for u in self.slots_in[state]:
                    if u in (s, t) or not self._spare(u, d) or self.car[u] != self.car[t]:
                        continue
                    for b in self.holders[u][d]:
                        if self._takes(b, d, s):
                            found.append([(x, t), (b, s)])
        return found

    # --- result ----------------------------------------------------------------------------------
    def roster(self) -> Roster:
        p = self.p
        groups: dict[str, int] = {}
        cells: dict[str, dict[dt.date, str]] = {}
        for o, officer in enumerate(p.officers):
            k = p.fixed_group(o)
            if p.grouped(o) and k is not None:
                groups[officer.id] = k + 1
            row: dict[dt.date, str] = {}
            for d, day in enumerate(p.days):
                s = self.held[o][d]
                if p.on_leave(o, d):
                    row[day] = LEAVE
                elif s != _FREE:
                    row[day] = p.slots[s].code
                else:
                    row[day] = REST if p.rotates(o) else OFF
            cells[officer.id] = row
        return Roster(station_id=p.station.id, month=str(p.month), groups=groups, cells=cells)
