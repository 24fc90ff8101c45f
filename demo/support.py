"""Support records the seeds share the shape of: plan states, teachers, and Lazo's network (seed 004), written in
bulk (a second or less) or through the services where a workflow is recorded."""

import datetime
import math
import random
from decimal import Decimal

from mentoring.models import (
    CuratorAssignment,
    CuratorVisit,
    DeficitDiagnostic,
    EventAttendance,
    EventMaterial,
    EventTeacherAttendance,
    IndividualPlan,
    IndividualPlanItem,
    MentoringPair,
    MethodEvent,
    Partnership,
    PartnershipActivity,
    PDCourse,
    Teacher,
)
from programs.models import PlanItem, RiskFactor, RiskProfileEntry, SchoolDocument
from programs.services.documents import document_create, document_transition, document_version_add
from programs.services.plan_items import plan_item_update
from programs.services.risk_profiles import (
    risk_profile_get_or_create,
    risk_profile_questionnaire_save,
    risk_profile_verify,
)
from schools.models import Municipality, Role, School, SchoolStatus
from schools.services import user_add

D = datetime.date
DESANT_KIND = "methodical_landing"
FESTIVAL_KIND = "festival"
SURNAMES = [
    "Иванова",
    "Петрова",
    "Сидорова",
    "Кузнецова",
    "Смирнова",
    "Попова",
    "Васильева",
    "Соколова",
    "Михайлова",
    "Новикова",
    "Фёдорова",
    "Морозова",
    "Волкова",
    "Алексеева",
    "Лебедева",
    "Семёнова",
    "Егорова",
    "Павлова",
    "Козлова",
    "Степанова",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Захаров",
]
INITIALS = "АВГДЕИЛМНОПСТЮ"
SUBJECTS = [
    "Русский язык и литература",
    "Математика",
    "Начальные классы",
    "Начальные классы",
    "История и обществознание",
    "Английский язык",
    "Биология",
    "Физика",
    "Химия",
    "География",
    "Информатика",
    "Физическая культура",
    "Технология",
    "Музыка",
    "ИЗО",
    "Педагог-психолог",
]
FINDINGS = [
    "Уроки проводятся по традиционной схеме, мало заданий на функциональную грамотность; объективность оценивания ВПР под вопросом.",
    "Внутренняя система оценки качества формальна: анализ ВПР не доведён до уровня учителя.",
    "Педагоги используют формирующее оценивание, но нет единых критериев; молодые учителя без наставников.",
    "План-график антирисковой программы выполняется, протоколы МО ведутся; дефициты по математике сохраняются.",
]
RECOMMENDATIONS = [
    "Включить в планы уроков задания формата ВПР; провести взаимопосещения уроков математики.",
    "Обновить положение о ВСОКО; провести педсовет по результатам ВПР с поурочным анализом.",
    "Закрепить наставников за молодыми специалистами; направить учителей на курсы по формирующему оцениванию.",
]


def _teacher_rows(school: School, rng: random.Random) -> list[Teacher]:
    count = rng.randint(10, 25) if school.type != School.Type.BRANCH else rng.randint(6, 10)
    rows = []
    for i in range(count):
        surname = SURNAMES[(i * 7 + school.pk) % len(SURNAMES)]
        name = f"{surname} {rng.choice(INITIALS)}. {rng.choice(INITIALS)}."
        rows.append(
            Teacher(
                school=school,
                full_name=name,
                subject=SUBJECTS[i % len(SUBJECTS)],
                category=rng.choice(["none", "conformity", "first", "first", "highest"]),
                weekly_load=rng.choice([18, 18, 22.5, 24, 27, 30, 36]),
                experience_band=rng.choice(["lt3", "3_10", "10_20", "gt20", "gt20"]),
                pension_age=(pension := rng.random() < 0.18),
                age_band="gt55" if pension else rng.choice(["lt35", "35_55", "35_55"]),
                education=rng.choice(["higher_ped", "higher_ped", "higher_ped", "higher_other", "secondary_voc"]),
            )
        )
    return rows


def _kind_of(title: str) -> str:
    t = title.lower()
    for words, kind in (
        (("десант",), DESANT_KIND),
        (("фестиваль",), FESTIVAL_KIND),
        (("методическое объединение", "рмо"), "rmo"),
        (("стажировк",), "internship"),
        (("курсы",), "course"),
    ):
        if any(w in t for w in words):
            return kind
    return "seminar"


def _plan_events(by_name: dict) -> list[tuple]:
    """Lazo's plan items 1.2.x that are events: (title, kind, day, host, target share of ШНОР, days to materials)."""
    from .common import csv_rows

    events = []
    for r in csv_rows("004_plan_schedule.csv"):
        if not r["id"].startswith("1.2.") or r["id"] in ("1.2.19", "1.2.20", "1.2.21"):
            continue  # the landing in eight schools is its own series; an expert review and a course are not events
        start = datetime.date.fromisoformat(r["start_date"]) if r["start_date"] else None
        day = (start or datetime.date.fromisoformat(r["end_date"])).replace(day=16)
        target = int(r["target_value"]) if r["target_value"] and "ШНОР represented" in r["target_meaning"] else None
        events.append((r["task_ru"][:300], _kind_of(r["task_ru"]), day, by_name.get(r["venue"]), target, 5))
    return events


def plan_states(program, user, *, today: datetime.date, cancel: int = 1) -> None:
    """Done with facts for most of what is past, some in progress, a few cancelled; the rest stays overdue."""
    items = list(PlanItem.objects.filter(program=program, school__isnull=True).order_by("position"))
    cancelled = 0
    for n, item in enumerate(items):
        past = item.deadline_end is not None and item.deadline_end < today
        if past and n % 5 == 3:
            continue  # left overdue
        if past and cancelled < cancel and n % 7 == 6:
            plan_item_update(
                item=item,
                user=user,
                status=PlanItem.Status.CANCELLED,
                comment="Мероприятие перенесено в региональный план.",
            )
            cancelled += 1
            continue
        if past:
            fact = item.target_value if item.target_value is not None else None
            if fact is not None and n % 4 == 0:
                fact = max(Decimal(0), fact - 10)  # met partly
            plan_item_update(
                item=item,
                user=user,
                status=PlanItem.Status.DONE,
                fact_value=fact,
                completed_on=item.deadline_end,
                fact_text="Выполнено в срок; материалы размещены на сайте управления образования.",
            )
        elif n % 3 == 0:
            plan_item_update(item=item, user=user, status=PlanItem.Status.IN_PROGRESS, fact_text="Идёт подготовка.")


def lazo_support(context, C: dict[str, str], *, shnor: list[str], desant: list[str]) -> None:
    rng = random.Random(4)
    users = context["users"]
    lazo = Municipality.objects.get(code="LAZO")
    by_code = {s.code: s for s in School.objects.filter(municipality=lazo)}
    schools = {key: by_code[code] for key, code in C.items()}
    curator = users["curator"]

    # A second curator: a methodologist of the curator school (МБОУ СОШ № 1 р.п. Переяславка).
    second = user_add(
        username="curator2",
        role=Role.CURATOR,
        municipality_code="LAZO",
        school_code="",
        password=context["password"],
        first_name="Татьяна",
        last_name="Наставникова",
    )
    CuratorAssignment.objects.bulk_create(
        [
            CuratorAssignment(
                curator=curator, school=schools[k], curator_school=schools["pereyaslavka_2"], start=D(2023, 3, 1)
            )
            for k in ("grodekovo", "sokolovka", "durmin")
        ]
    )
    CuratorAssignment.objects.bulk_create(
        [
            CuratorAssignment(
                curator=second, school=schools[code], curator_school=schools["pereyaslavka_1"], start=D(2023, 9, 1)
            )
            for code in ("mukhen", "gvasyugi", "svyatogorye", "sukpay")
        ]
        + [CuratorAssignment(curator=second, school=schools["khor_2"], start=D(2022, 9, 1), end=D(2023, 6, 30))]
    )

    visits = []
    for who, assigned in ((curator, ("grodekovo", "sokolovka", "durmin")), (second, ("mukhen", "gvasyugi", "sukpay"))):
        for n, code in enumerate(assigned):
            first = D(2023, 4, 10) if who == curator else D(2023, 10, 5)
            for k in range(5):
                day = first + datetime.timedelta(days=95 * k + 9 * n)
                if day > D(2025, 12, 20):
                    break
                visits.append(
                    CuratorVisit(
                        curator=who,
                        school=schools[code],
                        date=day,
                        lessons_observed=rng.randint(2, 6),
                        findings=FINDINGS[(k + n) % len(FINDINGS)],
                        recommendations=RECOMMENDATIONS[(k + n) % len(RECOMMENDATIONS)],
                        follow_up_due=day + datetime.timedelta(days=45),
                        follow_up_done=k < 3,
                    )
                )
    CuratorVisit.objects.bulk_create(visits)

    partnerships = Partnership.objects.bulk_create(
        [
            Partnership(
                school=schools["grodekovo"],
                partner=schools["pereyaslavka_2"],
                agreement_number="12/23",
                agreement_date=D(2023, 2, 15),
                start=D(2023, 3, 1),
                end=D(2025, 8, 31),
                form=Partnership.Form.NETWORK,
                joint_plan="Взаимопосещения уроков математики и русского языка; совместные педсоветы по итогам ВПР; "
                "консультации для учителей начальных классов.",
            ),
            Partnership(
                school=schools["sokolovka"],
                partner=schools["khor_3"],
                agreement_number="7-С",
                agreement_date=D(2023, 3, 20),
                start=D(2023, 4, 1),
                end=None,
                form=Partnership.Form.TUTORSHIP,
                joint_plan="Стажировки учителей на базе СОШ № 3 р.п. Хор; сетевые предметные недели.",
            ),
            Partnership(
                school=schools["durmin"],
                partner=schools["khor_1"],
                agreement_number="3/24",
                agreement_date=D(2024, 1, 25),
                start=D(2024, 2, 1),
                end=D(2025, 12, 31),
                form=Partnership.Form.METHODOLOGICAL,
                joint_plan="Методическое сопровождение ВСОКО.",
            ),
        ]
    )
    PartnershipActivity.objects.bulk_create(
        [
            PartnershipActivity(
                partnership=partnerships[0], date=D(2023, 4, 18), title="Взаимопосещение уроков математики, 5–6 классы"
            ),
            PartnershipActivity(
                partnership=partnerships[0], date=D(2023, 11, 9), title="Совместный педсовет по итогам ВПР"
            ),
            PartnershipActivity(
                partnership=partnerships[0], date=D(2024, 10, 22), title="Открытые уроки русского языка"
            ),
            PartnershipActivity(
                partnership=partnerships[1], date=D(2023, 10, 12), title="Стажировка учителей начальных классов"
            ),
            PartnershipActivity(
                partnership=partnerships[1], date=D(2024, 3, 14), title="Сетевая неделя естественных наук"
            ),
            PartnershipActivity(
                partnership=partnerships[2], date=D(2024, 4, 3), title="Семинар по внутренней системе оценки качества"
            ),
        ]
    )

    teachers = []
    for code, school in schools.items():
        if school.municipality_id == lazo.pk:
            teachers.extend(_teacher_rows(school, rng))
    Teacher.objects.bulk_create(teachers)
    by_school: dict[int, list[Teacher]] = {}
    for t in teachers:
        by_school.setdefault(t.school_id, []).append(t)

    host = schools["pereyaslavka_1"]
    # The plan's events of 2023 (items 1.2.1–1.2.22 of 004_plan_schedule.csv) with their venues and «не менее N % ШНОР»;
    # before and after them, events the plan does not list.
    by_name = {s.short_name: s for s in schools.values()}
    events_spec = [
        ("Семинар «Объективность оценивания: от ВПР к текущему контролю»", "seminar", D(2022, 11, 17), host, 90, 8),
        *_plan_events(by_name),
        ("Взаимопосещение уроков русского языка", "lesson_visits", D(2024, 2, 15), schools["pereyaslavka_2"], None, 3),
        ("Круглый стол «ВСОКО в школе с низкими результатами»", "round_table", D(2024, 3, 28), host, 90, 2),
        ("Стажировка: урок функциональной грамотности", "internship", D(2024, 10, 17), schools["khor_3"], 60, 11),
        ("Курсы «Работа с неуспевающими обучающимися»", "course", D(2024, 11, 12), None, None, 5),
        ("Совещание руководителей ШНОР", "meeting", D(2025, 1, 23), host, 100, 1),
        ("РМО учителей русского языка", "rmo", D(2025, 3, 13), host, 90, 7),
        ("Гостевой методический день: наставничество", "guest_day", D(2025, 4, 24), schools["khor_1"], 80, None),
        ("Семинар по итогам ВПР-2025", "seminar", D(2025, 11, 20), host, 90, 6),
    ]
    events = MethodEvent.objects.bulk_create(
        [
            MethodEvent(
                title=title,
                kind=kind,
                date=day,
                municipality=lazo,
                host_school=hosting,
                organiser="МКУ ИМЦ района имени Лазо",
                audience="заместители директоров, учителя-предметники",
                target_share_shnor=target,
            )
            for title, kind, day, hosting, target, _ in events_spec
        ]
    )
    shnor_codes = list(shnor)
    others = [c for c, s in schools.items() if s.municipality_id == lazo.pk and c not in shnor_codes]
    attendance: list[EventAttendance] = []
    materials: list[EventMaterial] = []
    teacher_marks: list[EventTeacherAttendance] = []
    # Item 1.2.19: the municipal team's «методический десант» in the eight schools the document names,
    # March 2023 – April 2024, one visit to each.
    desants = MethodEvent.objects.bulk_create(
        [
            MethodEvent(
                title="«Методический десант»: внутришкольная система профилактики учебной неуспешности",
                kind=DESANT_KIND,
                date=D(2023, 3, 15) + datetime.timedelta(days=52 * n),
                municipality=lazo,
                host_school=schools[key],
                organiser="Муниципальная команда проекта, кураторы, педагоги-новаторы",
                audience="администрация и педагоги ОО",
            )
            for n, key in enumerate(desant)
        ]
    )
    attendance.extend(
        EventAttendance(event=event, school=event.host_school, participants=rng.randint(6, 14)) for event in desants
    )
    for event, (_, _, day, _, target, late_by) in zip(events, events_spec):
        # As many listed schools as the event's «не менее N % ШНОР» asks (the document reports them held).
        represented = math.ceil(len(shnor_codes) * target / 100) if target else rng.randint(6, 10)
        codes = rng.sample(shnor_codes, represented) + rng.sample(others, rng.randint(3, 8))
        for code in codes:
            attendance.append(EventAttendance(event=event, school=schools[code], participants=rng.randint(1, 6)))
        for code in codes[:2]:
            for t in by_school[schools[code].pk][:2]:
                teacher_marks.append(EventTeacherAttendance(event=event, teacher=t))
        if late_by is not None and day < D(2025, 11, 1):
            materials.append(
                EventMaterial(
                    event=event,
                    title="Презентации и материалы мероприятия",
                    url=f"https://imc-lazo.example/materials/{event.pk}",
                    uploaded_at=day + datetime.timedelta(days=late_by),
                )
            )
    EventAttendance.objects.bulk_create(attendance)
    EventMaterial.objects.bulk_create(materials)
    EventTeacherAttendance.objects.bulk_create(teacher_marks)

    courses, diagnostics = [], []
    titles = [
        "Формирование функциональной грамотности",
        "Объективное оценивание образовательных результатов",
        "Обновлённые ФГОС: требования и практика",
        "Работа с обучающимися с трудностями в обучении",
    ]
    for i, t in enumerate(teachers):
        if i % 3 != 2:
            year = 2023 + i % 3
            start = D(year, 3 + i % 8, 1)
            courses.append(
                PDCourse(
                    teacher=t,
                    title=titles[i % len(titles)],
                    provider="ХК ИРО",
                    hours=rng.choice([16, 36, 72]),
                    form=rng.choice(["distance", "distance", "blended", "full_time"]),
                    start=start,
                    end=start + datetime.timedelta(days=20),
                    completed=year < 2025 or i % 2 == 0,
                )
            )
        if i % 2 == 0:
            diagnostics.append(
                DeficitDiagnostic(
                    teacher=t,
                    date=D(2023 + i % 3, 10, 1 + i % 25),
                    instrument="Диагностика профессиональных дефицитов ФИОКО",
                    subject=i % 4 == 0,
                    meta_subject=i % 3 == 0,
                    methodological=i % 5 != 0,
                    psycho_pedagogical=i % 7 == 0,
                )
            )
    PDCourse.objects.bulk_create(courses)
    DeficitDiagnostic.objects.bulk_create(diagnostics)

    grodekovo = by_school[schools["grodekovo"].pk]
    plans = IndividualPlan.objects.bulk_create(
        [IndividualPlan(teacher=t, year=2025, status=IndividualPlan.Status.ACTIVE) for t in grodekovo[:4]]
    )
    IndividualPlanItem.objects.bulk_create(
        [
            item
            for plan in plans
            for item in (
                IndividualPlanItem(
                    plan=plan, title="Курсы по формирующему оцениванию", due=D(2025, 3, 31), status="done"
                ),
                IndividualPlanItem(plan=plan, title="Открытый урок для коллег", due=D(2025, 5, 20)),
                IndividualPlanItem(
                    plan=plan, title="Взаимопосещение уроков в СОШ № 2 р.п. Переяславка", due=D(2025, 10, 15)
                ),
            )
        ]
    )
    pairs = []
    for code in ("grodekovo", "sokolovka", "durmin", "mukhen"):
        staff = by_school[schools[code].pk]
        seniors = [t for t in staff if t.experience_band == "gt20"] or staff[:1]
        juniors = [t for t in staff if t.experience_band == "lt3" and t not in seniors] or staff[-1:]
        for mentor, mentee in zip(seniors, juniors[:2]):
            pairs.append(
                MentoringPair(
                    mentor=mentor,
                    mentee=mentee,
                    form=MentoringPair.Form.EXPERIENCED_YOUNG,
                    start=D(2024, 9, 1),
                    end=D(2025, 6, 30),
                )
            )
    MentoringPair.objects.bulk_create(pairs)


def lazo_documents(context, C: dict[str, str]) -> None:
    users = context["users"]
    school_admin, curator, methodologist = users["school_admin"], users["curator"], users["methodologist"]
    by_code = {
        s.code: s
        for s in School.objects.filter(code__in=[C[k] for k in ("grodekovo", "sokolovka", "durmin", "mukhen")])
    }
    schools = {key: by_code[C[key]] for key in ("grodekovo", "sokolovka", "durmin", "mukhen")}
    factors = {f.code: f for f in RiskFactor.objects.all()}
    year = 2023
    # A non-objectivity mark the computed F6 picks up.
    SchoolStatus.objects.get_or_create(
        school=schools["sokolovka"],
        year=year,
        kind=SchoolStatus.Kind.NONOBJECTIVE,
        source=SchoolStatus.Source.MANUAL,
        defaults={"note": "Признаки необъективности результатов ВПР"},
    )
    # Risk profiles: Гродеково verified (so anti-risk programmes can answer its risks), Соколовка submitted,
    # Дурмин verified, Мухен still a draft.
    plans = {
        "grodekovo": {"R02": "high", "R06": "high", "F3": "medium", "F11": "medium", "R09": "low"},
        "durmin": {"R03": "high", "F4": "medium"},
        "sokolovka": {"R06": "medium", "F2": "medium"},
        "mukhen": {"R01": "low"},
    }
    profiles = {}
    for code, levels in plans.items():
        profile = risk_profile_get_or_create(school=schools[code], year=year)
        answers = {factors[c].pk: (lvl, "Оценка по итогам анкетирования школы") for c, lvl in levels.items()}
        if code != "mukhen":
            risk_profile_questionnaire_save(profile=profile, user=users["admin"], answers=answers, submit=True)
        else:
            risk_profile_questionnaire_save(profile=profile, user=users["admin"], answers=answers)
        profiles[code] = profile
    for code in ("grodekovo", "durmin"):
        profile = profiles[code]
        decisions = {
            e.factor_id: (
                e.level,
                e.level in ("high", "medium") and e.source != RiskProfileEntry.Source.COMPUTED,
                e.comment,
            )
            for e in profile.entries.all()
            if e.level != "none"
        }
        risk_profile_verify(profile=profile, user=curator, decisions=decisions)

    def doc(school, kind, title, factor=None):
        return document_create(
            user=school_admin if school == "grodekovo" else users["admin"],
            school=schools[school],
            kind=kind,
            year=year,
            title=title,
            risk_factor=factors.get(factor) if factor else None,
        )

    def version(d, text, by=None):
        document_version_add(document=d, user=by or users["admin"], text=text)

    def move(d, *steps, remarks=None, by=None):
        for status in steps:
            actor = (
                by
                if by is not None
                else (
                    curator
                    if status
                    in (
                        SchoolDocument.Status.UNDER_REVIEW,
                        SchoolDocument.Status.RETURNED,
                        SchoolDocument.Status.APPROVED,
                    )
                    else users["admin"]
                )
            )
            kwargs = {}
            if status == SchoolDocument.Status.RETURNED:
                kwargs["remarks"] = remarks or []
            if status == SchoolDocument.Status.PUBLISHED:
                kwargs.update(
                    published_url="https://grodekovo.example.ru/docs/concept-2023.pdf",
                    published_on=datetime.date(2023, 5, 4),
                )
            document_transition(document=d, user=actor, to_status=status, **kwargs)

    S = SchoolDocument.Status
    concept = doc(
        "grodekovo", SchoolDocument.Kind.CONCEPT, "Концепция развития МБОУ ООШ с. Гродеково на 2023–2025 годы"
    )
    version(concept, "Концепция развития: миссия, анализ рисков, направления работы.", by=school_admin)
    move(concept, S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.PUBLISHED)

    anti_staff = doc(
        "grodekovo",
        SchoolDocument.Kind.ANTI_RISK,
        "Антирисковая программа «Дефицит педагогических кадров»",
        factor="R02",
    )
    version(anti_staff, "Цель: закрыть вакансии учителей математики и физики к сентябрю 2023 г.", by=school_admin)
    move(
        anti_staff,
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.RETURNED,
        remarks=[
            "Не указаны показатели результативности по годам.",
            "Добавьте меры по привлечению молодых специалистов (целевое обучение, наставничество).",
        ],
    )

    anti_fail = doc(
        "grodekovo",
        SchoolDocument.Kind.ANTI_RISK,
        "Антирисковая программа «Высокая доля обучающихся с рисками учебной неуспешности»",
        factor="R06",
    )
    version(anti_fail, "Индивидуальные образовательные маршруты, дополнительные занятия, мониторинг.", by=school_admin)
    move(anti_fail, S.SUBMITTED)

    quality = doc("grodekovo", SchoolDocument.Kind.QUALITY_PROGRAM, "Программа повышения качества образования")
    version(quality, "Черновик программы.", by=school_admin)

    medium = doc("sokolovka", SchoolDocument.Kind.MEDIUM_TERM, "Среднесрочная программа развития МБОУ СОШ с. Соколовка")
    version(medium, "Среднесрочная программа развития на 2023–2024 годы.")
    move(medium, S.SUBMITTED)
    move(medium, S.UNDER_REVIEW, by=methodologist)

    anti_durmin = doc(
        "durmin",
        SchoolDocument.Kind.ANTI_RISK,
        "Антирисковая программа «Недостаточная предметная и методическая компетентность педагогов»",
        factor="R03",
    )
    version(anti_durmin, "Курсы повышения квалификации, методическое сопровождение, взаимопосещение уроков.")
    move(anti_durmin, S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED)


def factors_ensure() -> None:
    """`seed_demo --reset` wipes the reference factors with the rest of the app; put back the migration's list."""
    from importlib import import_module

    from django.apps import apps

    if not RiskFactor.objects.exists():
        import_module("programs.migrations.0002_risk_factors").seed(apps, None)


def person_name(i: int) -> str:
    """A teacher's name as the registry of staff writes it: «Иванова А. В.»."""
    return (
        f"{SURNAMES[(i * 7) % len(SURNAMES)]} {INITIALS[i % len(INITIALS)]}. {INITIALS[(i * 3 + 1) % len(INITIALS)]}."
    )


def plan_remarks(program, user, remarks: dict[str, str]) -> None:
    """A methodologist's remarks on plan items where the document contradicts itself, shown on the item's page.
    Each key is an item's number, or the start of its title where the document repeats or omits numbers."""
    items = list(PlanItem.objects.filter(program=program, school__isnull=True))
    for key, text in remarks.items():
        item = next(i for i in items if i.number == key or (not key[0].isdigit() and i.title.startswith(key)))
        plan_item_update(
            item=item, user=user, status=item.status, fact_text=item.fact_text, fact_value=item.fact_value, comment=text
        )
