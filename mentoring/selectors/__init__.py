"""Reads of the support network, always scoped, one module a topic: `curators` (assignments, «my schools», visits),
`partnerships`, `events` (with attendance totals, ШНОР coverage and the 10-day rule for materials), `teachers`
(teachers, their courses, diagnostics, ИОМ and pairs), `reach` (the schools and teachers the support reached in a
year — what the overview, the dashboards and the indicators engine count), `overview`; `common` holds the names rule
and the periods they share. Each list starts from `Model.objects.visible_to(user)` (schools.access) and is narrowed by
its FilterSet (`mentoring/filtersets.py`), the one way to filter."""
