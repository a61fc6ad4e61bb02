package io.meterlink.command.repository;

import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheQuery;

/** One page of a Panache query in the API's one paging shape (api-support's {@link Page}). */
final class QueryPages {

    private QueryPages() {
    }

    static <T> Page<T> of(PanacheQuery<T> query, PageRequest request) {
        var items = query.page(io.quarkus.panache.common.Page.of(request.page(), request.size())).list();
        return new Page<>(items, request.page(), request.size(), query.count());
    }
}
