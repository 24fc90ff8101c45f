"""Demo programmes: each municipality's plan loaded through the plan import, in several states of execution;
school documents along the review workflow and a few risk profiles, all written through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from core.tables import Table, table_read
from core.uploads import upload_limits
from demo import SEEDS_DIR
from programs.models import PlanItem, RiskFactor, RiskProfileEntry, SchoolDocument
from programs.services.documents import document_create, document_transition, document_version_add
from programs.services.notifications import notifications_compute
from programs.services.plan_import import plan_import
from programs.services.plan_items import plan_item_update
from programs.services.programmes import ParticipantData, TrackData, program_save
from programs.services.risk_profiles import (
    risk_profile_get_or_create,
    risk_profile_questionnaire_save,
    risk_profile_verify,
)
from schools.models import Municipality, School, SchoolStatus

LAZO_TASKS = [
    "Разработать и внедрить механизмы поддержки ШНОР и школ, функционирующих в сложных социальных условиях.",
    "Обеспечить информационную поддержку ШНОР и ШНСУ, мониторинг перевода школьных программ повышения качества "
    "в эффективный режим функционирования.",
    "Повысить профессиональные компетенции педагогов и управленческих команд через системно-деятельностное "
    "повышение квалификации.",
    "Организовать межшкольное партнёрство и сетевое взаимодействие (ШНОР/ШНСУ — школа-партнёр).",
    "Совершенствовать методическое обеспечение современными методиками и подходами.",
    "Совершенствовать управление качеством в школах через внутреннюю систему оценки качества (ВСОКО) и "
    "управление на основе данных.",
    "Мотивировать участников к достижению высоких результатов.",
    "Создать систему мониторинга образовательной деятельности школ и эффективности муниципальной программы, "
    "подготовить анализ и рекомендации.",
]
LAZO_RESULTS = [
    "Действует система выявления профессиональных дефицитов педагогов и управленческих команд.",
    "Создана инфраструктура поддержки ШНОР/ШНСУ в разработке и реализации программ перехода в эффективный режим.",
    "100 % школ проекта разработали школьные программы повышения качества образования.",
    "Заключены договоры о сотрудничестве ШНОР/ШНСУ со школами-партнёрами.",
    "Проведён входной, промежуточный и итоговый мониторинг проекта.",
    "Ежегодно: не менее 1 семинара или вебинара на базе ШНОР/ШНСУ; курсы повышения квалификации — не менее "
    "5 человек от ШНОР/ШНСУ, не менее 32 часов.",
    "Ежегодно: не менее 4 муниципальных мероприятий по обмену опытом адресной помощи ШНОР/ШНСУ.",
    "Работают профессиональные сообщества руководителей и педагогов; ШНОР/ШНСУ активнее участвуют в конкурсах.",
]
LAZO_TRACKS = [
    TrackData(1, "Адресная методическая помощь школам с низкими образовательными результатами"),
    TrackData(
        2, "Адресная методическая помощь школам, функционирующим в зоне риска снижения образовательных результатов"
    ),
    TrackData(3, "Профилактика учебной неуспешности в школах района"),
]
LAZO_TRACK1 = [
    "pereyaslavka_1",
    "grodekovo",
    "durmin",
    "mukhen",
    "sokolovka",
    "gvasyugi",
    "svyatogorye",
    "sukpay",
    "novostroyka",
    "khor_2",
]
LAZO_TRACK2 = ["khor_3", "bichevaya"]

NOVG_BLOCKS = {
    "1": "Организационно-управленческие мероприятия",
    "2": "Развитие кадрового потенциала руководящих и педагогических работников",
    "3": "Выравнивание возможностей доступа обучающихся к современным условиям обучения",
    "4": "Развитие сетевого взаимодействия и партнёрства",
}


def _csv(name: str) -> Table:
    path = SEEDS_DIR / name
    return table_read(path.read_bytes(), filename=path.name, limits=upload_limits())


def _import(program, table, user) -> None:
    outcome = plan_import(table=table, program=program, user=user)
    if outcome.status != "imported":
        raise RuntimeError(f"demo plan {program.code} rejected: {outcome.errors[:3]}")


def _states(program, user, *, today: datetime.date, cancel: int = 1) -> None:
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


def _slav_table(today: datetime.date) -> Table:
    """A short plan around today: something overdue, something due within a month, something later."""

    def d(days):
        return (today + datetime.timedelta(days=days)).strftime("%d.%m.%Y")

    year = today.year
    rows = [
        [
            "1.1",
            "Организационные мероприятия",
            "Утверждение дорожной карты по повышению качества образования",
            f"до {d(-40)}",
            "Управление образования",
            "Дорожная карта утверждена приказом",
            "",
            "выполнено",
        ],
        [
            "1.2",
            "Организационные мероприятия",
            "Назначение кураторов школ с низкими результатами",
            f"до {d(-20)}",
            "Управление образования",
            "Кураторы назначены для 100 % ШНОР",
            "100",
            "",
        ],
        [
            "1.3",
            "Организационные мероприятия",
            "Совещание руководителей по итогам ВПР",
            f"до {d(12)}",
            "Управление образования",
            "Проведено совещание",
            "",
            "выполняется",
        ],
        [
            "2.1",
            "Методическое сопровождение",
            "Семинар для учителей математики ШНОР",
            f"до {d(25)}",
            "Методический центр",
            "Не менее 90 % ШНОР представлены",
            "90",
            "",
        ],
        [
            "2.2",
            "Методическое сопровождение",
            "Выезды кураторов в школы",
            "ежеквартально",
            "Кураторы",
            "Справки по итогам выездов",
            "",
            "",
        ],
        [
            "2.3",
            "Методическое сопровождение",
            "Консультации для школьных команд",
            "Постоянно",
            "Методический центр",
            "",
            "",
            "",
        ],
        [
            "3.1",
            "Мониторинг",
            "Мониторинг реализации школьных программ",
            f"Декабрь {year} г.",
            "Управление образования",
            "Аналитическая справка",
            "",
            "",
        ],
        [
            "3.2",
            "Мониторинг",
            "Итоговый мониторинг и годовой отчёт",
            f"Март – май {year + 1} г.",
            "Управление образования",
            "Отчёт о реализации программы",
            "",
            "",
        ],
        [
            "3.3",
            "Мониторинг",
            "Публикация итогов на сайте",
            "в течение 10 дней после мероприятия",
            "Методический центр",
            "",
            "",
            "",
        ],
    ]
    headers = [
        "№",
        "Раздел",
        "Мероприятие",
        "Сроки",
        "Ответственные",
        "Ожидаемый результат",
        "Целевое значение",
        "Статус",
    ]
    return Table(
        headers=headers,
        rows=rows,
        row_numbers=list(range(2, len(rows) + 2)),
        header_row_number=1,
        sheet_name=None,
        kind="csv",
    )


def _documents(users) -> None:
    school_admin, curator, methodologist = users["school_admin"], users["curator"], users["methodologist"]
    schools = {s.code: s for s in School.objects.filter(code__in=["grodekovo", "sokolovka", "durmin", "mukhen"])}
    factors = {f.code: f for f in RiskFactor.objects.all()}
    year = 2023
    # A non-objectivity mark the computed F6 picks up.
    SchoolStatus.objects.get_or_create(
        school=schools["sokolovka"],
        year=year,
        kind=SchoolStatus.Kind.NONOBJECTIVE,
        source=SchoolStatus.Source.MANUAL,
        defaults={"note": "Демо: признаки необъективности ВПР"},
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


def _factors_ensure() -> None:
    """`seed_demo --reset` wipes the reference factors with the rest of the app; put back the migration's list."""
    from importlib import import_module

    from django.apps import apps

    if not RiskFactor.objects.exists():
        import_module("programs.migrations.0002_risk_factors").seed(apps, None)


def seed(context) -> None:
    users = context["users"]
    _factors_ensure()
    methodologist, admin = users["methodologist"], users["admin"]
    today = timezone.localdate()
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=["LAZO", "NOVG", "SLAV"])}

    lazo = program_save(
        user=admin,
        code="lazo-effective-school",
        kind="project",
        municipality=municipalities["LAZO"],
        title="Муниципальный проект по оказанию адресной методической помощи общеобразовательным организациям с "
        "низкими образовательными результатами и (или) функционирующим в сложных социальных условиях "
        "«Эффективная школа» в муниципальном районе имени Лазо на 2023–2024 годы",
        order_number="119",
        order_date=datetime.date(2023, 3, 13),
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        developer="Управление образования администрации муниципального района имени Лазо",
        executors="МБУ «Информационно-методический центр муниципального района имени Лазо Хабаровского края»; "
        "общеобразовательные организации из перечня ШНОР и (или) ШНСУ",
        coordinator="Муниципальный координатор регионального проекта «Эффективная школа»",
        goal="Создание в районе инфраструктуры информационно-методической помощи ШНОР и ШНСУ; увеличение доли "
        "школ, реализующих школьные программы повышения качества образования на основе лучших практик.",
        tasks=LAZO_TASKS,
        expected_results=LAZO_RESULTS,
        risks=[
            {
                "risk": "Недостаток педагогических кадров в сельских школах",
                "mitigation": "Наставничество, сетевые формы, дистанционные курсы",
            },
            {
                "risk": "Формальное участие школ в мероприятиях",
                "mitigation": "Мониторинг участия, выезды кураторов, адресные рекомендации",
            },
        ],
        tracks=LAZO_TRACKS,
        participants=[ParticipantData(code, year, 1) for year in (2023, 2024) for code in LAZO_TRACK1]
        + [ParticipantData(code, 2023, 2) for code in LAZO_TRACK2],
    )
    _import(lazo, _csv("004_plan_schedule.csv"), methodologist)
    _states(lazo, methodologist, today=today, cancel=2)

    novg = program_save(
        user=admin,
        code="novg-quality-2021",
        municipality=municipalities["NOVG"],
        title="Муниципальная программа повышения качества образования в школах с низкими результатами обучения "
        "и школах, функционирующих в неблагоприятных социальных условиях, на 2021–2022 годы",
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2022, 12, 31),
        developer="Комитет образования Администрации Новгородского муниципального района",
        goal="Повышение качества образования в школах с низкими результатами обучения и школах, функционирующих в "
        "неблагоприятных социальных условиях.",
        block_titles=NOVG_BLOCKS,
    )
    _import(novg, _csv("003_activity_plan.csv"), users["head_novgorod"])
    _states(novg, users["head_novgorod"], today=today)

    slav = program_save(
        user=admin,
        code="slav-quality",
        municipality=municipalities["SLAV"],
        title="Программа помощи школам с низкими образовательными результатами Славянского района",
        period_start=datetime.date(today.year, 1, 1),
        period_end=datetime.date(today.year + 1, 12, 31),
        developer="Управление образования администрации муниципального образования Славянский район",
        goal="Снижение доли школ с низкими образовательными результатами.",
    )
    _import(slav, _slav_table(today), users["head_slavyansk"])
    for item in PlanItem.objects.filter(program=slav, status=PlanItem.Status.DONE):
        plan_item_update(
            item=item,
            user=users["head_slavyansk"],
            status=item.status,
            fact_text="Дорожная карта утверждена приказом управления образования.",
        )

    _documents(users)
    notifications_compute(today=today)
