"""QR codes of the brigade: a sheet per squad and a poster per checkpoint, and the payload
they carry.

Payload (UTF-8 text, so any scanning app can read it):

    RKB1|<kind>|<brigade id>|<item id>|<check>

`kind` is ``SQ`` (a squad's code: the guard's app logs in as that squad) or ``CP`` (a
checkpoint's poster: scanning it is a check-in); `check` is the CRC-32 of everything before the
last '|', as 8 lower-case hex digits, so a damaged or hand-typed payload is refused. A scan
becomes a log row: time, squad (from the squad code the app holds), checkpoint (from the
poster), guard (the app's user). Images are PNG (segno); each sheet is an SVG page holding the
code and, for a squad, its routes and slots, ready to print.
"""

from __future__ import annotations

import html
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from rosterkit.brigade.data import Brigade, clock
from rosterkit.brigade.plan import BrigadePlan
from rosterkit.errors import RosterInputError

PREFIX = "RKB1"


class PayloadKind(StrEnum):
    squad = "SQ"
    checkpoint = "CP"


@dataclass(frozen=True)
class Payload:
    """What a code says: a squad or a checkpoint of a brigade."""

    kind: PayloadKind
    brigade: str
    item: str


def _check(body: str) -> str:
    return f"{zlib.crc32(body.encode('utf-8')):08x}"


def encode_payload(payload: Payload) -> str:
    """The text a QR code carries (see the module's docstring)."""
    for part in (payload.brigade, payload.item):
        if "|" in part or not part:
            raise ValueError(f"{part!r} cannot go into a payload (empty or holding '|')")
    body = f"{PREFIX}|{payload.kind.value}|{payload.brigade}|{payload.item}"
    return f"{body}|{_check(body)}"


def decode_payload(text: str) -> Payload:
    """The payload of a scanned text; a foreign or damaged one raises `RosterInputError`."""
    parts = text.strip().split("|")
    if len(parts) != 5 or parts[0] != PREFIX:
        raise RosterInputError(f"not a brigade code: {text[:60]!r}")
    body = "|".join(parts[:4])
    if parts[4] != _check(body):
        raise RosterInputError(f"damaged brigade code (check digits do not match): {text[:60]!r}")
    try:
        kind = PayloadKind(parts[1])
    except ValueError:
        raise RosterInputError(f"unknown code kind {parts[1]!r}; SQ or CP") from None
    return Payload(kind, parts[2], parts[3])


def _svg_page(title: str, lines: list[str], qr_svg: str) -> str:
    text = "".join(
        f"<text x='40' y='{660 + 26 * i}' font-size='18'>{html.escape(line)}</text>"
        for i, line in enumerate(lines)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        "<svg xmlns='http://www.w3.org/2000/svg' width='210mm' height='297mm' "
        "viewBox='0 0 794 1123'>"
        f"<text x='40' y='60' font-size='30' font-weight='bold'>{html.escape(title)}</text>"
        f"<g transform='translate(147,90)'>{qr_svg}</g>{text}</svg>\n"
    )


def _qr(text: str) -> tuple[Any, str]:
    import segno

    code = segno.make(text, error="m", micro=False)
    # An inline SVG of 500 px for the page, without its XML declaration.
    import io

    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        scale=500 // code.symbol_size(border=2)[0],
        border=2,
        xmldecl=False,
        svgns=False,
    )
    return code, buffer.getvalue().decode("utf-8")


def _png_writer(code: Any) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        code.save(tmp, kind="png", scale=10, border=4)

    return write


def write_qr_sheets(
    folder: Path, brigade: Brigade, plan: BrigadePlan | None = None, *, overwrite: bool = False
) -> list[Path]:
    """For each squad and each checkpoint, a PNG code and an SVG sheet to print, in `folder`."""
    from rosterkit.io import write_atomic, write_text_atomic

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    held: dict[str, list[str]] = {}
    slots: dict[str, list[str]] = {}
    if plan is not None:
        for a in plan.assignments:
            held.setdefault(a.squad, []).extend(r.id for r in brigade.routes_of_area(a.area))
        for slot in plan.slots:
            slots.setdefault(slot.route, []).append(clock(slot.start))
    items = [(PayloadKind.squad, s.id, s.name) for s in brigade.squads]
    items += [(PayloadKind.checkpoint, c.id, c.name) for c in brigade.checkpoints]
    for kind, item, name in items:
        text = encode_payload(Payload(kind, brigade.id, item))
        code, svg = _qr(text)
        stem = f"{'squad' if kind is PayloadKind.squad else 'checkpoint'}-{item}"
        written.append(write_atomic(folder / f"{stem}.png", _png_writer(code), overwrite=overwrite))
        if kind is PayloadKind.squad:
            lines = [f"{item} {name}", f"单位 {brigade.unit(brigade.squad(item).unit).name}"]
            for route_id in held.get(item, []):
                route = brigade.route(route_id)
                times = ", ".join(slots.get(route_id, [])) or brigade.mode(route.mode).name
                lines.append(f"{route_id} {route.name}: {times}")
            title = f"{brigade.name} 巡逻小队打卡码"
        else:
            lines = [f"{item} {name}"]
            title = f"{brigade.name} 巡逻打卡点"
        lines.append(text)
        written.append(
            write_text_atomic(
                folder / f"{stem}.svg", _svg_page(title, lines, svg), overwrite=overwrite
            )
        )
    return written
