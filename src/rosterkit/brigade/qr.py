"""QR codes of the brigade: a sheet per squad and a poster per checkpoint, and the payload
they carry.

Payload (UTF-8 text, so any scanning app can read it):

    RKB1|<kind>|<brigade id>|<item id>|<check>

`kind` is ``SQ`` (a squad's code: the guard's app logs in as that squad) or ``CP`` (a
checkpoint's poster: scanning it is a check-in); `check` is the CRC-32 of everything before the
last '|', as 8 lower-case hex digits, so a damaged or hand-typed payload is refused. A scan
becomes a log row: time, squad (from the squad code the app holds), checkpoint (from the
poster), guard (the app's user).

The codes are made by segno; the pages to print are PDF (reportlab), an A4 page per squad (its
code, unit, group and, with the month's plan, its areas, routes, checkpoints and slots) and per
checkpoint (a poster: its code, name and the routes through it), the code drawn as vector
squares so that it prints sharp at any size. Chinese text uses reportlab's built-in CID font,
so no font file is needed.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from rosterkit.brigade.data import Brigade, ModeKind, clock
from rosterkit.brigade.plan import BrigadePlan
from rosterkit.errors import RosterInputError

logger = logging.getLogger(__name__)

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


# --- The printed pages -------------------------------------------------------------------------

_WORDS: dict[str, tuple[str, str]] = {
    "squad.title": ("{brigade}　巡逻小队打卡码", "{brigade}: patrol squad code"),
    "point.title": ("{brigade}　巡逻打卡点", "{brigade}: patrol checkpoint"),
    "squad.about": (
        "所属单位：{unit}　功能小组：{group}（{task}）　队员：{members}人",
        "Unit: {unit}   Functional group: {group} ({task})   Members: {members}",
    ),
    "squad.use": (
        "巡逻前用巡逻应用扫描本码登录本小队，再到各打卡点扫码打卡。",
        "Before patrolling, scan this code with the patrol app to log in as this squad, then "
        "scan the poster at each checkpoint.",
    ),
    "squad.plan": ("{month} 巡逻区域、线路与时段（四定）", "{month}: areas, routes and slots"),
    "squad.no_plan": (
        "未附月计划：加 --plan 重新生成，本页即列出本小队的区域、线路、打卡点和时段。",
        "No plan given: run again with --plan to list the squad's areas, routes, checkpoints "
        "and slots on this page.",
    ),
    "squad.no_area": ("本月未分配巡逻区域。", "No area this month."),
    "area": ("区域 {id} {name}，网格 {grid}", "Area {id} {name}, grid {grid}"),
    "route": ("线路 {id} {name}（{mode}，{km} 公里）", "Route {id} {name} ({mode}, {km} km)"),
    "slots": ("时段：{times}", "slots: {times}"),
    "random": (
        "时段：全天随机，每日 {n} 次，时间每日另行通知",
        "slots: random over all hours, {n} a day, times given each day",
    ),
    "stops": ("打卡点：{stops}", "checkpoints: {stops}"),
    "point.routes": ("经过本点的线路：", "Routes through this point:"),
    "point.route": (
        "{id} {name}（区域 {area} {area_name}，网格 {grid}）",
        "{id} {name} (area {area} {area_name}, grid {grid})",
    ),
    "point.use": (
        "巡逻到此请用巡逻应用扫码打卡；发现问题请在应用中上报。",
        "Scan this code with the patrol app when you reach this point; report any problem "
        "you find in the app.",
    ),
    "list": ("、", ", "),
    "arrow": (" → ", " → "),
}
"""The sheets' words: (Chinese, English)."""


def _w(key: str, lang: str, **values: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang == "zh" else en).format(**values)


@dataclass(frozen=True)
class Sheet:
    """One printed A4 page: a squad's sheet or a checkpoint's poster.

    `lines` are printed below the code; each two leading spaces indent a line one step.
    """

    kind: PayloadKind
    item: str
    title: str
    heading: str
    lines: tuple[str, ...]
    payload: str


def _grid_words(brigade: Brigade, grid_id: str) -> str:
    return f"{grid_id} {brigade.grid(grid_id).name}"


def squad_sheets(
    brigade: Brigade, plan: BrigadePlan | None = None, *, lang: str = "zh"
) -> list[Sheet]:
    """A sheet per squad, in the brigade's order: its code, unit, group and, with a `plan`, its
    areas, routes, checkpoints and time slots of the plan's month."""
    _same_brigade(brigade, plan)
    held: dict[str, list[str]] = {}
    starts: dict[str, list[int]] = {}
    if plan is not None:
        for a in plan.assignments:
            if brigade.has("areas", a.area):
                held.setdefault(a.squad, []).append(a.area)
        for slot in sorted(plan.slots, key=lambda s: (s.route, s.slot)):
            starts.setdefault(slot.route, []).append(slot.start)
    sheets = []
    for squad in brigade.squads:
        group = brigade.group(squad.group)
        lines = [
            _w(
                "squad.about",
                lang,
                unit=brigade.unit(squad.unit).name,
                group=group.name if lang == "zh" else group.name_en,
                task=group.task,
                members=squad.members,
            ),
            _w("squad.use", lang),
            "",
        ]
        if plan is None:
            lines.append(_w("squad.no_plan", lang))
        else:
            lines.append(_w("squad.plan", lang, month=plan.month))
            if squad.id not in held:
                lines.append("  " + _w("squad.no_area", lang))
            for area_id in held.get(squad.id, []):
                area = brigade.area(area_id)
                grid = _grid_words(brigade, area.grid)
                lines.append("  " + _w("area", lang, id=area.id, name=area.name, grid=grid))
                for route in brigade.routes_of_area(area_id):
                    lines += _route_lines(brigade, route.id, starts.get(route.id, []), lang)
        payload = encode_payload(Payload(PayloadKind.squad, brigade.id, squad.id))
        sheets.append(
            Sheet(
                PayloadKind.squad,
                squad.id,
                _w("squad.title", lang, brigade=_brigade_name(brigade, lang)),
                f"{squad.id} {squad.name}",
                tuple(lines),
                payload,
            )
        )
    return sheets


def _route_lines(brigade: Brigade, route_id: str, starts: list[int], lang: str) -> list[str]:
    route = brigade.route(route_id)
    mode = brigade.mode(route.mode)
    name = mode.name if lang == "zh" else mode.name_en
    lines = [
        "    " + _w("route", lang, id=route.id, name=route.name, mode=name, km=route.length_km)
    ]
    if mode.kind is ModeKind.random:
        lines.append("      " + _w("random", lang, n=mode.sessions_per_day))
    else:
        times = _w("list", lang).join(clock(start) for start in starts)
        lines.append("      " + _w("slots", lang, times=times or "—"))
    stops = _w("arrow", lang).join(f"{c} {brigade.checkpoint(c).name}" for c in route.checkpoints)
    lines.append("      " + _w("stops", lang, stops=stops))
    return lines


def checkpoint_posters(brigade: Brigade, *, lang: str = "zh") -> list[Sheet]:
    """A poster per checkpoint, in the brigade's order: its code, its name and the routes
    that pass it."""
    through: dict[str, list[str]] = {}
    for route in brigade.routes:
        for stop in route.checkpoints:
            through.setdefault(stop, []).append(route.id)
    posters = []
    for checkpoint in brigade.checkpoints:
        lines = [_w("point.use", lang), "", _w("point.routes", lang)]
        for route_id in through.get(checkpoint.id, []):
            route = brigade.route(route_id)
            area = brigade.area(route.area)
            lines.append(
                "  "
                + _w(
                    "point.route",
                    lang,
                    id=route.id,
                    name=route.name,
                    area=area.id,
                    area_name=area.name,
                    grid=_grid_words(brigade, area.grid),
                )
            )
        payload = encode_payload(Payload(PayloadKind.checkpoint, brigade.id, checkpoint.id))
        posters.append(
            Sheet(
                PayloadKind.checkpoint,
                checkpoint.id,
                _w("point.title", lang, brigade=_brigade_name(brigade, lang)),
                f"{checkpoint.id} {checkpoint.name}",
                tuple(lines),
                payload,
            )
        )
    return posters


def _brigade_name(brigade: Brigade, lang: str) -> str:
    return brigade.name if lang == "zh" else brigade.name_en


def _same_brigade(brigade: Brigade, plan: BrigadePlan | None) -> None:
    if plan is not None and plan.brigade != brigade.id:
        raise RosterInputError(
            f"the plan is of brigade '{plan.brigade}', not of '{brigade.id}'; give the plan "
            "of this brigade"
        )


# --- PDF (reportlab) ---------------------------------------------------------------------------

CJK_FONT = "STSong-Light"
"""reportlab's built-in Chinese CID font (Adobe-GB1): no font file is needed or embedded; PDF
readers draw it with their own Chinese font."""
PAYLOAD_FONT = "Helvetica"
"""The payload under the code is ASCII, printed in a standard font so it can be typed or read
back from the PDF's text."""
QUIET_ZONE = 4
"""White modules around a QR code, as the standard asks."""


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped, unused-ignore]
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped, unused-ignore]

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` cut into lines no wider than `width`: between words where there are spaces,
    anywhere in Chinese."""
    from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped, unused-ignore]

    lines: list[str] = []
    current = ""
    for char in text:
        if stringWidth(current + char, font, size) <= width or not current:
            current += char
            continue
        cut = current.rfind(" ")
        if cut > 0 and char != " ":
            lines.append(current[:cut])
            current = current[cut + 1 :] + char
        else:
            lines.append(current)
            current = char.lstrip()
    if current or not lines:
        lines.append(current)
    return lines


def _draw_code(canvas: Any, payload: str, x: float, y: float, size: float) -> None:
    """The QR code of `payload` as vector squares in a `size` square whose lower left corner is
    (x, y), quiet zone included: each row's runs of dark modules are one rectangle."""
    import segno

    matrix = segno.make(payload, error="m", micro=False).matrix
    module = size / (len(matrix) + 2 * QUIET_ZONE)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (QUIET_ZONE + r + 1) * module
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            path.rect(x + (QUIET_ZONE + start) * module, top, (c - start) * module, module)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_sheet(canvas: Any, sheet: Sheet) -> None:
    """One A4 page: title, heading, the code, the lines, and the payload in small print."""
    from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped, unused-ignore]

    font = _font()
    width, height = A4
    margin = 42.0
    inner = width - 2 * margin
    canvas.setFont(font, 15)
    canvas.drawCentredString(width / 2, height - 56, sheet.title)
    heading_size = 30.0
    from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped, unused-ignore]

    while heading_size > 12 and stringWidth(sheet.heading, font, heading_size) > inner:
        heading_size -= 1
    canvas.setFont(font, heading_size)
    canvas.drawCentredString(width / 2, height - 100, sheet.heading)
    # A poster's code is larger: it is scanned from a step away, a sheet's from the hand.
    size = 360.0 if sheet.kind is PayloadKind.checkpoint else 280.0
    code_top = height - 118
    _draw_code(canvas, sheet.payload, (width - size) / 2, code_top - size, size)
    canvas.setFont(PAYLOAD_FONT, 8)
    canvas.drawCentredString(width / 2, code_top - size - 2, sheet.payload)
    _draw_lines(canvas, sheet.lines, font, margin, code_top - size - 26, 48.0, inner)


def _draw_lines(
    canvas: Any,
    lines: tuple[str, ...],
    font: str,
    left: float,
    top: float,
    bottom: float,
    width: float,
) -> None:
    """The lines from `top` down to `bottom`, in the largest size (12 pt down to 6) at which
    they fit; past that the last line that fits says how many more there are."""
    indent_step = 14.0

    def laid_out(size: float) -> list[tuple[float, str]]:
        rows: list[tuple[float, str]] = []
        for line in lines:
            depth = (len(line) - len(line.lstrip(" "))) // 2
            indent = depth * indent_step
            rows += [(indent, part) for part in _wrap(line.strip(), font, size, width - indent)]
        return rows

    size = 12.0
    rows = laid_out(size)
    while size > 6 and len(rows) * size * 1.45 > top - bottom:
        size -= 0.5
        rows = laid_out(size)
    fits = int((top - bottom) // (size * 1.45))
    if len(rows) > fits:
        rows = [*rows[: fits - 1], (0.0, f"… +{len(rows) - fits + 1}")]
    canvas.setFont(font, size)
    y = top
    for indent, text in rows:
        canvas.drawString(left + indent, y, text)
        y -= size * 1.45


def sheets_pdf(
    path: str | os.PathLike[str], sheets: list[Sheet], *, title: str, overwrite: bool = False
) -> Path:
    """Write `sheets` as one PDF, an A4 page each, atomically. The same sheets give the same
    bytes (no dates or random ids in the file)."""
    from rosterkit.io import write_atomic

    def write(tmp: Path) -> None:
        from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped, unused-ignore]
        from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped, unused-ignore]

        canvas = Canvas(str(tmp), pagesize=A4, invariant=1, pageCompression=1)
        canvas.setTitle(title)
        canvas.setCreator("rosterkit")
        for sheet in sheets:
            _draw_sheet(canvas, sheet)
            canvas.showPage()
        canvas.save()

    logger.debug("writing %d pages to %s", len(sheets), path)
    return write_atomic(path, write, overwrite=overwrite)


def _png_writer(payload: str) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        import segno

        segno.make(payload, error="m", micro=False).save(str(tmp), kind="png", scale=10, border=4)

    return write


SQUADS_PDF = "squads.pdf"
CHECKPOINTS_PDF = "checkpoints.pdf"


def write_qr_sheets(
    folder: str | os.PathLike[str],
    brigade: Brigade,
    plan: BrigadePlan | None = None,
    *,
    lang: str = "zh",
    png: bool = False,
    overwrite: bool = False,
) -> list[Path]:
    """Into `folder`: `squads.pdf` (a sheet per squad) and `checkpoints.pdf` (a poster per
    checkpoint), one A4 page each, so the brigade office prints each set in one go; with `png`
    also each bare code as `png/squad-<id>.png` and `png/checkpoint-<id>.png` (to send to a
    phone or put into another document). Every file or none is written."""
    from rosterkit.io import all_or_none, write_atomic

    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise RosterInputError("is a file, not a folder", source=str(target))
    squads = squad_sheets(brigade, plan, lang=lang)
    posters = checkpoint_posters(brigade, lang=lang)
    target.mkdir(parents=True, exist_ok=True)
    if png:
        (target / "png").mkdir(exist_ok=True)
    name = _brigade_name(brigade, lang)
    with all_or_none():
        written = [
            sheets_pdf(target / SQUADS_PDF, squads, title=squads[0].title, overwrite=overwrite),
            sheets_pdf(
                target / CHECKPOINTS_PDF, posters, title=posters[0].title, overwrite=overwrite
            ),
        ]
        for sheet in [*squads, *posters] if png else []:
            stem = "squad" if sheet.kind is PayloadKind.squad else "checkpoint"
            written.append(
                write_atomic(
                    target / "png" / f"{stem}-{sheet.item}.png",
                    _png_writer(sheet.payload),
                    overwrite=overwrite,
                )
            )
    logger.info("QR sheets of %s: %d files in %s", name, len(written), target)
    return written
