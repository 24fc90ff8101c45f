"""The programme's effect and the schools' context groups (issue 18): pure functions over school-year tables.

`analysis` estimates a programme's effect against matched never-participants; `context` builds the composite
context index and the context groups. Both import pandas and numpy at their top, so nothing that runs at start
(settings, apps, tasks) may import them: callers import them inside the function that needs them.
"""
