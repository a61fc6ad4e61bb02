package io.meterlink.command.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import java.util.List;

/** One page of a list endpoint, with the bounds every list shares. */
public record Paged<T>(List<T> items, int page, int size, long total) {

    static <T> Paged<T> of(PanacheQuery<T> query, int page, int size, int maxSize) {
        if (page < 0) {
            throw ApiProblem.invalid("page", page + " is negative");
        }
        if (size < 1 || size > maxSize) {
            throw ApiProblem.invalid("size", size + " is not 1-" + maxSize);
        }
        List<T> items = query.page(Page.of(page, size)).list();
        return new Paged<>(items, page, size, query.count());
    }
}
