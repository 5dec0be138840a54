"""What the command line shows: the live search view, the summary, reasons and violations.

Results go to standard output and everything else (progress, log records, errors) to standard
error, so that output piped to a file holds only the outcome. Text is printed without rich markup
or wrapping: names and messages come from users' files, and a path must stay one piece. For the
same reason control characters in them are shown as escapes (`visible`), so that a value from a
file cannot move the cursor, clear the screen or retitle the terminal.
"""

from __future__ import annotations

import logging
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.logging import RichHandler
from rich.spinner import Spinner
from rich.text import Text

from rosterkit import rules
from rosterkit.calendar import Month
from rosterkit.capacity import Shortfall
from rosterkit.checker import Violation
from rosterkit.fixes import CheckedFix
from rosterkit.result import Conflict, Penalty, Result, SolveStatus
from rosterkit.rules import borrowing, call_in, duty_coverage, fairness, post_staffing
from rosterkit.solver import Progress
from rosterkit.station import Station

_LABEL_WIDTH = 11

Lang = Literal["zh", "en"]

FIX_HINT = (
    "change the inputs so that at least one line above no longer holds: move or shorten a leave "
    "request it names; lower a post's minimum staff or widen who may hold it in the station "
    "file; give a duty group the officers it lacks. Then run 'rosterkit explain' again, as the "
    "month may hold another conflict."
)


_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
"""Control, format and lone surrogate characters: shown as escapes, never sent raw."""


def _escape(char: str) -> str:
    if char == "\n" or unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char
    return char.encode("unicode_escape").decode("ascii")


def visible(text: str) -> str:
    """`text` with every control or format character but the line break written as its escape.

    ESC becomes the four characters ``\\x1b``, a tab ``\\t``, a zero-width space ``\\u200b``, as
    Python writes them; line breaks stay, as they separate the lines of a message.
    """
    if text.isprintable():
        return text
    return "".join(_escape(char) for char in text)


def _visible_part(part: str | Text) -> str | Text:
    if isinstance(part, str):
        return visible(part)
    shown = visible(part.plain)
    # The Text parts of this module carry one style each; an escaped one keeps that style.
    return part if shown == part.plain else Text(shown, style=part.style)


class Ui:
    """The two output streams of one command.

    `say` and `error` print text as it is: rich markup in it is not read, and control
    characters are shown escaped (`visible`).
    """

    def __init__(self) -> None:
        self.out = Console(highlight=False, markup=False, soft_wrap=True, emoji=False)
        self.err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True, emoji=False)

    def say(self, *parts: str | Text) -> None:
        """One line on standard output."""
        self.out.print(Text.assemble(*(_visible_part(part) for part in parts)))

    def field(self, label: str, value: str) -> None:
        """A summary line: a label, then its value."""
        pad = " " * max(1, _LABEL_WIDTH - cell_len(label))
        self.say(Text(f"  {label}{pad}", style="bold"), value)

    def error(self, message: str) -> None:
        """An error message, on standard error."""
        self.err.print(Text.assemble(("error: ", "bold red"), visible(message)))


def _visible_record(record: logging.LogRecord) -> bool:
    """A log record's message with its control characters escaped (values come from files)."""
    record.msg, record.args = visible(record.getMessage()), None
    return True


@contextmanager
def library_log(ui: Ui, *, debug: bool) -> Iterator[None]:
    """Show the library's log records on standard error while a command runs: warnings, or
    everything with --debug. The logger is left as it was found afterwards."""
    logger = logging.getLogger("rosterkit")
    handler = RichHandler(console=ui.err, show_time=False, show_path=False)
    handler.addFilter(_visible_record)
    said: set[tuple[int, str]] = set()

    def once(record: logging.LogRecord) -> bool:
        """A message is said once per run, however often the library logs it."""
        key = (record.levelno, record.getMessage())
        if key in said:
            return False
        said.add(key)
        return True

    handler.addFilter(once)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def gap(objective: int, bound: int) -> float:
    """Relative distance of the best roster's cost from the proven bound (as `Result.gap`)."""
    return 0.0 if objective == 0 else (objective - bound) / abs(objective)


class SearchView:
    """The live line shown while CP-SAT searches: elapsed time, best cost, bound and gap.

    Pass it as the `progress` hook of `rosterkit.solve`; rich redraws it several times a second.
    """

    def __init__(self, title: str, time_limit: float) -> None:
        self.title = title
        self.time_limit = time_limit
        self.started = time.perf_counter()
        self.latest: Progress | None = None
        self._spinner = Spinner("dots")

    def __call__(self, progress: Progress) -> None:
        self.latest = progress

    def line(self) -> str:
        """The view as text, short enough for a narrow terminal."""
        clock = f"{time.perf_counter() - self.started:.1f}/{self.time_limit:g} s"
        if self.latest is None:
            return f"{self.title} · looking for a first roster · {clock}"
        best, bound = self.latest.objective, self.latest.bound
        return f"{self.title} · best {best} · bound {bound} · gap {gap(best, bound):.1%} · {clock}"

    def __rich__(self) -> Spinner:
        self._spinner.update(text=Text(self.line()))
        return self._spinner


def station_title(station: Station) -> str:
    return f"{station.name} ({station.name_en})"


_SUMMARY: dict[str, tuple[str, str]] = {
    "header": (
        "{title} · {month} · 民警{officers}名 · 请假{leave}条",
        "{title} · {month} · {officers} officers · {leave} leave requests",
    ),
    "status": ("状态", "status"),
    "optimal": (
        "最优：在这些规则下没有代价更低的排班",
        "optimal: no roster costs less under these rules",
    ),
    "feasible": (
        "可行：限定时间内找到的最好排班；加大 --time-limit 可能找到代价更低的",
        "feasible: the best roster found in the time allowed; a longer --time-limit may find "
        "a cheaper one",
    ),
    "objective": ("总代价", "objective"),
    "objective.value": (
        "{objective}（下界 {bound}，差距 {gap}），用时 {seconds} 秒",
        "{objective} (bound {bound}, gap {gap}) in {seconds} s",
    ),
    "staffing": ("岗位", "staffing"),
    "below_min": (
        "{count}个岗位日人数超出最低或最高要求",
        "{count} post-days outside their minimum or maximum staff",
    ),
    "all_min": ("每个岗位都达到最低人数", "every post has at least its minimum staff"),
    "all_target": ("，且都达到目标人数", ", and every post its target"),
    "below_target": (
        "；{count}个岗位日低于目标人数，共缺{short}人（{which}）",
        "; {count} post-days below target, {short} officers short ({which})",
    ),
    "fairness": ("均衡", "fairness"),
    "call_ins": ("休班抽调{count}次（{who}）", "{count} call-ins ({who})"),
    "no_call_ins": ("无休班抽调", "no call-ins"),
    "borrowed": ("；跨社区借调{count}天（{who}）", "; {count} days borrowed ({who})"),
    "even": (
        "；各队勤务次数差距均在允许范围内",
        "; no team's duty counts spread beyond the allowance",
    ),
    "uneven": ("；超出允许差距：{which}", "; spread beyond the allowance: {which}"),
    "squads": ("班组调整", "squads"),
    "moves": (
        "人员变动后重新均衡，调动{count}人：{which}",
        "re-balanced after the head count changed, {count} moved: {which}",
    ),
    "move": (
        "{name}({officer}) {before}组→{after}组",
        "{officer} {name} group {before} -> {after}",
    ),
    "joined": ("新加入", "joined"),
    "cost": ("分项代价", "cost"),
    "cost.rule": ("{rule}：{units}（代价 {cost}）", "{rule}: {units} (cost {cost})"),
    "cost.none": ("无：所有软约束均满足", "nothing: every soft rule is met"),
    "checker": ("校验", "checker"),
    "broken": (
        "违反规则{count}处；运行 'rosterkit check {file}' 查看",
        "{count} broken rules; run 'rosterkit check {file}'",
    ),
    "clean": ("独立校验未发现违反规则", "the independent checker finds no broken rule"),
    "written": ("文件", "written"),
    "more": ("…另{count}项", "… {count} more"),
    "separator": ("；", "; "),
    "list": ("、", ", "),
}
"""The summary's words: (Chinese, English)."""


def _say(key: str, lang: Lang, **values: object) -> str:
    zh, en = _SUMMARY[key]
    return (zh if lang == "zh" else en).format(**values)


def _first(keys: Sequence[str], lang: Lang = "en", shown: int = 6) -> str:
    more = _say("more", lang, count=len(keys) - shown) if len(keys) > shown else ""
    joined = _say("list", lang).join(keys[:shown])
    return joined + (_say("list", lang) if more and lang == "en" else "") + more


def _key_words(station: Station, result: Result, lang: Lang) -> Callable[[str], str]:
    """A penalty's key in words: as it is in English; in Chinese named as the workbook names
    it (officers, posts, teams, figures)."""
    if lang != "zh" or result.roster is None:
        return lambda key: key
    from rosterkit.excel.book import Book
    from rosterkit.excel.report_sheets import penalty_key_text

    book = Book(station, result, result.roster, None, "zh")
    return lambda key: penalty_key_text(book, key)


def _staffing(
    violations: Sequence[Violation],
    penalties: Sequence[Penalty],
    lang: Lang = "en",
    key: Callable[[str], str] = str,
) -> str:
    """Posts below their minimum (broken rules) and below their target (a soft rule's cost)."""
    below_min = [v for v in violations if v.rule == post_staffing.RULE.id]
    short = [p for p in penalties if p.rule == duty_coverage.RULE.id]
    text = _say("below_min", lang, count=len(below_min)) if below_min else _say("all_min", lang)
    if not short:
        return text + _say("all_target", lang)
    return text + _say(
        "below_target",
        lang,
        count=len(short),
        short=sum(p.amount for p in short),
        which=_first([key(p.key) for p in short], lang),
    )


def _fairness(
    station: Station,
    penalties: Sequence[Penalty],
    lang: Lang = "en",
    key: Callable[[str], str] = str,
) -> str:
    """Who was called in, and which team's duty counts spread beyond the allowance."""
    names = {officer.id: f"{officer.name} {officer.id}" for officer in station.officers}
    call_ins = [p for p in penalties if p.rule == call_in.RULE.id]
    uneven = [p for p in penalties if p.rule == fairness.RULE.id]
    called = [names.get(p.key, p.key) + (f" ×{p.amount}" if p.amount > 1 else "") for p in call_ins]
    text = (
        _say("call_ins", lang, count=sum(p.amount for p in call_ins), who=_first(called, lang))
        if call_ins
        else _say("no_call_ins", lang)
    )
    lent = [p for p in penalties if p.rule == borrowing.RULE.id]
    if lent:
        who = [names.get(p.key, p.key) + (f" ×{p.amount}" if p.amount > 1 else "") for p in lent]
        text += _say("borrowed", lang, count=sum(p.amount for p in lent), who=_first(who, lang))
    if not uneven:
        return text + _say("even", lang)
    return text + _say(
        "uneven", lang, which=_first([f"{key(p.key)} +{p.amount}" for p in uneven], lang)
    )


def _costs(penalties: Sequence[Penalty], lang: Lang = "en") -> str:
    """What each soft rule cost, dearest first."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for penalty in penalties:
        totals[penalty.rule][0] += penalty.amount
        totals[penalty.rule][1] += penalty.cost
    ranked = sorted(totals.items(), key=lambda item: -item[1][1])
    return _say("separator", lang).join(
        _say("cost.rule", lang, rule=rules.name(rule, lang), units=units, cost=cost)
        for rule, (units, cost) in ranked
    )


def _moves(station: Station, result: Result, lang: Lang) -> str:
    """The squad moves of a re-balanced month, officer by officer (`Result.squad_moves`)."""
    said = [
        _say(
            "move",
            lang,
            officer=move.officer_id,
            name=station.officer(move.officer_id).name,
            before=_say("joined", lang) if move.before is None else move.before,
            after=move.after,
        )
        for move in result.squad_moves
    ]
    return _say("moves", lang, count=len(said), which=_first(said, lang))


def show_summary(
    ui: Ui,
    station: Station,
    month: Month,
    result: Result,
    *,
    leave_requests: int,
    violations: Sequence[Violation],
    written: Path,
    lang: Lang = "en",
) -> None:
    """One screen on a generated roster, in `lang`: status, cost, staffing, fairness, checker,
    file."""
    title = station.name if lang == "zh" else station_title(station)
    header = _say(
        "header",
        lang,
        title=title,
        month=month,
        officers=len(station.officers),
        leave=leave_requests,
    )
    ui.say(Text(header, style="bold"))
    key = _key_words(station, result, lang)
    status = "optimal" if result.status is SolveStatus.optimal else "feasible"
    ui.field(_say("status", lang), _say(status, lang))
    ui.field(
        _say("objective", lang),
        _say(
            "objective.value",
            lang,
            objective=result.objective,
            bound=result.best_bound,
            gap=f"{result.gap or 0.0:.1%}",
            seconds=f"{result.wall_time:.1f}",
        ),
    )
    ui.field(_say("staffing", lang), _staffing(violations, result.penalties, lang, key))
    ui.field(_say("fairness", lang), _fairness(station, result.penalties, lang, key))
    if result.squad_moves:
        ui.field(_say("squads", lang), _moves(station, result, lang))
    ui.field(_say("cost", lang), _costs(result.penalties, lang) or _say("cost.none", lang))
    ui.field(
        _say("checker", lang),
        _say("broken", lang, count=len(violations), file=written)
        if violations
        else _say("clean", lang),
    )
    ui.field(_say("written", lang), str(written.resolve()))


def show_reasons(
    ui: Ui,
    month: Month,
    reasons: Sequence[str],
    status: SolveStatus,
    conflicts: Sequence[Conflict] = (),
    station: Station | None = None,
    lang: Lang = "en",
    fixes: Sequence[CheckedFix] | None = None,
) -> None:
    """Why no roster came back, and what would fix it. With the `conflicts` the search named
    (and their `station`), they are said by rule in `lang`, each rule with its fix, then the
    `fixes` checked (when they were looked for)."""
    if status is not SolveStatus.infeasible:
        ui.say(Text(f"No roster for {month}: ", style="bold red"), "; ".join(reasons))
        if status is SolveStatus.timed_out:
            ui.say("Allow more time with --time-limit.")
        return
    if not reasons:
        ui.say(
            Text(f"{month} cannot be rostered", style="bold red"),
            ", but no small set of conflicting rules was found in the time allowed; "
            "allow more time with --time-limit.",
        )
        return
    if conflicts and station is not None:
        _show_conflicts(ui, month, conflicts, station, lang)
        if fixes is not None:
            show_fixes(ui, fixes, lang)
        return
    ui.say(
        Text(f"{month} cannot be rostered", style="bold red"),
        ": these rules and requests cannot all hold together:",
    )
    for reason in reasons:
        ui.say(f"  - {reason}")
    ui.say(Text("What would fix it: ", style="bold"), FIX_HINT)


def _show_conflicts(
    ui: Ui, month: Month, conflicts: Sequence[Conflict], station: Station, lang: Lang
) -> None:
    """The conflict by rule: the rule's name, what each of its constraints demands, the roles
    of the officers named, and the rule's fix."""
    from rosterkit.explanation import grouped

    zh = lang == "zh"
    if zh:
        ui.say(
            Text(f"{month.year}年{month.month}月无法排班", style="bold red"),
            "：以下规则不能同时满足：",
        )
    else:
        ui.say(
            Text(f"{month} cannot be rostered", style="bold red"),
            ": these rules cannot all hold together:",
        )
    for group in grouped(conflicts, station, lang):
        ui.say(Text(f"  {group.name}", style="bold"))
        for detail in group.details:
            ui.say(f"    - {detail}")
        for role in group.roles:
            ui.say(f"    - {role}")
        if group.fix:
            ui.say(f"    {'办法' if zh else 'Fix'}{'：' if zh else ': '}{group.fix}")
    if zh:
        ui.say("改动后请再运行 'rosterkit explain'：本月可能还有别的冲突。")
    else:
        ui.say("Then run 'rosterkit explain' again, as the month may hold another conflict.")


def show_shortfalls(
    ui: Ui,
    month: Month,
    shortfalls: Sequence[Shortfall],
    lang: Lang,
    fixes: Sequence[CheckedFix] | None = None,
) -> None:
    """Why a month cannot be rostered, found by counting before any search: each shortfall with
    its numbers and the officers missing; then the fixes checked to make the month rosterable,
    each with its cost, and the advice that cannot be checked. Without `fixes` (not checked),
    each shortfall's fixes in kind."""
    zh = lang == "zh"
    if zh:
        ui.say(Text(f"{month.year}年{month.month}月无法排班", style="bold red"), "：人数不够：")
    else:
        ui.say(Text(f"{month} cannot be rostered", style="bold red"), ": too few people:")
    for shortfall in shortfalls:
        ui.say(f"  - {shortfall.text(lang)}")
        if fixes is None:
            for in_kind in shortfall.fixes:
                ui.say(f"      {'可以：' if zh else 'fix: '}{in_kind.text(lang)}")
    if fixes is None:
        return
    show_fixes(ui, fixes, lang)


def show_fixes(ui: Ui, fixes: Sequence[CheckedFix], lang: Lang) -> None:
    """The fixes checked to make the month rosterable, each with its cost, then the advice
    that cannot be checked."""
    zh = lang == "zh"
    checked = [fix for fix in fixes if fix.checked]
    advice = [fix for fix in fixes if not fix.checked]
    if checked:
        ui.say(
            Text("验证可行的办法" if zh else "Fixes checked", style="bold"),
            "（每行单独采用即可排班；代价为所得排班的总代价）："
            if zh
            else " (each line alone makes the month rosterable; cost: the roster's objective):",
        )
    else:
        ui.say(
            Text("未找到验证可行的办法" if zh else "No fix checked", style="bold"),
            "：所试的调整均不能使本月可以排班。"
            if zh
            else ": none of the changes tried makes the month rosterable.",
        )
    for fix in checked:
        if zh:
            proven = "最优" if fix.optimal else "限时内最好"
            ui.say(f"  可以：{fix.text(lang)}【已验证，代价 {fix.cost}，{proven}】")
        else:
            proven = "optimal" if fix.optimal else "best found in the time allowed"
            ui.say(f"  fix: {fix.text(lang)} [checked: cost {fix.cost}, {proven}]")
    for fix in advice:
        if zh:
            ui.say(f"  可以：{fix.text(lang)}【未验证，仅供参考】")
        else:
            ui.say(f"  fix: {fix.text(lang)} [not checked: advice only]")


def show_violations(
    ui: Ui,
    source: Path,
    station: Station,
    violations: Sequence[Violation],
    penalties: Sequence[Penalty],
    lang: Lang = "en",
) -> None:
    """Each broken rule of a checked roster in plain words in `lang`, then the count: in
    English '2026-12-03, 张伟 (P003): message [rule]', in Chinese
    '2026-12-03，张伟（P003）：说明【规则名】'."""
    zh = lang == "zh"
    names = {officer.id: officer.name for officer in station.officers}
    for violation in violations:
        where = [violation.day.isoformat()] if violation.day else []
        if violation.officer_id:
            name = names.get(violation.officer_id)
            who = f"{name}（{violation.officer_id}）" if zh else f"{name} ({violation.officer_id})"
            where.append(who if name else violation.officer_id)
        place = ("，" if zh else ", ").join(where) + ("：" if zh else ": ") if where else ""
        rule = f"【{rules.name(violation.rule, 'zh')}】" if zh else f" [{violation.rule}]"
        ui.say(f"  - {place}{violation.text(lang)}{rule}")
    if violations:
        said = f"{source}：违反规则{len(violations)}处" if zh else None
        ui.say(Text(said or f"{source}: {len(violations)} broken rules", style="bold red"))
    else:
        objective = sum(penalty.cost for penalty in penalties)
        if zh:
            what = f"：{_costs(penalties, lang)}" if penalties else ""
            ui.say(
                Text(f"{source}：未发现违反规则", style="bold green"),
                f"；软约束代价{objective}{what}",
            )
            return
        what = f": {_costs(penalties)}" if penalties else ""
        ui.say(
            Text(f"{source}: no broken rule", style="bold green"),
            f"; its soft rules cost {objective}{what}",
        )
