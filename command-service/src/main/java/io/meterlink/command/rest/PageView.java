package io.meterlink.command.rest;

import io.meterlink.command.service.Paged;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.function.Function;

/** One page of a list: items, the page asked for, and how many there are in all. */
@RegisterForReflection
public record PageView<T>(List<T> items, int page, int size, long total) {

    static <E, T> PageView<T> of(Paged<E> paged, Function<E, T> view) {
        return new PageView<>(paged.items().stream().map(view).toList(), paged.page(), paged.size(), paged.total());
    }
}
