"""The SQL measures, one module a source they read: `lists` (the year's school lists), `results` (assessment
results), `support` (the support network's records), `documents` (school documents); `base` holds what a measure is
and returns. Each answers, for one year and every municipality asked for at once, a `Fraction` per municipality."""
