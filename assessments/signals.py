from django.dispatch import Signal

# Sent after a transaction that created or changed results commits: school_ids, years.
# The ШНОР list and the indicators listen to it and recompute what those results feed.
results_changed = Signal()
