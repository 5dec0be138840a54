"""Shared fixtures: the built-in station, one solved month, and a tiny station to vary."""

from __future__ import annotations

import pytest

from rosterkit import Result, SolveOptions, solve
from rosterkit.station import (
    Community,
    DutyPost,
    Eligibility,
    Officer,
    PostState,
    Role,
    Station,
    Team,
    TeamKind,
)
from rosterkit.stations import qianmen

FAST = SolveOptions(workers=1, time_limit=30)


@pytest.fixture(scope="session")
def qianmen_station() -> Station:
    return qianmen()


@pytest.fixture(scope="session")
def qianmen_december(qianmen_station: Station) -> Result:
    """The built-in station's December 2026, solved once for the whole session."""
    result = solve(qianmen_station, "2026-12", options=FAST)
    assert result.roster is not None
    return result


def tiny_posts(**changes: dict[str, object]) -> list[DutyPost]:
    """Commander (main), community office on main and deputy duty, street-patrol shift."""
    posts = {
        "commander": DutyPost(
            code="commander",
            name="值班副所长",
            name_en="Duty commander",
            short="指",
            state=PostState.main,
            min_staff=1,
            max_staff=1,
            call_in=False,
            hours=24,
            eligible=Eligibility(
                roles_any=[Role.deputy_director, Role.director, Role.political_commissar]
            ),
        ),
        "moffice": DutyPost(
            code="moffice",
            name="警务室(正)",
            name_en="Community office (main)",
            short="室",
            state=PostState.main,
            per_community=True,
            min_staff=1,
            hours=24,
            eligible=Eligibility(
                team_kinds=[TeamKind.community], exclude_roles=[Role.deputy_director]
            ),
        ),
        "doffice": DutyPost(
            code="doffice",
            name="警务室(副)",
            name_en="Community office (deputy)",
            short="驻",
            state=PostState.deputy,
            per_community=True,
            hours=9,
            eligible=Eligibility(team_kinds=[TeamKind.community]),
        ),
        "early": DutyPost(
            code="early",
            name="早班",
            name_en="Street patrol early",
            short="早",
            state=PostState.shift,
            min_staff=1,
            max_staff=1,
            hours=8,
            eligible=Eligibility(team_kinds=[TeamKind.street_patrol]),
        ),
    }
    for code, update in changes.items():
        posts[code] = posts[code].model_copy(update=update)
    return list(posts.values())


def tiny_station(
    *,
    officers: list[Officer] | None = None,
    posts: list[DutyPost] | None = None,
    patrol: int = 0,
    cap: int | None = 5,
    extra: list[Officer] = (),  # type: ignore[assignment]
) -> Station:
    """A director, a community team of three deputy directors and three officers in squads
    1-3, and optionally a street-patrol team of `patrol` officers."""
    base = (
        officers
        if officers is not None
        else [
            Officer(id="D", name="所长甲", team="lead", roles=frozenset({Role.director})),
            *(
                Officer(
                    id=f"DD{k}",
                    name=f"副所长{k}",
                    team="c1",
                    roles=frozenset({Role.deputy_director}),
                    squad=k,
                )
                for k in (1, 2, 3)
            ),
            *(Officer(id=f"R{k}", name=f"民警{k}", team="c1", squad=k) for k in (1, 2, 3)),
            *(
                Officer(id=f"S{i}", name=f"巡警{i}", team="sp", squad=i % 3 + 1)
                for i in range(1, patrol + 1)
            ),
        ]
    )
    return Station(
        id="tiny",
        name="小所",
        name_en="Tiny station",
        communities=[Community(id="one", name="一社区", name_en="One", short="一")],
        teams=[
            Team(id="lead", name="所领导", name_en="Leadership", kind=TeamKind.leadership),
            Team(
                id="c1",
                name="一社区队",
                name_en="Community team one",
                kind=TeamKind.community,
                community="one",
            ),
            Team(
                id="sp",
                name="巡控队",
                name_en="Street patrol",
                kind=TeamKind.street_patrol,
                max_shifts_per_week=cap,
            ),
        ],
        officers=[*base, *extra],
        posts=posts
        if posts is not None
        else [p for p in tiny_posts() if patrol or p.state is not PostState.shift],
    )
