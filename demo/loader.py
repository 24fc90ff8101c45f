"""The demo: each of the four seed programmes as its own municipality, loaded the way a department would load it.

`demo_load(seeds=...)` runs the parts in the order they build on each other — the registry, the users, five years
of results, the official lists (and the lists the portal computes from the results), the programmes with their
plans, the support records, the indicators — for all four seeds (`seed_demo`) or for some (the tests of one seed).
Each seed's module (`demo/seed001.py` … `seed004.py`) holds what its document says; this module only sequences.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from . import seed001, seed002, seed003, seed004

SEEDS = {"001": seed001, "002": seed002, "003": seed003, "004": seed004}
RISK_YEARS = range(2019, 2027)
DEMO_PASSWORD = "opora-demo-2026"
ADMIN = ("admin", "admin", "", "", "Администратор", "Портала")


def demo_users(modules) -> list[tuple]:
    """(username, role, municipality, school, first name, last name): the admin, then each seed's people (Lazo's,
    the fullest, first)."""
    return [ADMIN, *(u for m in reversed(list(modules)) for u in m.users())]


def demo_build(*, seeds=None, today: datetime.date | None = None) -> dict:
    """The registry, the users and everything else of the seeds (all by default): what `seed_demo` runs, and what
    a test of one seed runs for that seed alone."""
    from schools.services import user_add

    from .registry import seed_registry

    modules = [SEEDS[s] for s in (seeds or SEEDS)]
    seed_registry(modules)
    users = {
        username: user_add(
            username=username,
            role=role,
            municipality_code=municipality,
            school_code=school,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
        )
        for username, role, municipality, school, first, last in demo_users(modules)
    }
    return demo_load(users=users, password=DEMO_PASSWORD, seeds=seeds, today=today)


def demo_load(*, users: dict, password: str, seeds=None, today: datetime.date | None = None) -> dict:
    """Load the seeds (all by default) after `users` exist; returns the context the parts shared."""
    from assessments.risk.services import risk_list_recompute
    from programs.indicators.engine.recompute import indicator_values_recompute
    from programs.services.notifications import notifications_compute

    from .results import results_load
    from .support import factors_ensure

    modules = [SEEDS[s] for s in (seeds or SEEDS)]
    day = today or timezone.localdate()
    context = {"users": users, "password": password, "today": day, "seeds": modules}
    results_load(modules)
    for m in modules:
        if hasattr(m, "territory"):
            m.territory(context)  # whole-municipality rows as the documents print them
        m.lists(context)
    for year in RISK_YEARS:
        risk_list_recompute(year=year, user=users.get("admin"), trigger="demo")
    factors_ensure()
    for m in modules:
        m.programme(context)
    for m in modules:
        m.support_records(context)
        if hasattr(m, "staffing"):
            m.staffing(context)
    for m in modules:
        m.indicators(context)
    indicator_values_recompute()
    notifications_compute(today=day)
    _drop_recompute_hooks()
    return context


# The modules whose on-commit hooks recompute derived data after a change (lists after results, indicators after
# lists and support records). The demo has computed all of it above in one pass each; run on commit with tasks in
# process, the hooks would redo it municipality by municipality, dozens of times over (most of `seed_demo`'s time).
RECOMPUTE_HOOK_MODULES = {
    "assessments.services",
    "assessments.risk.services",
    "programs.indicators.services",
    "programs.indicators.engine.recompute",
}


def _drop_recompute_hooks() -> None:
    from django.db import connection

    if connection.in_atomic_block:
        connection.run_on_commit = [
            hook
            for hook in connection.run_on_commit
            if getattr(hook[1], "__module__", "") not in RECOMPUTE_HOOK_MODULES
        ]
