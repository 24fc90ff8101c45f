"""Path parameters, one pattern each for the API router's lookups (`lookup_value_regex`) and the pages'
converters: a value of the wrong shape matches no URL (404) instead of reaching a query as a wrong type."""

ID_REGEX = r"[0-9]+"
CODE_REGEX = r"[-\w]+"  # codes: letters (Cyrillic too), digits, «-» and «_»


class CodeConverter:
    """`<code:…>` in the apps' urls.py (registered in core.apps)."""

    regex = CODE_REGEX

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return str(value)
