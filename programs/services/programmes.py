"""Writes of a programme: its passport, tracks and participants."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from core.errors import ApplicationError
from schools.models import Municipality, School

from ..deadlines import deadline_parse
from ..models import Program, ProgramParticipant, ProgramTrack
from .plan_import import deadline_fields

PROGRAM_CODE_TAKEN = "Программа с кодом «{code}» уже есть."
PROGRAM_PERIOD_ORDER = "Окончание периода не может быть раньше начала."
PROGRAM_MUNICIPALITY_SCOPE = "Нельзя создать программу для муниципалитета вне вашей зоны доступа."
PROGRAM_SCHOOL_UNKNOWN = "ОО с кодом «{code}» нет в муниципалитете программы."
PROGRAM_TRACK_UNKNOWN = "В программе нет трека № {number}."
PROGRAM_YEAR_OUTSIDE = "Год {year} вне периода программы."


@dataclass
class TrackData:
    number: int
    title: str


@dataclass
class ParticipantData:
    school: str  # code
    year: int
    track: int | None = None


def program_save(
    *,
    user,
    program: Program | None = None,
    code: str,
    title: str,
    municipality: Municipality,
    period_start: datetime.date,
    period_end: datetime.date,
    kind: str = Program.Kind.PROGRAM,
    order_number: str = "",
    order_date: datetime.date | None = None,
    developer: str = "",
    executors: str = "",
    coordinator: str = "",
    goal: str = "",
    period_text: str = "",
    main_idea: str = "",
    funding_sources: str = "",
    normative_basis: str = "",
    tasks: list[str] | None = None,
    expected_results: list[str] | None = None,
    risks: list[dict] | None = None,
    block_titles: dict[str, str] | None = None,
    tracks: list[TrackData] | None = None,
    participants: list[ParticipantData] | None = None,
) -> Program:
    """Create (program=None) or update a programme with its passport, tracks and participants (None: keep)."""
    if not Municipality.objects.visible_to(user).filter(pk=municipality.pk).exists():
        raise ApplicationError(PROGRAM_MUNICIPALITY_SCOPE)
    if period_end < period_start:
        raise ApplicationError(PROGRAM_PERIOD_ORDER)
    others = Program.objects.filter(code=code)
    if program is not None:
        others = others.exclude(pk=program.pk)
    if others.exists():
        raise ApplicationError(PROGRAM_CODE_TAKEN.format(code=code))
    values: dict[str, object] = dict(
        code=code,
        title=title,
        municipality=municipality,
        period_start=period_start,
        period_end=period_end,
        kind=kind,
        order_number=order_number,
        order_date=order_date,
        developer=developer,
        executors=executors,
        coordinator=coordinator,
        goal=goal,
        period_text=period_text,
        main_idea=main_idea,
        funding_sources=funding_sources,
        normative_basis=normative_basis,
    )
    for name, value in (
        ("tasks", tasks),
        ("expected_results", expected_results),
        ("risks", risks),
        ("block_titles", block_titles),
    ):
        if value is not None:
            values[name] = value
    with transaction.atomic():
        period_before = None if program is None else (program.period_start, program.period_end)
        if program is None:
            program = Program(created_by=user if getattr(user, "pk", None) else None)
        for name, field_value in values.items():
            setattr(program, name, field_value)
        program.save()
        if period_before is not None and period_before != (program.period_start, program.period_end):
            plan_deadlines_reread(program)
        if tracks is not None:
            _tracks_set(program, tracks)
        if participants is not None:
            _participants_set(program, participants)
    return program


def plan_deadlines_reread(program: Program) -> int:
    """Every plan item's deadline read again over the programme's (changed) period; a date a person set is kept.
    Returns how many items were saved."""
    period = (program.period_start, program.period_end)
    items = list(program.items.all())
    for item in items:
        item.program = program
        if not item.deadline_set_manually:
            deadline = deadline_parse(item.deadline_text, period=period)
            for name, value in deadline_fields(deadline).items():
                setattr(item, name, value)
        item.save()  # the due dates within the period are kept on save
    return len(items)


def _tracks_set(program: Program, tracks: list[TrackData]) -> None:
    keep = []
    for t in tracks:
        track, _ = ProgramTrack.objects.update_or_create(program=program, number=t.number, defaults={"title": t.title})
        keep.append(track.pk)
    program.tracks.exclude(pk__in=keep).delete()


def _participants_set(program: Program, participants: list[ParticipantData]) -> None:
    schools = {
        s.code: s
        for s in School.objects.filter(municipality=program.municipality, code__in={p.school for p in participants})
    }
    tracks = {t.number: t for t in program.tracks.all()}
    years = set(program.years)
    wanted = {}
    for p in participants:
        if p.school not in schools:
            raise ApplicationError(PROGRAM_SCHOOL_UNKNOWN.format(code=p.school))
        if p.year not in years:
            raise ApplicationError(PROGRAM_YEAR_OUTSIDE.format(year=p.year))
        if p.track is not None and p.track not in tracks:
            raise ApplicationError(PROGRAM_TRACK_UNKNOWN.format(number=p.track))
        wanted[(schools[p.school].pk, p.year)] = tracks.get(p.track) if p.track is not None else None
    existing = {(x.school_id, x.year): x for x in program.participants.all()}
    for key, participant in existing.items():
        if key not in wanted:
            participant.delete()
    for (school_id, year), track in wanted.items():
        current = existing.get((school_id, year))
        if current is None:
            ProgramParticipant.objects.create(program=program, school_id=school_id, year=year, track=track)
        elif current.track_id != getattr(track, "pk", None):
            current.track = track
            current.save()
