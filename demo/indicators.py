"""Demo indicators: each demo programme gets its seed's indicators with the documents' targets, then a recompute.

Lazo (seed 004): the six of the passport table and the expected results that the portal's data can compute.
Novgorod (seed 003): its three plus the target block. Slavyansk (seed 001): the twenty — computed where the portal
holds the data, manual otherwise — and, on the same programme, seed 002's four.
"""

from programs.indicators import services as svc
from programs.indicators.engine.recompute import indicator_values_recompute
from programs.models import Program


def _preset(user, program, code, **kw):
    return svc.indicator_attach_preset(user=user, program=program, code=code, **kw)


def _new(
    user,
    program,
    code,
    name,
    *,
    unit="percent",
    direction="higher",
    comparator="ge",
    measure="",
    params=None,
    targets=None,
    note="",
    baseline_year=None,
    baseline_value=None,
):
    return svc.indicator_save(
        user=user,
        program=program,
        code=code,
        name=name,
        unit=unit,
        direction=direction,
        comparator=comparator,
        method="computed" if measure else "manual",
        measure=measure,
        params=params or {},
        targets=targets or {},
        note=note,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
    )


def _each(years, value) -> dict:
    return {str(y): value for y in years}


def _lazo(user, program: Program) -> None:
    years = program.years  # 2023–2024
    _preset(
        user,
        program,
        "vpr_coped_share",
        targets=_each(years, 75),
        note="Сид 004, п. 1: «по классам» — значение по всем классам; по классу — настройка grade.",
    )
    _preset(
        user,
        program,
        "shnor_share",
        targets=_each(years, 20),
        baseline_year=2022,
        baseline_value="34.5",
        note="Сид 004, п. 2: базовое значение 34,5 % (10 из 29), цель — не более 20 %.",
    )
    _new(
        user,
        program,
        "nonobjective_share",
        "Доля школ, включённых в федеральный перечень школ с необъективными результатами ВПР, ГИА и ЕГЭ",
        direction="lower",
        comparator="eq",
        measure="status_share",
        params={"kind": "nonobjective"},
        targets=_each(years, 0),
        note="Сид 004, п. 3.",
    )
    _preset(
        user,
        program,
        "teachers_pd_share",
        comparator="eq",
        targets=_each(years, 100),
        note="Сид 004, п. 4: период курсов не указан — курсы, завершённые в году.",
    )
    _preset(
        user,
        program,
        "quality_change",
        targets=_each(years, 1),
        note="Сид 004, п. 5а: «на 1 % и более» понимается как 1 процентный пункт (настройка mode).",
    )
    _new(
        user,
        program,
        "excellent_growth",
        "Динамика роста количества учащихся, обучающихся на «отлично»",
        unit="count",
        targets={},
        note="Сид 004, п. 5б: портал хранит агрегаты по предметам, отличников не видно — значение вносится вручную.",
    )
    quality_measures = _new(
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
        note="Сид 004, п. 6: знаменатель — все ОО района (по формулировке).",
    )
    # The document states 65 % for 2022, a year the portal holds no school documents for: a recorded fact.
    svc.indicator_fact_record(
        user=user,
        indicator=quality_measures,
        year=2022,
        value="65",
        evidence="Сид 004, п. 6: значение 2022 года — 65 % (паспорт муниципального проекта).",
    )
    _new(
        user,
        program,
        "er6a_events_hosted",
        "Не менее 1 краткосрочного мероприятия (семинара, вебинара) на базе ШНОР, ШНСУ ежегодно",
        unit="count",
        measure="events_count",
        params={"host": "target", "kinds": ["seminar", "webinar"]},
        targets=_each(years, 1),
    )
    _new(
        user,
        program,
        "er6b_pd_persons",
        "Курсы ПК: не менее 5 человек от ШНОР, ШНСУ в год, не менее 32 часов, очная и (или) очно-заочная форма",
        unit="count",
        measure="teachers_pd_count",
        params={"schools": "target", "min_hours": 32, "forms": ["full_time", "blended"]},
        targets=_each(years, 5),
        note="«от ШНОР, ШНСУ» — всего по району (а не от каждой школы).",
    )
    _new(
        user,
        program,
        "er7a_exchange_events",
        "Не менее 4-х муниципальных мероприятий по обмену опытом ежегодно",
        unit="count",
        measure="events_count",
        targets=_each(years, 4),
    )
    _new(
        user,
        program,
        "er7b_models_event",
        "Не менее 1 муниципального мероприятия по распространению моделей "
        "финансовой и методической поддержки ШНОР и ШНСУ",
        unit="count",
        targets=_each(years, 1),
    )
    _new(
        user,
        program,
        "er3_quality_programs",
        "Разработка в 100 % ОО, вошедших в муниципальный проект, школьных программ повышения качества образования",
        comparator="eq",
        measure="documents_share",
        params={"schools": "target"},
        targets=_each(years, 100),
    )


def _novgorod(user, program: Program) -> None:
    years = program.years  # 2021–2022
    _preset(
        user,
        program,
        "below_min_share",
        targets=_each(years, 5),
        note="Сид 003, паспорт: ВПР, ОГЭ, ЕГЭ по русскому языку и математике, не более 5 %.",
    )
    _preset(
        user,
        program,
        "teachers_pd_share",
        params={"schools": "all"},
        comparator="eq",
        targets=_each(years, 100),
        name="Доля педагогов, прошедших повышение квалификации по современным педагогическим технологиям",
        note="Сид 003: все педагоги района (397 в 2020/21).",
    )
    _preset(
        user,
        program,
        "shnor_share",
        targets={"2022": 6.3},
        baseline_year=2020,
        baseline_value="13.33",
        note="Сид 003: 13,33 % (2 из 15) в 2020 г., к 2022 г. — 6,3 %.",
    )
    _new(
        user,
        program,
        "low_results_gia_success",
        "Доля обучающихся в школах с низкими результатами, успешно прошедших ГИА",
        measure="result_share",
        params={"figure": "success", "procedures": ["OGE", "EGE"], "schools": "shnor"},
        note="Сид 003, целевой блок: цель не задана.",
    )
    _new(
        user,
        program,
        "conditions_ensured",
        "Доля школ с низкими результатами обучения, в которых обеспечены "
        "условия для получения качественного общего образования, в том числе с использованием ДОТ",
        note="Сид 003: цель не задана; вносится вручную.",
    )


SLAV_MANUAL = [
    ("satisfaction", "Удовлетворённость населения качеством общего образования", "ge", 85),
    (
        "environment_standards",
        "Доля ОО, образовательная среда которых соответствует требованиям современных "
        "стандартов, в т. ч. для детей с ОВЗ и инвалидов",
        "ge",
        100,
    ),
    (
        "gia9_no_fail_share",
        "Доля выпускников 9 классов, успешно (без двоек) сдавших обязательные экзамены и экзамены "
        "по выбору, без учёта пересдач",
        "ge",
        80,
    ),
    ("attestat_share", "Доля выпускников 11 классов, получивших аттестат, от допущенных к ГИА", "eq", 100),
    ("medalists_confirmed", "Доля медалистов, подтвердивших результаты на ЕГЭ", "eq", 100),
    (
        "functional_literacy",
        "Доля обучающихся, в отношении которых проводилась оценка функциональной грамотности",
        "eq",
        100,
    ),
    ("pupils_mentoring", "Доля обучающихся, вовлечённых в различные формы наставничества", "eq", 100),
    (
        "deficits_system",
        "Доля ОУ, где система работы выстроена на выявлении и ликвидации квалификационных дефицитов педагогов",
        "eq",
        100,
    ),
    ("teachers_communities", "Педагоги — участники сетевых профессиональных сообществ и РМО", "ge", 80),
    (
        "teachers_overload",
        "Доля педагогических работников, имеющих нагрузку более 25 часов в неделю (снижение не менее чем на 5)",
        "le",
        None,
    ),
    ("risk_children_system", "ОУ, в которых выстроена система работы с «детьми группы риска»", "eq", 100),
    (
        "programs_published",
        "Школы, отражающие реализацию программы повышения качества в открытых источниках",
        "eq",
        100,
    ),
    (
        "additional_education_dynamics",
        "ОУ с положительной динамикой вовлечения обучающихся в дополнительное образование",
        "eq",
        100,
    ),
    ("olympiads_share", "Охват детей олимпиадами и конкурсами различного уровня", "ge", 85),
    ("career_lessons", "Доля участников открытых онлайн-уроков ранней профориентации (6–10 классы)", "ge", 75),
    ("preschool_quality", "Доля ДОО с высоким уровнем качества образовательной среды", "ge", 70),
]


def _slavyansk(user, program: Program) -> None:
    years = [2025, *program.years]
    _new(
        user,
        program,
        "oge_below_min_share",
        "Доля обучающихся, получивших по итогам ОГЭ по обязательным предметам баллов ниже минимума",
        direction="lower",
        comparator="le",
        measure="result_share",
        params={"figure": "share_2", "procedures": ["OGE"], "subjects": ["russian", "math"]},
        targets=_each(years, 5),
        note="Сид 001, п. 3: по предметам (по обучающимся по агрегатам не считается).",
    )
    _new(
        user,
        program,
        "vpr_objectivity_share",
        "Доля обучающихся, подтвердивших текущую успеваемость результатами ВПР (по всем предметам)",
        measure="result_share",
        params={"figure": "objectivity", "procedures": ["VPR"]},
        targets=_each(years, 75),
        note="Сид 001, п. 7.",
    )
    _new(
        user,
        program,
        "network_schools_share",
        "Образовательные организации, использующие различные формы сетевого взаимодействия",
        comparator="eq",
        measure="partnership_share",
        params={"schools": "all"},
        targets=_each(years, 100),
        note="Сид 001, п. 9.",
    )
    _new(
        user,
        program,
        "tutor_support_share",
        "Охват школ тьюторской поддержкой в разработке и реализации школьных программ повышения качества образования",
        comparator="eq",
        measure="method_work_share",
        params={"schools": "all"},
        targets=_each(years, 100),
        note="Сид 001, п. 12: визиты кураторов и мероприятия.",
    )
    for code, name, comparator, target in SLAV_MANUAL:
        _new(
            user,
            program,
            code,
            name,
            comparator=comparator,
            direction="lower" if code == "teachers_overload" else "higher",
            targets={} if target is None else _each(years, target),
            note="Сид 001: данных для расчёта в портале нет — значение вносится вручную с подтверждением."
            + (
                " Снижение «на 5» — п. п. или относительно: уточняется при вводе."
                if code == "teachers_overload"
                else ""
            ),
        )
    # Seed 002's four, with its yearly targets.
    _preset(user, program, "positive_dynamics_share", targets={"2022": 60, "2023": 70, "2024": 80})
    _preset(user, program, "teachers_diagnosed_share", targets={"2022": 70, "2023": 75, "2024": 80})
    _preset(user, program, "method_work_share", comparator="eq", targets={"2022": 100, "2023": 100, "2024": 100})
    _preset(user, program, "partnership_share", targets={"2022": 20, "2023": 25, "2024": 30})
    satisfaction = program.indicators.get(code="satisfaction")
    svc.indicator_manual_value_set(
        indicator=satisfaction,
        year=2025,
        value="83.4",
        user=user,
        evidence="Опрос участников образовательных отношений (Яндекс Формы), 1 204 ответа",
        evidence_url="https://example.org/slav/opros-2025",
    )


def seed(context) -> None:
    users = context["users"]
    admin = users["admin"]
    programs = {
        p.code: p
        for p in Program.objects.filter(code__in=["lazo-effective-school", "novg-quality-2021", "slav-quality"])
    }
    if "lazo-effective-school" in programs:
        _lazo(users.get("methodologist", admin), programs["lazo-effective-school"])
    if "novg-quality-2021" in programs:
        _novgorod(users.get("head_novgorod", admin), programs["novg-quality-2021"])
    if "slav-quality" in programs:
        _slavyansk(users.get("head_slavyansk", admin), programs["slav-quality"])
    indicator_values_recompute()
