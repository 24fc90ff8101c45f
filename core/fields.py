import json


class UnicodeJSONEncoder(json.JSONEncoder):
    """Keep Cyrillic readable in stored JSON, so that text search over it works on SQLite as on PostgreSQL."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)
