"""QR payloads round-trip through the encoder and decoder; the squad sheets and checkpoint
posters are PDFs of one A4 page each, whose drawn codes carry their payloads."""

from __future__ import annotations

import base64
import re
import zlib
from pathlib import Path

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st

from rosterkit.brigade.data import Brigade, clock
from rosterkit.brigade.plan import BrigadePlan
from rosterkit.brigade.qr import (
    CHECKPOINTS_PDF,
    SQUADS_PDF,
    Payload,
    PayloadKind,
    checkpoint_posters,
    decode_payload,
    encode_payload,
    squad_sheets,
    write_qr_sheets,
)
from rosterkit.errors import RosterInputError

ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}", fullmatch=True)


@given(kind=st.sampled_from(list(PayloadKind)), brigade=ids, item=ids)
def test_payload_round_trip(kind: PayloadKind, brigade: str, item: str) -> None:
    payload = Payload(kind, brigade, item)
    assert decode_payload(encode_payload(payload)) == payload


def test_a_damaged_payload_is_refused() -> None:
    text = encode_payload(Payload(PayloadKind.checkpoint, "qianmen_brigade", "C07"))
    with pytest.raises(RosterInputError, match="damaged"):
        decode_payload(text.replace("C07", "C08"))
    with pytest.raises(RosterInputError, match="not a brigade code"):
        decode_payload("https://example.com")


# --- Reading the PDF back, without a PDF library -------------------------------------------


def pdf_pages(data: bytes) -> list[bytes]:
    """The decoded content stream of each page, in page order (reportlab's layout: a /Pages
    object listing its /Kids, each page naming its /Contents, streams ASCII85 + Flate)."""
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    objects = {int(m[1]): m[2] for m in re.finditer(rb"(?s)\n(\d+) 0 obj\n(.*?)\nendobj", data)}
    pages_dict = next(body for body in objects.values() if b"/Type /Pages" in body)
    kids = [int(k) for k in re.findall(rb"(\d+) 0 R", pages_dict.split(b"/Kids", 1)[1])]
    count = int(re.search(rb"/Count (\d+)", pages_dict)[1])  # type: ignore[index]
    assert count == len(kids)
    assert len(re.findall(rb"/Type /Page\b(?!s)", data)) == count
    pages = []
    for kid in kids:
        contents = int(re.search(rb"/Contents (\d+) 0 R", objects[kid])[1])  # type: ignore[index]
        body = objects[contents]
        assert b"/ASCII85Decode /FlateDecode" in body
        raw = body.split(b"stream\n", 1)[1].rsplit(b"endstream", 1)[0].strip()
        pages.append(zlib.decompress(base64.a85decode(raw.removesuffix(b"~>"))))
    return pages


NUMBER = rb"(-?[\d.]+)"


def drawn_code(page: bytes) -> set[tuple[int, int]]:
    """The dark modules (row, column) of the QR code drawn as rectangles on a page."""
    rects = [
        tuple(float(v) for v in m.groups())
        for m in re.finditer(rb" ".join([NUMBER] * 4) + rb" re", page)
    ]
    module = rects[0][3]
    left = min(r[0] for r in rects)
    top = max(r[1] for r in rects)  # the top row holds the finder patterns' dark modules
    dark = set()
    for x, y, w, h in rects:
        assert h == pytest.approx(module)
        row, first = round((top - y) / module), round((x - left) / module)
        dark |= {(row, first + k) for k in range(round(w / module))}
    return dark


def encoded(payload: str) -> set[tuple[int, int]]:
    matrix = segno.make(payload, error="m", micro=False).matrix
    return {(r, c) for r, row in enumerate(matrix) for c, v in enumerate(row) if v}


def payload_on(page: bytes) -> str:
    found = re.findall(rb"\((RKB1\|[^)]*)\) Tj", page)
    assert len(found) == 1
    return str(found[0].decode("ascii"))


def test_a_page_per_squad_and_checkpoint_each_code_carrying_its_payload(
    tmp_path: Path, qianmen: Brigade, qianmen_november: BrigadePlan
) -> None:
    written = write_qr_sheets(tmp_path, qianmen, qianmen_november)
    assert written == [tmp_path / SQUADS_PDF, tmp_path / CHECKPOINTS_PDF]
    for path, kind, items in [
        (written[0], PayloadKind.squad, [s.id for s in qianmen.squads]),
        (written[1], PayloadKind.checkpoint, [c.id for c in qianmen.checkpoints]),
    ]:
        pages = pdf_pages(path.read_bytes())
        assert len(pages) == len(items)
        for page, item in zip(pages, items, strict=True):
            payload = payload_on(page)
            assert decode_payload(payload) == Payload(kind, qianmen.id, item)
            assert encode_payload(Payload(kind, qianmen.id, item)) == payload
            assert drawn_code(page) == encoded(payload)


def test_a_squad_sheet_lists_its_areas_routes_checkpoints_and_slots(
    qianmen: Brigade, qianmen_november: BrigadePlan
) -> None:
    sheets = squad_sheets(qianmen, qianmen_november)
    assert [s.item for s in sheets] == [s.id for s in qianmen.squads]
    sheet = sheets[0]
    text = "\n".join(sheet.lines)
    assert qianmen.unit(qianmen.squad("S01").unit).name in text
    areas = [a.area for a in qianmen_november.assignments if a.squad == "S01"]
    assert areas
    for area in areas:
        assert f"区域 {area}" in text
        for route in qianmen.routes_of_area(area):
            assert f"线路 {route.id}" in text
            assert " → ".join(f"{c} {qianmen.checkpoint(c).name}" for c in route.checkpoints) in (
                text
            )
            for slot in (s for s in qianmen_november.slots if s.route == route.id):
                assert clock(slot.start) in text
    english = squad_sheets(qianmen, qianmen_november, lang="en")[0]
    assert "Route " in "\n".join(english.lines) and english.payload == sheet.payload


def test_without_a_plan_the_sheet_says_how_to_add_it(qianmen: Brigade) -> None:
    sheet = squad_sheets(qianmen)[0]
    assert any("--plan" in line for line in sheet.lines)
    assert not any(line.strip().startswith(("区域 ", "线路 ")) for line in sheet.lines)


def test_a_poster_names_the_routes_through_its_checkpoint(qianmen: Brigade) -> None:
    posters = checkpoint_posters(qianmen)
    assert [p.item for p in posters] == [c.id for c in qianmen.checkpoints]
    through = [r.id for r in qianmen.routes if "C07" in r.checkpoints]
    poster = next(p for p in posters if p.item == "C07")
    assert through and all(
        any(line.strip().startswith(r) for line in poster.lines) for r in through
    )


def test_png_codes_and_same_bytes_every_time(tmp_path: Path, tiny: Brigade) -> None:
    first = write_qr_sheets(tmp_path / "a", tiny, png=True)
    again = write_qr_sheets(tmp_path / "b", tiny, png=True)
    pngs = [p for p in first if p.suffix == ".png"]
    assert len(pngs) == len(tiny.squads) + len(tiny.checkpoints)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    assert (tmp_path / "a" / "png" / f"squad-{tiny.squads[0].id}.png") in pngs
    for one, two in zip(first, again, strict=True):
        assert one.read_bytes() == two.read_bytes()


def test_existing_files_are_kept_and_a_foreign_plan_refused(
    tmp_path: Path, tiny: Brigade, qianmen_november: BrigadePlan
) -> None:
    write_qr_sheets(tmp_path, tiny)
    before = (tmp_path / SQUADS_PDF).read_bytes()
    with pytest.raises(RosterInputError, match="exists"):
        write_qr_sheets(tmp_path, tiny, lang="en")
    assert (tmp_path / SQUADS_PDF).read_bytes() == before
    with pytest.raises(RosterInputError, match="qianmen_brigade"):
        squad_sheets(tiny, qianmen_november)
