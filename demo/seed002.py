"""Seed 002: Партизанский городской округ (Приморский край), программа по повышению качества образования ШНОР и
ШНСУ на 2022–2024 годы, утверждена приказом управления образования от 10.01.2022 № 4-а.

As the document has it: the eight ШНОР it lists (МБОУ «СОШ» № 1, 2, 3, 5, 12, 22, 24, 50 — Rosobrnadzor's list
from the 2019 and 2021 results) through the official-list import, № 1 and № 50 in «500+» in 2022; the eight as the
programme's participants in each of its years, so that its four indicators are taken over 8 schools (each school
is 12,5 %); the targets 60/70/80, 70/75/80, 100/100/100 and 20/25/30 %; support records that give the figures its
factor analysis prints — teachers of the eight with 27 % of the first category and 21 % of the highest, four of the
eight without a teacher-psychologist, methodological work in every school every year, and partnerships of 2, 2 and
3 schools (25, 25 and 37,5 %). The document names only these eight schools; the city's three others are added as
the partners an agreement needs.
"""

from __future__ import annotations

import datetime

from .common import csv_rows, file_table, official_lists_import, plan_table_import

CODE = "PART"
NAME = "Партизанский городской округ"
REGION_DIGITS = "2505"

LISTED = [int(r["school_number"]) for r in csv_rows("002_shnor_schools.csv")]  # 1, 2, 3, 5, 12, 22, 24, 50
IN_500PLUS = [int(r["school_number"]) for r in csv_rows("002_shnor_schools.csv") if r["in_500plus_2022"] == "yes"]
PARTNERS = [6, 7, 8]
FAR = {12, 22, 24, 50}  # «50 % of schools are far from the centre»: 4 of 8 (the document does not name them)


def C(number: int) -> str:
    return f"{REGION_DIGITS}{number:02d}"


SCHOOLS = [
    (C(n), f"МБОУ «СОШ № {n}»", "СОШ", "г. Партизанск" if n not in FAR else "г. Партизанск, отдалённый микрорайон", "",
     f"СОШ № {n};школа № {n}")
    for n in sorted(LISTED + PARTNERS)
]  # fmt: skip
# Partnerships: two ШНОР from 2022, a third from 2024 (indicator 4: 25 %, 25 %, 37,5 %).
PARTNERSHIPS = [
    (1, 6, datetime.date(2022, 2, 1), None),
    (50, 7, datetime.date(2022, 3, 1), None),
    (22, 8, datetime.date(2024, 2, 1), datetime.date(2024, 12, 31)),
]
TEACHERS_PER_SCHOOL = 12  # 96 teachers in the eight: 26 of the first category (27 %), 20 of the highest (21 %)
CATEGORY_PLAN = {"first": 26, "highest": 20}
WITHOUT_PSYCHOLOGIST = {12, 22, 24, 50}  # «4 (50 %) of 8 schools have no teacher-psychologist»
DIAGNOSED = {2022: 68, 2023: 73, 2024: 78}  # of 96: 70,8 %, 76,0 %, 81,3 % — each year's target met

PERIOD_TEXT = "01.2022 – 12.2024"
FUNDING = (
    "Ресурсное обеспечение Программы дополнительных средств финансирования не требует. Программа реализуется за "
    "счёт взаимодействия всех заинтересованных лиц, на основе планирования и дополнительного создания программ и "
    "проектов деятельности."
)

TASKS = [
    "Подготовка, переподготовка и повышение квалификации педагогов и руководителей ШНОР.",
    "Адресная методическая помощь ШНОР; выравнивание доступа обучающихся к современным условиям обучения и "
    "ресурсам в соответствии с ФГОС.",
    "Развитие сетевого взаимодействия и партнёрства.",
]
RESULTS = [
    "Преобразована система, обеспечивающая доступ к качественному образованию каждого ребёнка, работают механизмы "
    "«социального лифта».",
    "Организованы подготовка, переподготовка и повышение квалификации педагогов и руководителей.",
    "Оказана адресная методическая помощь ШНОР, созданы условия для выравнивания доступа к ресурсам.",
    "Сформировано сетевое взаимодействие и партнёрство ШНОР и ШНСУ.",
]
RISKS = [
    {
        "risk": "Низкий уровень управления качеством: нет своевременных управленческих решений по результатам "
        "оценки, нет системной работы по мотивации педагогов",
        "mitigation": "Анализ результатов ЕГЭ и план повышения качества; мониторинг эффективности программ",
    },
    {
        "risk": "Не функционирует внутришкольная система оценки качества образования (ВСОКО)",
        "mitigation": "Совершенствование внутришкольной системы управления качеством; мониторинг по итогам "
        "четвертей и полугодий",
    },
    {
        "risk": "Низкий кадровый потенциал: нехватка учителей, рост числа педагогов пенсионного возраста, 27 % "
        "педагогов с первой и 21 % с высшей категорией",
        "mitigation": "Курсовая и внекурсовая подготовка, диагностика дефицитов, наставничество",
    },
    {
        "risk": "Нет педагогов-психологов в 4 (50 %) из 8 школ при наличии ставок",
        "mitigation": "Мер в документе не названо",
    },
    {
        "risk": "Удалённость 50 % школ от центра города, низкая доступность культурной и информационной среды",
        "mitigation": "Сетевое взаимодействие и партнёрство; электронное обучение и дистанционные технологии",
    },
]


REMARKS = {
    "Обеспечение комплексного мониторинга": "В документе этот пункт, как и предыдущий, под № 4: нумерация основных "
    "мероприятий повторяется (а первый пункт — без номера).",
}


def registry() -> tuple[str, str, list]:
    return CODE, NAME, SCHOOLS


def users() -> list[tuple]:
    from schools.models import Role

    return [
        ("head_partizansk", Role.HEAD, CODE, "", "Галина", "Партизанская"),
        ("curator_partizansk", Role.CURATOR, CODE, "", "Виктор", "Приморский"),
    ]


def school_codes() -> list[str]:
    return [s[0] for s in SCHOOLS]


def weak_codes() -> set[str]:
    return {C(n) for n in LISTED}


def suspicious_codes() -> set[str]:
    return set()


def drops(row: list) -> bool:
    """Whether a generated row gives way to the document (none here: the exact rows replace their own keys)."""
    return False


def exact_results() -> list[list]:
    return []


def lists(context) -> None:
    rows = [[2021, C(n), "", "ШНОР"] for n in LISTED] + [[2022, C(n), "", "500+"] for n in IN_500PLUS]
    official_lists_import(rows, user=context["users"]["admin"])


def programme(context):
    from programs.services.programmes import ParticipantData, TrackData, program_save
    from schools.models import Municipality

    from .support import plan_remarks

    program = program_save(
        user=context["users"]["admin"],
        code="partizansk-quality-2022",
        municipality=Municipality.objects.get(code=CODE),
        title="Программа по повышению качества образования муниципальных общеобразовательных учреждений, "
        "показывающих низкие результаты обучения, и школ, функционирующих в неблагоприятных социальных условиях, "
        "на 2022–2024 годы",
        order_number="4-а",
        period_text=PERIOD_TEXT,
        funding_sources=FUNDING,
        order_date=datetime.date(2022, 1, 10),
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        developer="Управление образования администрации Партизанского городского округа",
        executors="Управление образования администрации Партизанского городского округа; МКУ Партизанского "
        "городского округа «Центр развития образования»; общеобразовательные организации с низкими "
        "образовательными результатами",
        goal="Создать систему, обеспечивающую каждому ребёнку максимальный доступ к качественному образованию "
        "независимо от места проживания и социального положения семьи; создать механизмы, позволяющие "
        "образованию работать как «социальный лифт».",
        tasks=TASKS,
        expected_results=RESULTS,
        risks=RISKS,
        tracks=[TrackData(1, "Школы с низкими образовательными результатами (перечень Рособрнадзора)")],
        participants=[ParticipantData(C(n), year, 1) for year in (2022, 2023, 2024) for n in LISTED],
    )
    # The passport's main activities (no deadlines in the document; numbered as written — the first without a
    # number, two «4.») and its four monitorings.
    head = context["users"]["head_partizansk"]
    plan_table_import(program, file_table("002_plan.csv"), head)
    plan_remarks(program, head, REMARKS)
    return program


def support_records(context) -> None:
    from mentoring.models import (
        CuratorAssignment,
        CuratorVisit,
        DeficitDiagnostic,
        EventAttendance,
        MethodEvent,
        Partnership,
        Teacher,
    )
    from schools.models import Municipality, School

    from .support import person_name

    municipality = Municipality.objects.get(code=CODE)
    schools = {s.code: s for s in School.objects.filter(municipality=municipality)}
    Partnership.objects.bulk_create(
        [
            Partnership(
                school=schools[C(n)],
                partner=schools[C(partner)],
                agreement_number=f"{k}-СВ",
                agreement_date=start,
                start=start,
                end=end,
                form=Partnership.Form.NETWORK,
                joint_plan="Обмен опытом администраций и педагогов, взаимопосещение уроков, сетевые программы ИУП.",
            )
            for k, (n, partner, start, end) in enumerate(PARTNERSHIPS, start=1)
        ]
    )
    total = TEACHERS_PER_SCHOOL * len(LISTED)
    categories = [c for c, k in CATEGORY_PLAN.items() for _ in range(k)]
    categories += ["conformity" if i % 2 else "none" for i in range(total - len(categories))]
    teachers = []
    for s_index, n in enumerate(LISTED):
        for i in range(TEACHERS_PER_SCHOOL):
            k = s_index * TEACHERS_PER_SCHOOL + i
            psychologist = i == TEACHERS_PER_SCHOOL - 1 and n not in WITHOUT_PSYCHOLOGIST
            teachers.append(
                Teacher(
                    school=schools[C(n)],
                    full_name=person_name(k + 300),
                    subject="Педагог-психолог" if psychologist else ("Математика", "Русский язык и литература",
                                                                       "Начальные классы", "История")[i % 4],
                    category=categories[(k * 37) % total],  # a permutation: 37 and 96 are coprime
                    experience_band="gt20" if k % 3 else "10_20",
                    pension_age=k % 5 == 0,
                    age_band="gt55" if k % 5 == 0 else ("lt35" if k % 7 == 0 else "35_55"),
                    education="higher_ped" if k % 6 else "higher_other",
                )
            )  # fmt: skip
    Teacher.objects.bulk_create(teachers)
    diagnostics = [
        DeficitDiagnostic(
            teacher=t,
            date=datetime.date(year, 10, 1 + k % 25),
            instrument="Диагностика профессиональных дефицитов (ЦРО)",
            subject=True,
            methodological=k % 2 == 0,
        )
        for year, count in DIAGNOSED.items()
        for k, t in enumerate(teachers[(year - 2022) * 5 :] + teachers[: (year - 2022) * 5])
        if k < count
    ]
    DeficitDiagnostic.objects.bulk_create(diagnostics)
    # Methodological work in every listed school every year: a seminar of the ЦРО they all attend, and a visit.
    events = MethodEvent.objects.bulk_create(
        [
            MethodEvent(
                title=f"Городской семинар ЦРО «Управление качеством образования в ШНОР», {year} г.",
                kind="seminar",
                date=datetime.date(year, 11, 17),
                municipality=municipality,
                organiser="МКУ «Центр развития образования»",
                audience="заместители директоров по УВР",
            )
            for year in (2022, 2023, 2024)
        ]
    )
    EventAttendance.objects.bulk_create(
        [EventAttendance(event=e, school=schools[C(n)], participants=2) for e in events for n in LISTED]
    )
    # A methodologist of the ЦРО as the curator of the eight.
    curator = context["users"]["curator_partizansk"]
    CuratorAssignment.objects.bulk_create(
        [CuratorAssignment(curator=curator, school=schools[C(n)], start=datetime.date(2022, 1, 10)) for n in LISTED]
    )
    CuratorVisit.objects.bulk_create(
        [
            CuratorVisit(
                curator=curator,
                school=schools[C(n)],
                date=datetime.date(year, 3, 10 + k),
                lessons_observed=3,
                findings="Анализ ВСОКО и результатов ВПР, посещение уроков.",
                recommendations="Обновить план работы ВСОКО, провести педсовет по итогам ВПР.",
            )
            for year in (2022, 2023, 2024)
            for k, n in enumerate(LISTED)
        ]
    )


def indicators(context) -> None:
    from programs.models import Program

    from .indicators import preset

    user = context["users"]["head_partizansk"]
    program = Program.objects.get(code="partizansk-quality-2022")
    rows = {r["id"]: r for r in csv_rows("002_indicators.csv")}

    def targets(n: str) -> dict:
        return {str(y): int(rows[n][f"target_{y}"]) for y in (2022, 2023, 2024)}

    preset(
        user,
        program,
        "positive_dynamics_share",
        targets=targets("1"),
        note="Показатель 1: «положительная динамика» в документе не определена — снижение доли «2» по процедурам "
        "правила ШНОР к прошлому году. При 8 школах 60/70/80 % требуют не менее 5, 6 и 7 школ (62,5; 75; 87,5 %).",
    )
    preset(
        user,
        program,
        "teachers_diagnosed_share",
        targets=targets("2"),
        note="Показатель 2: педагоги восьми ШНОР; диагностика в году (документ не говорит, нарастающим итогом ли).",
    )
    preset(user, program, "method_work_share", comparator="eq", targets=targets("3"), note="Показатель 3.")
    preset(
        user,
        program,
        "partnership_share",
        targets=targets("4"),
        note="Показатель 4: при 8 школах 20 % и 25 % дают 2 школы (25 %), 30 % — 3 школы (37,5 %).",
    )
