"""The preset library: the contract's indicators by their stable codes (domain §7), each a measure of the registry
with its unit, direction and comparator."""

PRESETS: dict[str, dict] = {
    "shnor_share": dict(
        name="Доля школ, демонстрирующих низкие образовательные результаты",
        unit="percent",
        direction="lower",
        comparator="le",
        measure="shnor_share",
    ),
    "below_min_share": dict(
        name="Доля обучающихся, получивших по ВПР, ОГЭ, ЕГЭ по обязательным предметам результат ниже минимума",
        unit="percent",
        direction="lower",
        comparator="le",
        measure="below_min_share",
    ),
    "vpr_coped_share": dict(
        name="Доля обучающихся, справившихся с ВПР",
        unit="percent",
        direction="higher",
        comparator="ge",
        measure="vpr_coped_share",
    ),
    "quality_change": dict(
        name="Изменение качества знаний в ШНОР и ШНСУ",
        unit="pp",
        direction="higher",
        comparator="ge",
        measure="quality_change",
        params={"mode": "pp"},
    ),
    "positive_dynamics_share": dict(
        name="Доля ШНОР и ШНСУ, показывающих положительную динамику результатов",
        unit="percent",
        direction="higher",
        comparator="ge",
        measure="positive_dynamics_share",
    ),
    "method_work_share": dict(
        name="Доля ШНОР и ШНСУ, охваченных методической работой",
        unit="percent",
        direction="higher",
        comparator="ge",
        measure="method_work_share",
    ),
    "partnership_share": dict(
        name="Доля ШНОР и ШНСУ, вовлечённых в сетевое взаимодействие и партнёрство",
        unit="percent",
        direction="higher",
        comparator="ge",
        measure="partnership_share",
    ),
    "teachers_diagnosed_share": dict(
        name="Доля педагогов ШНОР и ШНСУ, прошедших диагностику профессиональных дефицитов",
        unit="percent",
        direction="higher",
        comparator="ge",
        measure="teachers_diagnosed_share",
    ),
    "teachers_pd_share": dict(
        name="Доля педагогов ШНОР, прошедших курсы повышения квалификации",
        unit="percent",
        direction="higher",
        comparator="ge",
        measure="teachers_pd_share",
    ),
}
