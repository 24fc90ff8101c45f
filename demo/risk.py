"""Demo: the computed ШНОР lists and watch-lists for every demo year, after the results demo has run."""

from assessments.models import Result
from assessments.risk.services import risk_list_recompute

YEARS = range(2019, 2027)


def seed(context):
    if not Result.objects.exists():
        return
    for year in YEARS:
        risk_list_recompute(year=year, user=context.get("users", {}).get("admin"), trigger="demo")
