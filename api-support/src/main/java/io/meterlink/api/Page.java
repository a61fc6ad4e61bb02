package io.meterlink.api;

import java.util.List;
import java.util.function.Function;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one paging shape of every list endpoint: {@code ?page=0&size=50} in, this out.
 *
 * @param items the items of this page, in the endpoint's documented order
 * @param page  the page asked for, counting from 0
 * @param size  the page size asked for
 * @param total how many items match in all ({@code page * size + items.size() < total} means there is a next page)
 */
@RegisterForReflection
public record Page<T>(List<T> items, int page, int size, long total) {

    /** The same page with every item turned into its API view. */
    public <V> Page<V> map(Function<? super T, V> view) {
        return new Page<>(items.stream().<V>map(view).toList(), page, size, total);
    }
}
