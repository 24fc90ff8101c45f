"""Every write of programmes, plans, school documents, risk profiles and notifications, one module a topic:
`programmes` (passport, tracks, participants), `plan_import` (a plan table into the plan), `plan_items` (an item's
execution, its date and evidence), `documents` (school documents and their review workflow), `risk_profiles` (the
school's questionnaire and the curator's verification), `notifications` (what everyone owes, in the portal and by
mail). Whose role a write is judged by, and what it may do, is `schools.access` (`effective_role`, `user_can`).

Errors a user sees are the Russian constants of each topic's module; tests reuse them.
"""

from core.errors import ApplicationError

# A refusal with a Russian message; forms and the API show it as is (the one application error, by its old name).
ServiceError = ApplicationError
