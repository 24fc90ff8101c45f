"""Query-count baselines: every bound a test holds a page, an endpoint or a read to, in one reviewed file (NetBox's
query_counts.json, Saleor's benchmark/). A test names its baseline: `with query_budget("schools.page.list"): ...`
(the fixture in tests/conftest.py). A count is a ceiling; the names in EXACT must be met exactly.

Changing a number is a reviewed change: the commit says why the page needs more (or fewer) queries. The tests fill
each list with enough rows that a query per row would break its ceiling; a page with the year select spends 2
queries on it (core.years: the years with data, the programmes' periods)."""

QUERY_COUNTS: dict[str, int] = {
    # -- schools --
    # The schools page of a head, 40 schools with a status: 8, and 2 for the year select.
    "schools.page.list": 10,
    # /api/v1/schools/, 30 schools with a status: session/user, count, page, the statuses' prefetch.
    "schools.api.list": 5,
    # /api/v1/schools/?format=xlsx, 30 schools with statuses and context: the list's and the contexts' prefetch.
    "schools.api.export": 6,
    # A school's page with its lists of several kinds and 3 years of context.
    "schools.page.detail": 16,
    # The context table of any number of schools (programs.effect's context groups): one query.
    "schools.selectors.context_table": 1,
    # -- assessments --
    # The results page of a head (its filter form and table).
    "assessments.page.results": 10,
    # /api/v1/results/ of a head, 30 results (5 grades, 3 years, 2 subjects).
    "assessments.api.results": 4,
    # Plausibility flags of a table's rows and the schools' history: one query for the history of all rows.
    "assessments.selectors.flags_with_history": 1,
    # -- risk --
    # The ШНОР list's school ids as a subquery: the schools' query is the only one.
    "risk.selectors.shnor_school_ids": 1,
    # /api/v1/risk-lists/<year>/ of an admin, 7 listed schools.
    "risk.api.list": 8,
    # -- programs --
    # /api/v1/programs/<code>/activities/, 66 items in one track.
    "programs.api.activities": 4,
    # /api/v1/programs/, 10 programmes with an item each.
    "programs.api.list": 6,
    # The programme's page of a methodologist, 66 items in 6 blocks and every status.
    "programs.page.program": 12,
    # The plan page of the same programme.
    "programs.page.plan": 12,
    # The programmes page, 10 programmes.
    "programs.page.list": 8,
    # -- effect --
    # /api/v1/programs/<code>/effect/ served from the cache: the programme, the cached row, and the data version's
    # reads (rule, subjects, region's schools, participants, context, the results' stamp) — whatever the region's size.
    "effect.api.effect": 11,
    # The «Эффект программы» page from the cache: the same, the session and user, the form's subjects.
    "effect.page.effect": 14,
    # The ШНОР list of a municipality against the region's context groups, any number of listed schools: the listed
    # schools, the rule and its subjects, the region's schools, their context (dated and undated), the results.
    "effect.selectors.listed_context": 7,
    # -- indicators --
    # /api/v1/indicators/ of a head, the programme's indicators with their targets.
    "indicators.api.list": 6,
    # /api/v1/indicator-values/ of a head, the values of every indicator and school.
    "indicators.api.values": 6,
    # -- mentoring --
    # The four measures of the support over 20 schools (supported, partnered, diagnosed, trained).
    "mentoring.selectors.indicator_measures": 6,
    # The pages of a methodologist, 30 schools with an assignment, visit, partnership, teacher and event each.
    "mentoring.page.overview": 26,
    "mentoring.page.curators": 26,
    "mentoring.page.visits": 26,
    "mentoring.page.partnerships": 26,
    "mentoring.page.events": 26,
    "mentoring.page.teachers": 26,
    # The API lists of a methodologist with ?page_size=100, 25 and more rows each.
    "mentoring.api.curator-assignments": 4,
    "mentoring.api.curator-visits": 4,
    "mentoring.api.partnerships": 4,
    "mentoring.api.events": 6,
    "mentoring.api.teachers": 4,
    # Without a year the summary opens on core.years' default year: up to 3 fixed queries more.
    "mentoring.api.teachers/summary": 7,
    "mentoring.api.pd-courses": 4,
    "mentoring.api.diagnostics": 4,
    "mentoring.api.individual-plans": 5,
    "mentoring.api.mentoring-pairs": 4,
    # /api/v1/staffing/ of a methodologist, 25 schools' figures with two subjects each.
    "mentoring.api.staffing": 5,
    # -- reports --
    # The dashboard of a head for 2024, with 20 more schools on the lists than the first showing.
    "reports.page.dashboard": 40,
    # The programme report's context (PDF, Word, Excel) with 33 plan items with evidence, 11 schools on the list and
    # 12 participants: 34 — the lists and their rule, completion, support, indicators, appendix; none per item or school.
    "reports.context.program": 56,  # 36 + the chapter «Эффект программы» computing its effect on a cache miss (fixed)
}

# Baselines that are the exact number of queries, not a ceiling.
EXACT = frozenset({"assessments.selectors.flags_with_history", "risk.selectors.shnor_school_ids"})
