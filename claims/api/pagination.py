"""Pages of a list: a page number that is not a number is refused (400), one past the end is 404."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PageNumbers(PageNumberPagination):
    def get_page_number(self, request, paginator):
        given = request.query_params.get(self.page_query_param)
        if given is None:
            return 1
        if given in self.last_page_strings:
            return paginator.num_pages
        if not given.isascii() or not given.isdigit():
            raise ValidationError({self.page_query_param: [f"{given!r} is not a page number."]})
        return given
