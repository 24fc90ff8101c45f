"""Reader of Russian free-text deadlines ("Сроки") from municipal plan-schedules.

Pure Python (standard library only, no Django) so it can be used from
migrations, seed loaders and tests alike.

    deadline_parse("Март, ноябрь 2023, 2024 гг.")
    -> Deadline(kind="months", months=(3, 11), years=(2023, 2024), ...)

Kinds
-----
``date``        a due date: «До 05 апреля 2023 г.», «не позднее 20.04.2023».
                ``end`` is the date; ``start`` is None, except for a bare date
                («20.04.2023»), which is an event on that day (start == end).
``month``       one calendar month: «Апрель 2023 г.», «август».
``period``      a continuous span: «Март – апрель 2023 г.»,
                «декабрь 2020 – январь 2021», and year-only wordings
                («2021г» is the whole year 2021-01-01..2021-12-31,
                «В течение 2023, 2024 гг.» is 2023-01-01..2024-12-31).
``months``      several separate occurrences: listed months («Январь, апрель
                2023 г.»), months repeated in several years («Март, ноябрь 2023,
                2024 гг.», «Июль – август 2023, 2024 гг.»), explicit month-years
                («Сентябрь 2023 г. Март 2024 г.»), or months of every year
                («Ежегодно, сентябрь», «2 раза в год (январь, июнь)»; these
                carry a ``recurrence`` and no ``dates``).
``recurring``   a repetition without fixed months: «ежеквартально»,
                «не менее 2 раз в год».
``continuous``  ongoing work: «Постоянно», «В течение года».
``relative``    counted from an event: «в течение 10 дней после мероприятия».
``unparsed``    anything else; a person has to set the date.

Fields
------
``months``      month numbers the item falls in, in written order: (m,) for
                ``month``; the listed months for ``months``; for ``period`` the
                inclusive run of months (wrapping December -> January) when the
                period is at most twelve months long, else ().
``years``       years written in the text (never ``default_year``).
``dates``       (extra) for ``months``: the due date of every concrete
                occurrence, sorted; a listed month is due at its last day, a
                range repeated per year («Июль – август 2023, 2024») at the last
                day of each repetition.  Empty when the months repeat every year
                or no year is known.  When non-empty it is authoritative
                (``months`` x ``years`` is only a summary and need not be the
                cross product, cf. «Сентябрь 2023 г. Март 2024 г.»).
``business_days`` (extra) for ``relative``: the count is in working days.
``occurrences`` the due dates within the programme's period, sorted, when the
                wording was read with a ``period`` (None without one).  A
                wording without a year («март», «в течение года», «ежегодно»,
                «2 раза в год (январь, июнь)») applies to every year of the
                period; a recurrence never falls after the period's end (its
                last occurrence is clipped to the end).  Dated items keep their
                written dates even outside the period.

The programme period
--------------------
``deadline_parse(text, period=(start, end))`` reads a yearless wording in
every year of the period: one year gives the wording's own kind in that year
(«март» in a 2023 plan is the month March 2023); several years give ``months``
with one occurrence per year («март» in 2021–2023: ``dates`` 31.03.2021,
31.03.2022, 31.03.2023, recurrence ``yearly``).  «В течение года» stays
``continuous`` over the period, due at the end of each year.

What «due» and «overdue» mean for an item with several occurrences:
``due_date(today)`` is the next occurrence on or after today (None after the
last); ``is_overdue`` is True when an occurrence has passed and the work has
not started (status «запланировано»), or the last one has passed and the work
is not done.

Recurrence vocabulary (closed)
------------------------------
""                  no repetition
"monthly"           once a month («ежемесячно», «1 раз в месяц»)
"quarterly"         once a quarter («ежеквартально», «не реже одного раза в квартал»)
"half_yearly"       once a half-year («в конце каждого полугодия»)
"yearly"            once a year («ежегодно»)
"times_per_year:N"  N >= 2 times a year («не менее 2 раз в год»; «2 раза в
                    месяц» is times_per_year:24)

``default_year`` fills in a missing year («Март – апрель», «До 30 декабря»,
«август»).  Without it such wordings keep their kind and months but leave
start/end None.  A yearless range whose first month is after its last
(«декабрь – январь») ends in the default year and starts in the previous one,
the same rule as for a range followed by one written year.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace

__all__ = [
    "KINDS",
    "RECURRENCES",
    "Deadline",
    "deadline_parse",
    "is_due_soon",
    "is_overdue",
    "occurrences_in",
]

KINDS = frozenset({"date", "month", "period", "months", "recurring", "continuous", "relative", "unparsed"})
RECURRENCES = ("", "monthly", "quarterly", "half_yearly", "yearly", "times_per_year:N")

# Calendar-period length (in months) for each recurrence word.
_RECURRENCE_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
# Kinds whose ``end`` is a final boundary the whole item can miss.
_FINITE_KINDS = frozenset({"date", "month", "period", "months"})


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: str
    start: datetime.date | None = None
    end: datetime.date | None = None
    months: tuple[int, ...] = ()
    recurrence: str = ""
    relative_days: int | None = None
    years: tuple[int, ...] = ()
    dates: tuple[datetime.date, ...] = ()
    business_days: bool = False
    occurrences: tuple[datetime.date, ...] | None = None

    @property
    def follows_other_plan(self) -> bool:
        """«По плану работы районной школы …»: the term is set by another plan; kept as written, unparsed."""
        return self.kind == "unparsed" and bool(_OTHER_PLAN.match(_normalise(self.text)))

    def due_date(self, *, today: datetime.date) -> datetime.date | None:
        """The next (or current) date by which the item is due, as of `today`.

        date/month/period: ``end``.  months: the next occurrence on or after
        `today` (None after the last one; for months of every year the end of
        the next listed month; None when no year is known).  recurring: the end of the current
        month/quarter/half-year/year.  continuous/relative/unparsed: None.

        With ``occurrences`` (read with a programme period): the next one on or after `today`; once all have passed,
        the last (the one missed, as a dated item keeps its date) - never a date after the programme's end.
        """
        if self.occurrences is not None:
            return next((d for d in self.occurrences if d >= today), self.occurrences[-1] if self.occurrences else None)
        if self.kind in ("date", "month", "period"):
            return self.end
        if self.kind == "months":
            if self.dates:
                return next((d for d in self.dates if d >= today), None)
            if self.months and self.recurrence:  # months of every year
                return _next_month_end(self.months, today)
            return None
        if self.kind == "recurring":
            length = _recurrence_length(self.recurrence)
            return _period_end(today, length) if length else None
        return None


def is_overdue(deadline: Deadline, *, today: datetime.date, done: bool, started: bool = False) -> bool:
    """True when the item is not done and a due date has passed.

    With ``occurrences`` (read with a programme period): an occurrence has passed
    and the work has not started, or the last occurrence has passed (`started`
    is the status «выполняется»).  Without them only items with a fixed end can
    be overdue, once that end has passed.
    """
    if deadline.occurrences is not None:
        if done or not deadline.occurrences or deadline.occurrences[0] >= today:
            return False
        return not started or deadline.occurrences[-1] < today
    if done or deadline.kind not in _FINITE_KINDS or deadline.end is None:
        return False
    return today > deadline.end


def is_due_soon(deadline: Deadline, *, today: datetime.date, days: int = 30) -> bool:
    """True when the due date falls within [today, today + days]."""
    due = deadline.due_date(today=today)
    return due is not None and today <= due <= today + datetime.timedelta(days=days)


# --------------------------------------------------------------------------
# Calendar helpers


def _month_start(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _period_end(today: datetime.date, length: int) -> datetime.date:
    """Last day of the calendar period of `length` months (aligned to January) containing today."""
    last_month = ((today.month - 1) // length + 1) * length
    return _month_end(today.year, last_month)


def _next_month_end(months: tuple[int, ...], today: datetime.date) -> datetime.date:
    """Nearest end of one of `months` (of any year) that is on or after today."""
    candidates = []
    for month in months:
        end = _month_end(today.year, month)
        candidates.append(end if end >= today else _month_end(today.year + 1, month))
    return min(candidates)


def _recurrence_length(recurrence: str) -> int | None:
    """Calendar-period length in months used for the due date of a recurrence."""
    if recurrence in _RECURRENCE_MONTHS:
        return _RECURRENCE_MONTHS[recurrence]
    if recurrence.startswith("times_per_year:"):
        times = int(recurrence.split(":", 1)[1])
        # The longest aligned period that still fits `times` repetitions a year;
        # rounding down keeps the due date conservative (earlier, not later).
        return next((length for length in (12, 6, 3) if length * times <= 12), 1)
    return None


def _month_run(first: int, last: int) -> tuple[int, ...]:
    """Months from `first` to `last` inclusive, wrapping past December."""
    return tuple((first - 1 + i) % 12 + 1 for i in range((last - first) % 12 + 1))


def _dedupe(values: list[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(values))


# --------------------------------------------------------------------------
# Vocabulary


def _month_forms() -> dict[str, int]:
    """Every case form of every month name, plus common abbreviations."""
    soft = {  # stems of months ending in -ь: январь, января, январе, январю, январем
        "январ": 1,
        "феврал": 2,
        "апрел": 4,
        "июн": 6,
        "июл": 7,
        "сентябр": 9,
        "октябр": 10,
        "ноябр": 11,
        "декабр": 12,
    }
    forms: dict[str, int] = {}
    for stem, number in soft.items():
        for ending in ("ь", "я", "е", "ю", "ем"):
            forms[stem + ending] = number
    for stem, number in {"март": 3, "август": 8}.items():
        for ending in ("", "а", "е", "у", "ом"):
            forms[stem + ending] = number
    for ending in ("й", "я", "е", "ю", "ем"):
        forms["ма" + ending] = 5
    abbreviations = {
        "янв": 1,
        "фев": 2,
        "февр": 2,
        "мар": 3,
        "апр": 4,
        "авг": 8,
        "сен": 9,
        "сент": 9,
        "окт": 10,
        "ноя": 11,
        "нояб": 11,
        "дек": 12,
    }
    forms.update(abbreviations)
    return forms


MONTHS: dict[str, int] = _month_forms()

_NUMBER_WORDS = {
    "один": 1,
    "одного": 1,
    "одна": 1,
    "одну": 1,
    "одной": 1,
    "два": 2,
    "две": 2,
    "двух": 2,
    "три": 3,
    "трех": 3,
    "четыре": 4,
    "четырех": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "шести": 6,
    "семь": 7,
    "семи": 7,
    "десять": 10,
    "десяти": 10,
    "пятнадцать": 15,
    "пятнадцати": 15,
    "тридцать": 30,
    "тридцати": 30,
}

# Words that may surround calendar wordings without changing their meaning.
_FILLERS = frozenset({"в", "течение", "и"})

_UNIT_TIMES_PER_YEAR = {"месяц": 12, "квартал": 4, "полугодие": 2, "полгода": 2, "год": 1}
_UNIT_ONCE = {
    "месяц": "monthly",
    "квартал": "quarterly",
    "полугодие": "half_yearly",
    "полгода": "half_yearly",
    "год": "yearly",
}


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


# --------------------------------------------------------------------------
# Normalisation

_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_SPACES = re.compile(r"\s+")
# «2023 г.», «2023, 2024 гг.», «2023 года», «2021г» -> the bare year.
_YEAR_SUFFIX = re.compile(r"(\d{4})\s*(?:гг?|год(?:ами|ах|ов|ы|у|а)?)(?![а-я])\.?")
_PLAN_PREFIX = re.compile(r"^по (?:плану|графику)[^,]*,\s*")
_QUALIFIER_SUFFIX = re.compile(r",?\s+(?:по (?:плану|заявке|графику|согласованию|мере)|согласно)(?:\s|$).*$")
_OTHER_PLAN = re.compile(r"^по (?:плану|графику)(?:\s|$)")
_MULTIPLIERS = re.compile(r"\b(дважды|трижды)\b")


def _normalise(text: str) -> str:
    text = text.lower().replace("ё", "е")
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip()
    text = _YEAR_SUFFIX.sub(r"\1", text)
    return text.strip(" .,;:")


def _strip_qualifiers(text: str) -> str:
    """Drop «по плану работы …,» and «… по заявке …» clauses around the actual term."""
    core = _PLAN_PREFIX.sub("", text)
    core = _QUALIFIER_SUFFIX.sub("", core).strip(" .,;:")
    return core or text


# --------------------------------------------------------------------------
# Matchers: each takes the normalised core text and returns a Deadline or None.
# They are tried in order; the first that understands the wording wins.

_RELATIVE_AFTER = re.compile(
    r"^(?:не позднее|не позже|в течение|в срок до|в срок не позднее|через)\s+"
    r"(?P<n>\d+|[а-я]+)\s+(?P<bd>рабочих\s+|календарных\s+)?(?:дней|дня|день)\s+"
    r"(?:со дня|с даты|с момента|после|по окончании|по завершении|от даты)(?:\s|$)"
)
_RELATIVE_BEFORE = re.compile(
    r"^(?:не позднее,? чем |не менее,? чем |не позже,? чем )?за\s+"
    r"(?P<n>\d+|[а-я]+)\s+(?P<bd>рабочих\s+|календарных\s+)?(?:дней|дня|день)\s+до(?:\s|$)"
)

_DATE_PREFIX = r"(?P<pre>(?:до|не позднее|не позже|в срок до|срок|к|по)\s+)?"
_NUMERIC_DATE = re.compile(rf"^{_DATE_PREFIX}(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}}|\d{{2}})$")
_WORD_DATE = re.compile(rf"^{_DATE_PREFIX}(?P<d>\d{{1,2}})\s+(?P<m>[а-я]+)\.?(?:\s+(?P<y>\d{{4}}))?$")
_END_OF = re.compile(r"^до конца\s+(?P<rest>.+)$")

_CONTINUOUS = re.compile(
    r"^(?:постоянно|на постоянной основе|круглогодично|систематически|весь период"
    r"|в течение всего (?:периода|срока)(?: реализации.*)?"
    r"|в течение (?P<year>(?:календарного )?года)|в течение учебного года)$"
)

_ACADEMIC_YEAR = re.compile(
    r"^(?:в течение |в )?(?P<y1>\d{4})\s*[-/]\s*(?P<y2>\d{4}|\d{2})\s+"
    r"уч(?:ебн[а-я]*)?\.?\s*год[а-я]*$"
)

_RECURRENCE_WORDS = (
    (re.compile(r"^(?:ежемесячно|каждый месяц|в конце каждого месяца)"), "monthly"),
    (re.compile(r"^(?:ежеквартально|поквартально|каждый квартал|в конце каждого квартала)"), "quarterly"),
    (re.compile(r"^(?:каждое полугодие|в конце каждого полугодия|по полугодиям)"), "half_yearly"),
    (re.compile(r"^(?:ежегодно|каждый год|в конце каждого года)"), "yearly"),
)
_RECURRENCE_COUNTED = re.compile(
    r"^(?:(?:не реже|не менее|не чаще|минимум|как минимум)\s+)?"
    r"(?:(?P<n>\d+|[а-я]+)(?:\s*-\s*(?P<n_max>\d+|[а-я]+))?\s+)?раза?\s+в\s+"
    r"(?P<unit>месяц|квартал|полугодие|полгода|год)(?![а-я])"
)
# «по итогам четвертей/полугодий», «по итогам четверти»: at the end of each school term (quarters taken as the
# calendar's, the shorter of the two when both are named).
_BY_TERM = re.compile(r"^по итогам\s+(?P<what>[а-я]+)(?:\s*/\s*[а-я]+)*(?:\s+\(?[а-я]+\)?)?$")
_TERM_RECURRENCE = {
    "четверти": "quarterly",
    "четвертей": "quarterly",
    "триместра": "times_per_year:3",
    "триместров": "times_per_year:3",
    "полугодия": "half_yearly",
    "полугодий": "half_yearly",
    "года": "yearly",
}
# A trailing remark in brackets («(плановый)», «(по графику)») says nothing about the term.
_REMARK_SUFFIX = re.compile(r"\s*\((?:планов[а-я]*|по графику|при необходимости|предварительно)\)$")


def _match_relative(core: str, default_year: int | None) -> dict | None:
    for pattern, sign in ((_RELATIVE_AFTER, 1), (_RELATIVE_BEFORE, -1)):
        match = pattern.match(core)
        if match and (days := _number(match["n"])) is not None:
            return {
                "kind": "relative",
                "relative_days": sign * days,
                "business_days": bool(match["bd"]) and match["bd"].startswith("рабоч"),
            }
    return None


def _build_date(day: int, month: int, year: int | None, named_year: bool, bare: bool) -> dict | None:
    if year is None:
        return {"kind": "date", "years": ()}
    try:
        due = datetime.date(year, month, day)
    except ValueError:
        return None
    return {
        "kind": "date",
        "start": due if bare else None,
        "end": due,
        "years": (year,) if named_year else (),
    }


def _match_date(core: str, default_year: int | None) -> dict | None:
    if match := _NUMERIC_DATE.match(core):
        year: int | None = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
        return _build_date(int(match["d"]), int(match["m"]), year, True, not match["pre"])
    if (match := _WORD_DATE.match(core)) and match["m"] in MONTHS:
        year = int(match["y"]) if match["y"] else default_year
        return _build_date(int(match["d"]), MONTHS[match["m"]], year, bool(match["y"]), not match["pre"])
    return None


def _match_end_of(core: str, default_year: int | None) -> dict | None:
    """«До конца марта 2023 г.» / «до конца 2023 года»: due at the end of that month or year."""
    match = _END_OF.match(core)
    if not match:
        return None
    found = _match_calendar(match["rest"], default_year)
    # Only a single month or whole years have an unambiguous «end».
    if not found or not (found["kind"] == "month" or (found["kind"] == "period" and not found.get("months"))):
        return None
    return {"kind": "date", "end": found.get("end"), "years": found["years"]}


def _match_continuous(core: str, default_year: int | None) -> dict | None:
    match = _CONTINUOUS.match(core)
    if not match:
        return None
    result: dict = {"kind": "continuous"}
    # Only «в течение года» is bound to a calendar year; «постоянно» is not.
    if match["year"] and default_year is not None:
        result.update(start=datetime.date(default_year, 1, 1), end=datetime.date(default_year, 12, 31))
    return result


def _match_academic_year(core: str, default_year: int | None) -> dict | None:
    match = _ACADEMIC_YEAR.match(core)
    if not match:
        return None
    first = int(match["y1"])
    second = int(match["y2"]) if len(match["y2"]) == 4 else first // 100 * 100 + int(match["y2"])
    if second != first + 1:
        return None
    return {
        "kind": "period",
        "start": datetime.date(first, 9, 1),
        "end": datetime.date(second, 8, 31),
        "years": (first, second),
    }


def _split_recurrence(core: str) -> tuple[str, str] | None:
    """Recognise a leading repetition phrase; return (recurrence, rest of the text).

    A range of counts («2-4 раза в полугодие») is read by its smaller count: what the plan commits to."""
    core = _MULTIPLIERS.sub(lambda m: "2 раза" if m[1] == "дважды" else "3 раза", core)
    core = _REMARK_SUFFIX.sub("", core)
    for pattern, recurrence in _RECURRENCE_WORDS:
        if match := pattern.match(core):
            return recurrence, core[match.end() :]
    if (match := _BY_TERM.match(core)) and match["what"] in _TERM_RECURRENCE:
        return _TERM_RECURRENCE[match["what"]], ""
    match = _RECURRENCE_COUNTED.match(core)
    if not match:
        return None
    times = _number(match["n"]) if match["n"] else 1
    if not times:
        return None
    unit = match["unit"]
    recurrence = _UNIT_ONCE[unit] if times == 1 else f"times_per_year:{times * _UNIT_TIMES_PER_YEAR[unit]}"
    return recurrence, core[match.end() :]


def _match_recurring(core: str, default_year: int | None) -> dict | None:
    split = _split_recurrence(core)
    if split is None:
        return None
    recurrence, rest = split
    rest = rest.strip(" ,:;()")
    if not rest or _BY_TERM.match(rest):  # «4 раза в год по итогам четверти/полугодия»: the count says how often
        return {"kind": "recurring", "recurrence": recurrence}
    # «2 раза в год (январь, июнь)», «Ежегодно, сентябрь»: the listed months of every year.
    segments = _segments(rest)
    if not segments or any(s.month is None or s.years or s.dash_before for s in segments):
        return None
    return {"kind": "months", "recurrence": recurrence, "months": _dedupe(_months_of(segments))}


# --- month/year wordings («Апрель – май 2023 г.», «Март, ноябрь 2023, 2024 гг.») ---

_TOKEN = re.compile(r"[а-я]+|\d+|-|[,;.()]|\S")


@dataclass
class _Segment:
    """A month (None for a bare year) with the years written right after it."""

    month: int | None
    years: list[int]
    dash_before: bool


def _segments(text: str) -> list[_Segment] | None:
    """Split a month/year wording into segments, or None if it has other words."""
    tokens = _TOKEN.findall(text)
    # «с марта по май»: «по» is the range dash once the wording opens with «с».
    range_by_words = bool(tokens) and tokens[0] == "с"
    if range_by_words:
        tokens = tokens[1:]
    segments: list[_Segment] = []
    dash_pending = False
    for token in tokens:
        if token == "-" or (range_by_words and token == "по"):
            if not segments or dash_pending:
                return None
            dash_pending = True
        elif token in MONTHS:
            segments.append(_Segment(MONTHS[token], [], dash_pending))
            dash_pending = False
        elif token.isdigit():
            if len(token) != 4 or not 1900 <= int(token) <= 2100:
                return None
            if segments and not dash_pending:
                segments[-1].years.append(int(token))
            else:
                segments.append(_Segment(None, [int(token)], dash_pending))
            dash_pending = False
        elif token in _FILLERS or token in ",;.()":
            continue
        else:
            return None
    return None if dash_pending else segments


def _months_of(segments: list[_Segment]) -> list[int]:
    """The months of segments that each name one (their caller has checked)."""
    months = [s.month for s in segments if s.month is not None]
    assert len(months) == len(segments), "a segment without a month"
    return months


def _match_calendar(core: str, default_year: int | None) -> dict | None:
    segments = _segments(core)
    if not segments:
        return None
    named_years = _dedupe([y for s in segments for y in s.years])
    if all(s.month is None for s in segments):
        result = _years_only(segments)
    elif any(s.month is None for s in segments):
        return None
    elif any(s.dash_before for s in segments):
        result = _month_range(segments, default_year)
    else:
        result = _month_list(segments, default_year)
    if result is not None:
        result.setdefault("years", named_years)
    return result


def _years_only(segments: list[_Segment]) -> dict | None:
    """«2021г», «В течение 2023, 2024 гг.», «2023 – 2024 гг.»: whole calendar years."""
    if len(segments) == 1:
        years = segments[0].years
        if years != list(range(years[0], years[0] + len(years))):
            return None  # non-consecutive years are not one period
        first, last = years[0], years[-1]
    elif len(segments) == 2 and segments[1].dash_before and all(len(s.years) == 1 for s in segments):
        first, last = segments[0].years[0], segments[1].years[0]
        if last < first:
            return None
    else:
        return None
    return {"kind": "period", "start": datetime.date(first, 1, 1), "end": datetime.date(last, 12, 31)}


def _month_range(segments: list[_Segment], default_year: int | None) -> dict | None:
    """«Апрель – май 2023 г.», «Март 2023 г. – апрель 2024 г.», «Июль – август 2023, 2024 гг.»."""
    if len(segments) != 2 or not segments[1].dash_before:
        return None
    first, last = _months_of(segments)
    first_years, last_years = segments[0].years, segments[1].years
    wraps = first > last  # «декабрь – январь»: the range crosses New Year
    if len(first_years) > 1 or (first_years and len(last_years) > 1):
        return None
    if len(last_years) > 1:
        # The same span in each listed year: separate occurrences, due at each span's end.
        return {
            "kind": "months",
            "months": _month_run(first, last),
            "dates": tuple(_month_end(y, last) for y in sorted(last_years)),
            "start": _month_start(min(last_years) - wraps, first),
            "end": _month_end(max(last_years), last),
        }
    start_year: int | None
    end_year: int | None
    if first_years and last_years:
        start_year, end_year = first_years[0], last_years[0]
    elif first_years:
        start_year = first_years[0]
        end_year = start_year + wraps
    else:
        end_year = last_years[0] if last_years else default_year
        start_year = None if end_year is None else end_year - wraps
    if start_year is None or end_year is None:
        return {"kind": "period", "months": _month_run(first, last)}
    start, end = _month_start(start_year, first), _month_end(end_year, last)
    if end < start:
        return None
    span = (end_year - start_year) * 12 + last - first + 1
    return {
        "kind": "period",
        "start": start,
        "end": end,
        "months": _month_run(first, last) if span <= 12 else (),
    }


def _month_list(segments: list[_Segment], default_year: int | None) -> dict | None:
    """«Апрель 2023 г.», «Январь, апрель 2023 г.», «Сентябрь 2023 г. Март 2024 г.»."""
    segment_months = _months_of(segments)
    months = _dedupe(segment_months)
    if len(segments) == 1 and len(segments[0].years) <= 1:
        year = segments[0].years[0] if segments[0].years else default_year
        month = segment_months[0]
        if year is None:
            return {"kind": "month", "months": months}
        return {"kind": "month", "months": months, "start": _month_start(year, month), "end": _month_end(year, month)}
    years_per_segment = _inherit_years(segments, default_year)
    if years_per_segment is None:
        return {"kind": "months", "months": months}
    dates = sorted({_month_end(y, m) for m, ys in zip(segment_months, years_per_segment) for y in ys})
    return {
        "kind": "months",
        "months": months,
        "dates": tuple(dates),
        "start": dates[0].replace(day=1),
        "end": dates[-1],
    }


def _inherit_years(segments: list[_Segment], default_year: int | None) -> list[list[int]] | None:
    """Years for each segment: «Апрель, сентябрь 2023» - a trailing year covers the months before it."""
    if not any(s.years for s in segments):
        return None if default_year is None else [[default_year]] * len(segments)
    result: list[list[int]] = []
    following: list[int] = []
    for segment in reversed(segments):
        following = segment.years or following
        result.append(following)
    result.reverse()
    # Months after the last written year take the year written before them.
    previous: list[int] = []
    for index, segment in enumerate(segments):
        previous = segment.years or previous
        if not result[index]:
            result[index] = previous
    return result


_MATCHERS = (
    _match_relative,
    _match_date,
    _match_end_of,
    _match_continuous,
    _match_academic_year,
    _match_recurring,
    _match_calendar,
)


def _read(core: str, default_year: int | None) -> dict:
    if core:
        for matcher in _MATCHERS:
            try:
                found = matcher(core, default_year)
            except (ValueError, OverflowError):
                found = None  # an impossible date in otherwise familiar words
            if found is not None:
                return found
    return {"kind": "unparsed"}


Period = tuple[datetime.date, datetime.date]


def deadline_parse(text: str, *, default_year: int | None = None, period: Period | None = None) -> Deadline:
    """Read a Russian deadline wording; never raises - unknown wordings are kind "unparsed".

    With `period` (the programme's start and end) a wording without a year applies to every year of the period
    and ``occurrences`` holds the due dates within it (see the module's docstring)."""
    original = (text or "").strip()
    core = _strip_qualifiers(_normalise(original))
    if period is None:
        return Deadline(text=original, **_read(core, default_year))
    bare = _read(core, None)
    if _read(core, period[0].year) != bare:  # the wording needs a year: it applies to every year of the period
        deadline = _every_year(original, core, bare, period)
    else:
        deadline = Deadline(text=original, **bare)
    return _with_occurrences(deadline, period)


def _with_occurrences(deadline: Deadline, period: Period) -> Deadline:
    occurrences = occurrences_in(deadline, period)
    if deadline.kind == "months" and not deadline.dates and occurrences:  # months of every year: their span
        return replace(deadline, start=occurrences[0].replace(day=1), end=occurrences[-1], occurrences=occurrences)
    return replace(deadline, occurrences=occurrences)


def _every_year(original: str, core: str, bare: dict, period: Period) -> Deadline:
    """A yearless wording read in each year of the period; the occurrences that fall within it."""
    start, end = period
    per_year: list[Deadline] = []
    for year in range(start.year, end.year + 1):
        found = Deadline(text=original, **_read(core, year))
        if any(start <= d <= end for d in _own_dates(found)):
            per_year.append(found)
    if len(per_year) == 1:
        return per_year[0]
    if not per_year:
        return Deadline(text=original, **bare)
    first, last = per_year[0], per_year[-1]
    if first.kind == "continuous":
        return Deadline(text=original, kind="continuous", start=max(first.start or start, start), end=last.end)
    dates = tuple(sorted(d for found in per_year for d in _own_dates(found) if start <= d <= end))
    months = first.months or tuple(_dedupe([d.month for d in _own_dates(first)]))
    per_year_count = len(_own_dates(first))
    return Deadline(
        text=original,
        kind="months",
        start=first.start or (first.end.replace(day=1) if first.end else None),
        end=dates[-1],
        months=months,
        recurrence="yearly" if per_year_count == 1 else f"times_per_year:{per_year_count}",
        dates=dates,
    )


def _own_dates(deadline: Deadline) -> tuple[datetime.date, ...]:
    """The due dates a deadline names by itself (no period): its end, or each listed occurrence."""
    if deadline.dates:
        return deadline.dates
    return (deadline.end,) if deadline.end else ()


def occurrences_in(deadline: Deadline, period: Period) -> tuple[datetime.date, ...]:
    """The due dates of a deadline within a programme period, sorted (see the module's docstring).

    date/month/period and listed months: the dates as written.  Months of every year: the end of each listed
    month within the period.  recurring: the end of each month/quarter/half-year/year of the period, the last one
    clipped to the period's end.  continuous: the end of each year it covers (clipped), or the period's end
    («постоянно»).  relative/unparsed: none."""
    start, end = period
    kind = deadline.kind
    if kind in ("date", "month", "period"):
        return (deadline.end,) if deadline.end else ()
    if kind == "months":
        if deadline.dates:
            return tuple(sorted(deadline.dates))
        return tuple(
            sorted(
                d
                for year in range(start.year, end.year + 1)
                for m in deadline.months
                if start <= (d := _month_end(year, m)) <= end
            )
        )
    if kind == "recurring":
        length = _recurrence_length(deadline.recurrence)
        if not length:
            return ()
        return _aligned_ends(start, end, length)
    if kind == "continuous":
        if deadline.start and deadline.end:
            return _aligned_ends(max(start, deadline.start), min(end, deadline.end), 12)
        return (end,)
    return ()


def _aligned_ends(start: datetime.date, end: datetime.date, length: int) -> tuple[datetime.date, ...]:
    """The ends of the calendar periods of `length` months (aligned to January) that overlap [start, end]; the last
    clipped to `end`."""
    if end < start:
        return ()
    out: list[datetime.date] = []
    due = _period_end(start, length)
    while due < end:
        out.append(due)
        following = due + datetime.timedelta(days=1)
        due = _period_end(following, length)
    out.append(end)
    return tuple(out)
