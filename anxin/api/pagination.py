from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from anxin.core.paging import CAP, CappedPaginator


class Pagination(PageNumberPagination):
    """Pages of 25 (up to 100). `count` stops at 10,000 (`count_capped` says when there are
    more): counting a province's rows on every page would cost more than the page itself."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "count_capped": self.page.paginator.capped,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = f"Rows in all, at most {CAP}."
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"True when there are more than {CAP} rows.",
        }
        response["required"] = [*response.get("required", []), "count_capped"]
        return response
