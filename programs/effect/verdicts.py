"""The verdicts the estimate gives and the pages print, without numpy or pandas (pages and the API import these at
start; `analysis` imports them too, so each rule has one place)."""

WWC_EQUIVALENT = 0.05  # |g| at most this: the groups are equivalent (WWC)
WWC_ADJUSTED = 0.25  # |g| at most this: a statistical adjustment is needed, and the estimate makes it
EQUIVALENT = "equivalent"
ADJUSTED = "adjusted"
NOT_EQUIVALENT = "not_equivalent"
UNRELIABLE = "сравнение ненадёжно: "  # the prefix of a warning that says the figure cannot be trusted as it is
