from rest_framework import pagination


class Pagination(pagination.PageNumberPagination):
    """The contract's pagination: `?page=` and `?page_size=` up to 1000."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
