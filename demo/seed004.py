"""Seed 004: муниципальный район имени Лазо (Хабаровский край), муниципальный проект «Эффективная школа» на
2023–2024 годы, приказ от 13.03.2023 № 119.

As the document has it: 29 schools (8 of them = 27,6 %, 10 = 34,5 %); the official ШНОР lists of 2019, 2021 and 2022
with the 2021/2022 result levels (`004_shnor_schools.csv`); track 1 — the ten ШНОР of 2022 (3 in the regional
project, 7 in the municipal one), track 2 — two schools of the risk zone, track 3 — every school; the 66 items of
the plan-schedule (`004_plan_schedule.csv`) through the plan import; the six indicators and the quantified
expected results with the document's targets; curators, visits, partnerships, events (among them the «методический
десант» of item 1.2.19 in the eight schools it names), teachers, courses and diagnostics.
"""

from __future__ import annotations

import datetime

from . import support
from .common import csv_rows, each, file_table, official_lists_import, plan_table_import

CODE = "LAZO"
NAME = "Муниципальный район имени Лазо"
REGION_DIGITS = "2714"  # Хабаровский край (27), район имени Лазо: the registry codes of the demo read like real ones

# (key, short name, type, settlement, parent key, aliases); the key is the loader's, never shown — the code is.
_SCHOOLS = [
    ("pereyaslavka_1", "МБОУ СОШ № 1 р.п. Переяславка", "СОШ", "р.п. Переяславка", "", "СОШ № 1 Переяславка"),
    ("grodekovo", "МБОУ ООШ с. Гродеково", "ООШ", "с. Гродеково", "", "ООШ Гродеково"),
    ("mukhen", "МБОУ СОШ р.п. Мухен", "СОШ", "р.п. Мухен", "", "СОШ Мухен"),
    ("sokolovka", "МБОУ СОШ с. Соколовка", "СОШ", "с. Соколовка", "", "СОШ Соколовка"),
    ("gvasyugi", "МБОУ СОШ с. Гвасюги", "СОШ", "с. Гвасюги", "", "СОШ Гвасюги"),
    ("svyatogorye", "МБОУ СОШ с. Святогорье", "СОШ", "с. Святогорье", "", "СОШ Святогорье"),
    ("durmin", "МБОУ СОШ п. Дурмин", "СОШ", "п. Дурмин", "", "СОШ Дурмин"),
    ("sukpay", "МБОУ СОШ п. Сукпай", "СОШ", "п. Сукпай", "", "СОШ Сукпай"),
    ("novostroyka", "МБОУ СОШ п. Новостройка", "СОШ", "п. Новостройка", "", "СОШ им. А.В. Суворова п. Новостройка"),
    ("khor_2", "МБОУ СОШ № 2 р.п. Хор", "СОШ", "р.п. Хор", "", "СОШ № 2 Хор;Хор № 2"),
    ("pereyaslavka_2", "МБОУ СОШ № 2 р.п. Переяславка", "СОШ", "р.п. Переяславка", "", "Переяславка № 2"),
    ("khor_3", "МБОУ СОШ № 3 р.п. Хор", "СОШ", "р.п. Хор", "", "Хор № 3"),
    ("khor_1", "МБОУ СОШ № 1 р.п. Хор", "СОШ", "р.п. Хор", "", "Хор № 1"),
    ("bichevaya", "МБОУ СОШ с. Бичевая", "СОШ", "с. Бичевая", "", ""),
    ("mogilevka", "МБОУ СОШ с. Могилевка", "СОШ", "с. Могилевка", "", ""),
    ("kondratyevka", "МБОУ СОШ с. Кондратьевка", "СОШ", "с. Кондратьевка", "", ""),
    ("poletnoe", "МБОУ СОШ с. Полётное", "СОШ", "с. Полётное", "", "СОШ Полетное"),
    ("zolotoy", "МБОУ ООШ п. Золотой", "ООШ", "п. Золотой", "", ""),
    ("ekaterinoslavka", "МБОУ СОШ с. Екатеринославка", "СОШ", "с. Екатеринославка", "", ""),
    ("chernyaevo", "МБОУ СОШ с. Черняево", "СОШ", "с. Черняево", "", ""),
    ("srednekhorsky", "МБОУ СОШ п. Среднехорский", "СОШ", "п. Среднехорский", "", ""),
    ("kruglikovo", "МБОУ СОШ с. Кругликово", "СОШ", "с. Кругликово", "", ""),
    ("obor", "МБОУ СОШ п. Обор", "СОШ", "п. Обор", "", ""),
    ("khaka", "МБОУ НОШ с. Хака", "НОШ", "с. Хака", "", ""),
    ("georgievka", "МБОУ ООШ с. Георгиевка", "ООШ", "с. Георгиевка", "", ""),
    ("vladimirovka", "МБОУ СОШ с. Владимировка", "СОШ", "с. Владимировка", "", ""),
    (
        "pereyaslavka_v",
        "МБОУ В(С)ОШ р.п. Переяславка",
        "вечерняя",
        "р.п. Переяславка",
        "",
        "вечерняя школа Переяславка",
    ),
    ("marusino", "Филиал МБОУ СОШ с. Кругликово в с. Марусино", "филиал", "с. Марусино", "kruglikovo", ""),
    ("boytsovo", "Филиал МБОУ СОШ с. Могилевка в с. Бойцово", "филиал", "с. Бойцово", "mogilevka", ""),
]
C = {key: f"{REGION_DIGITS}{n:02d}" for n, (key, *_rest) in enumerate(_SCHOOLS, start=1)}
SCHOOLS = [(C[k], short, t, settlement, C[p] if p else "", aliases) for k, short, t, settlement, p, aliases in _SCHOOLS]

SHNOR_2022 = [r["school_id"] for r in csv_rows("004_shnor_schools.csv")]
REGIONAL_PROJECT = [r["school_id"] for r in csv_rows("004_shnor_schools.csv") if r["regional_project_2023"] == "yes"]
DESANT = [r["school_id"] for r in csv_rows("004_shnor_schools.csv") if r["methodical_desant_item_1_2_19"] == "yes"]
RISK_ZONE = ["khor_3", "bichevaya"]  # track 2: the document counts 2 schools without naming them
WEAK = set(SHNOR_2022)
SUSPICIOUS = {"zolotoy"}

# The project runs «2 года (2023 – 2024 гг.)», while its task 8 names «муниципальной программы … на 2022-2023 годы»:
# both wordings kept.
PERIOD_TEXT = "2 года (2023 – 2024 гг.)\n2022–2023 годы (задача 8: мониторинг эффективности муниципальной программы)"
NORMATIVE_BASIS = """Федеральный закон «Об образовании в Российской Федерации» от 29.12.2012 № 273-ФЗ
Указ Президента Российской Федерации от 07.05.2018 № 204 «О национальных целях и стратегических задачах развития Российской Федерации на период до 2024 года»
Постановление Правительства Российской Федерации от 26.12.2017 № 1642 «Об утверждении государственной программы Российской Федерации „Развитие образования“»
Приказ Минпросвещения России и Рособрнадзора от 06.05.2019 № 590/219 «Об утверждении Методологии и критериев оценки качества общего образования в общеобразовательных организациях на основе практики международных исследований качества подготовки обучающихся»
Государственная программа Хабаровского края «Развитие образования в Хабаровском крае», утверждённая постановлением Правительства Хабаровского края от 05.06.2012
Распоряжение министерства образования и науки Хабаровского края от 20.04.2022 № 467"""

TASKS = [
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
RESULTS = [
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
# The document has no risk register; these are the problems its plan answers (digest §5).
RISKS = [
    {
        "risk": "Устойчивое попадание в список ШНОР (2 школы — в списках 2019, 2021 и 2022 гг.)",
        "mitigation": "Кураторы, рисковые профили, антирисковые программы, методические десанты, договоры с "
        "школами-партнёрами",
    },
    {
        "risk": "Необъективность результатов ВПР",
        "mitigation": "Семинары РЦОКО по объективности и организации ВПР; показатель 3 (0 % школ в перечне)",
    },
    {
        "risk": "Профессиональные дефициты педагогов, медленное обновление кадров, скрытые вакансии",
        "mitigation": "Выявление дефицитов, курсы ПК не менее 32 часов, РМО, наставничество",
    },
    {
        "risk": "Социально-экономические и территориальные условия (подвоз обучающихся, удалённые сёла)",
        "mitigation": "Сетевое взаимодействие, школы-партнёры, ресурсы федеральных проектов",
    },
]


# The document's own inconsistencies (digest 004 §6), remarked on the plan items where they show.
REMARKS = {
    "1.1.1": "Расхождение в документе: проект утверждён приказом от 13.03.2023 № 119, а срок его разработки — "
    "до 05.04.2023 (и в п. 2.1.3 — апрель 2023 г.).",
    "1.1.6": "Расхождение в документе: состав ОО-участниц утверждается приказом «до 20 марта 2023 г.» — после "
    "утверждения проекта 13.03.2023.",
    "1.1.7": "В документе здесь «МКУ ИМЦ», во всех остальных пунктах — «МБУ ИМЦ».",
    "1.1.12": "В нумерации документа нет п. 1.1.11: после п. 1.1.10 идёт п. 1.1.12.",
    "1.2.1": "Мероприятия января — марта 2023 г. (пп. 1.2.1–1.2.12) предшествуют утверждению проекта 13.03.2023.",
    "2.2.2": "Расхождение в документе: представление практик ВСОКО (февраль 2023 г.) стоит раньше их отбора "
    "(п. 2.2.1, октябрь 2023 г.).",
    "3.1.2": "В документе — решения «по повышению качества образования в крае»: формулировка регионального шаблона "
    "для муниципального проекта.",
}


def registry() -> tuple[str, str, list]:
    return CODE, NAME, SCHOOLS


def lists(context) -> None:
    """The official ШНОР lists of 2019, 2021 and 2022 through the official-list import, with the result levels the
    document prints for 2021 and 2022."""
    rows = []
    for r in csv_rows("004_shnor_schools.csv"):
        for year in (2019, 2021, 2022):
            if r[f"in_shnor_{year}"] == "1":
                rows.append([year, C[r["school_id"]], r["result_level_ru"] if year > 2019 else "", "ШНОР"])
    # 2023: the regional project's three (item 1.1.2) and the two schools of the risk zone (item 2.1.1, track 2).
    rows += [[2023, C[k], "", "региональный проект"] for k in REGIONAL_PROJECT]
    rows += [[2023, C[k], "", "зона риска"] for k in RISK_ZONE]
    official_lists_import(rows, user=context["users"]["admin"])


def programme(context):
    from programs.services.programmes import ParticipantData, TrackData, program_save
    from schools.models import Municipality

    users = context["users"]
    program = program_save(
        user=users["admin"],
        code="lazo-effective-school",
        kind="project",
        municipality=Municipality.objects.get(code=CODE),
        title="Муниципальный проект по оказанию адресной методической помощи общеобразовательным организациям с "
        "низкими образовательными результатами и (или) функционирующим в сложных социальных условиях "
        "«Эффективная школа» в муниципальном районе имени Лазо на 2023–2024 годы",
        order_number="119",
        period_text=PERIOD_TEXT,
        normative_basis=NORMATIVE_BASIS,
        order_date=datetime.date(2023, 3, 13),
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        developer="Управление образования администрации муниципального района имени Лазо",
        executors="МБУ «Информационно-методический центр муниципального района имени Лазо Хабаровского края»; "
        "общеобразовательные организации из перечня ШНОР и (или) ШНСУ",
        coordinator="Муниципальный координатор регионального проекта «Эффективная школа»",
        goal="Создание в районе инфраструктуры информационно-методической помощи ШНОР и ШНСУ; увеличение доли "
        "школ, реализующих школьные программы повышения качества образования на основе лучших практик.",
        tasks=TASKS,
        expected_results=RESULTS,
        risks=RISKS,
        tracks=[
            TrackData(1, "Адресная методическая помощь школам с низкими образовательными результатами"),
            TrackData(
                2,
                "Адресная методическая помощь школам, функционирующим в зоне риска снижения образовательных "
                "результатов",
            ),
            TrackData(3, "Профилактика учебной неуспешности в школах района"),
        ],
        participants=[ParticipantData(C[k], year, 1) for year in (2023, 2024) for k in SHNOR_2022]
        + [ParticipantData(C[k], year, 2) for year in (2023, 2024) for k in RISK_ZONE],
    )
    methodologist = users["methodologist"]
    plan_table_import(program, file_table("004_plan_schedule.csv"), methodologist)
    support.plan_remarks(program, methodologist, REMARKS)
    support.plan_states(program, methodologist, today=context["today"], cancel=2)
    return program


def support_records(context) -> None:
    support.lazo_support(context, C, shnor=SHNOR_2022, desant=DESANT)
    support.lazo_documents(context, C)


def indicators(context) -> None:
    from programs.indicators import services as svc
    from programs.models import Program

    from .indicators import new, preset

    user = context["users"]["methodologist"]
    program = Program.objects.get(code="lazo-effective-school")
    years = program.years  # 2023–2024
    preset(
        user,
        program,
        "vpr_coped_share",
        targets=each(years, 75),
        note="Показатель 1 проекта: «по классам» — значение по всем классам; по отдельному классу — настройка «Класс».",
    )
    shnor = preset(
        user,
        program,
        "shnor_share",
        targets=each(years, 20),
        baseline_year=2022,
        baseline_value="34.5",
        note="Показатель 2 проекта: базовое значение 34,5 % (10 из 29 ОО), цель — не более 20 % (не более 5 ОО "
        "из 29). В 2021 г. — 27,6 % (8 из 29).",
    )
    for year, value in ((2021, "27.6"), (2022, "34.5")):
        svc.indicator_fact_record(
            user=user,
            indicator=shnor,
            year=year,
            value=value,
            evidence=f"Проект «Эффективная школа», таблица ШНОР: {value.replace('.', ',')} % в {year} г.",
        )
    new(
        user,
        program,
        "nonobjective_share",
        "Доля школ, включённых в федеральный перечень школ с необъективными результатами ВПР, ГИА и ЕГЭ",
        direction="lower",
        comparator="eq",
        measure="status_share",
        params={"kind": "nonobjective"},
        targets=each(years, 0),
        note="Показатель 3 проекта.",
    )
    preset(
        user,
        program,
        "teachers_pd_share",
        comparator="eq",
        targets=each(years, 100),
        note="Показатель 4 проекта: период курсов в документе не указан — курсы, завершённые в году.",
    )
    preset(
        user,
        program,
        "quality_change",
        targets=each(years, 1),
        note="Показатель 5 проекта: «на 1 % и более» понимается как 1 процентный пункт (настройка «Изменение»).",
    )
    new(
        user,
        program,
        "excellent_growth",
        "Динамика роста количества учащихся, обучающихся на «отлично»",
        unit="count",
        note="Показатель 5 проекта: портал хранит результаты по предметам, отличников в них не видно — значение "
        "вносится вручную.",
    )
    quality_measures = new(
        user,
        program,
        "quality_measures_share",
        "Доля ШНОР и ШНСУ, в которых разработаны и реализуются мероприятия по повышению качества образования, в "
        "общем количестве ОО района",
        measure="documents_share",
        params={"schools": "target", "of": "all"},
        targets={"2023": 79, "2024": 89},
        baseline_year=2022,
        baseline_value="65",
        note="Показатель 6 проекта: знаменатель — все ОО района (по формулировке). Расхождение в документе: "
        "89 % от 29 ОО — это 25,8 ОО; 26 ОО дают 89,66 %, то есть 90 %, а не 89 %. И 19 ОО в 2022 г. (65 %) "
        "больше, чем 10 ШНОР списка: ШНСУ в документе не перечислены.",
    )
    # The document states 65 % for 2022, a year the portal holds no school documents for: a recorded fact.
    svc.indicator_fact_record(
        user=user,
        indicator=quality_measures,
        year=2022,
        value="65",
        evidence="Паспорт муниципального проекта «Эффективная школа»: значение 2022 года — 65 %.",
    )
    new(
        user,
        program,
        "er6a_events_hosted",
        "Не менее 1 краткосрочного мероприятия (семинара, вебинара) на базе ШНОР, ШНСУ ежегодно",
        unit="count",
        measure="events_count",
        params={"host": "target", "kinds": ["seminar", "webinar"]},
        targets=each(years, 1),
    )
    new(
        user,
        program,
        "er6b_pd_persons",
        "Курсы ПК: не менее 5 человек от ШНОР, ШНСУ в год, не менее 32 часов, очная и (или) очно-заочная форма",
        unit="count",
        measure="teachers_pd_count",
        params={"schools": "target", "min_hours": 32, "forms": ["full_time", "blended"]},
        targets=each(years, 5),
        note="«От ШНОР, ШНСУ» — всего по району (а не от каждой школы).",
    )
    new(
        user,
        program,
        "er7a_exchange_events",
        "Не менее 4-х муниципальных мероприятий по обмену опытом ежегодно",
        unit="count",
        measure="events_count",
        targets=each(years, 4),
    )
    new(
        user,
        program,
        "er7b_models_event",
        "Не менее 1 муниципального мероприятия по распространению моделей "
        "финансовой и методической поддержки ШНОР и ШНСУ",
        unit="count",
        targets=each(years, 1),
    )
    new(
        user,
        program,
        "er3_quality_programs",
        "Разработка в 100 % ОО, вошедших в муниципальный проект, школьных программ повышения качества образования",
        comparator="eq",
        measure="documents_share",
        params={"schools": "target"},
        targets=each(years, 100),
    )


def school_codes() -> list[str]:
    return [s[0] for s in SCHOOLS]


def weak_codes() -> set[str]:
    return {C[k] for k in WEAK}


def suspicious_codes() -> set[str]:
    return {C[k] for k in SUSPICIOUS}


def drops(row: list) -> bool:
    """Whether a generated row gives way to the document (none here: the exact rows replace their own keys)."""
    return False


def exact_results() -> list[list]:
    return []


def users() -> list[tuple]:
    from schools.models import Role

    return [
        ("regional", Role.REGIONAL, CODE, "", "Ирина", "Регионова"),
        ("head", Role.HEAD, CODE, "", "Олег", "Абдулин"),
        ("methodologist", Role.METHODOLOGIST, CODE, "", "Наталья", "Методистова"),
        ("curator", Role.CURATOR, CODE, "", "Елена", "Кураторова"),
        ("school_admin", Role.SCHOOL_ADMIN, "", C["grodekovo"], "Светлана", "Гродековская"),
        ("api_client", Role.API_CLIENT, CODE, "", "", ""),
    ]
