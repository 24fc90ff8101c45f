"""How the seeds' loaders define indicators: a preset of the library or one defined anew, through the indicator
services a methodologist's form calls. Each seed's own indicators, with its document's targets, are in its module."""

from programs.indicators import services as svc


def preset(user, program, code, **kw):
    return svc.indicator_attach_preset(user=user, program=program, code=code, **kw)


def new(
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
