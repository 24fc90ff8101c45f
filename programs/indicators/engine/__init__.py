"""The indicators engine (domain §7): one registry of measures, pure functions over counts, set-based recompute.

A measure answers, for one year, for every municipality at once, a `Fraction` per municipality: the numerator and
the denominator (counts summed over schools before dividing), and per school the counts behind them. Each measure
runs one GROUP BY query per year over all the municipalities asked for (plus one for the school set it is taken
over), never one query per school or per municipality.

Rules that are decisions, written once here:
- **Value**: a share is numerator / denominator × 100, exact (`core.numbers.share`); a change (`quality_change`) is
  the share of Y minus the share of Y−1 in percentage points, or with `{"mode": "relative"}` that difference in per
  cent of the share of Y−1; a count is the numerator.
- **Status**: the value *rounded half up to one decimal* (as every page, PDF and the API show it) is compared with
  the target: 79.95 shows as «80,0 %» and meets «≥ 80». No value, or no target for the year → `no_data`.
- **No data** is never 0 and never `met`: the value is None (status `no_data`, and `details["no_data"]` says why)
  when what the measure is taken over does not exist for the municipality and year —
  a list share: no list of that year (ШНОР: neither an official list nor a computed one, see
  `assessments.risk.services.shnor_list_sources`; other lists: no school of the region on them);
  a results measure: no results of the year (and of Y−1 for a change) for its procedures;
  a support measure: no records of its kind dated in the year anywhere in the municipality (visits and events,
  partnerships, diagnostics, completed courses, school documents) — the portal cannot tell «none» from «not
  entered»; and for every measure an empty denominator. A list that exists and is empty is a real 0 and says so.
- **ШНОР of Y**: `{"list": "official_first"}` (default; the contract's rule — official list where one is imported
  for the municipality and year, else the computed one), `"official"` or `"computed"`.
  **Target schools of Y**: ШНОР of Y (by that rule) or ШНСУ of Y (any source).
- **Whose schools** (contract §3): a measure over a set of schools («target», «shnor») is taken over the indicator's
  population: `participants` (default) — the programme's participants of Y when the programme names participants
  in any year (none named for Y: no data), else the list of Y; `list_of_year` — the list of Y; `list_of_base_year` —
  the list of the indicator's baseline year (else the programme's first year). `Population` is the one owner of
  that rule; `indicator_population` resolves it for an indicator and a year.
- **Per subject / per pupil** (`below_min_share`): `{"per": "subject"}` (default) sums over subjects, a pupil counts
  once per subject written; `{"per": "pupil"}` counts, per school, procedure and grade, the largest number of
  participants of any one subject as the pupils and the largest number of failures of any one subject as the
  pupils who failed at least one (the portal keeps aggregates, so this is the lower bound, and says so).
- A row whose failures are unknown adds to neither side (assessments.figures).
- **Coverage** (core.coverage): a measure over results says, in `details["coverage"]`, how many schools of its
  population (the school set, by default all active ОО; a closed one counts when it still reported) stand behind
  the denominator — `{"schools": N, "of": M}`; shown beside the value and given by the API.

Where each part lives: `rules` (the pure value and status rules), `populations` (school sets and whose schools a
measure is taken over), `measures/` (the SQL measures, one module a source they read: `lists`, `results`, `support`,
`documents`; `base` holds what a measure is and returns), `registry` (the measures by code, their settings and
formulas), `presets` (the library of the contract's indicators), `recompute` (the set-based recompute of the values)
and `writer` (their COPY/bulk writer).
"""
