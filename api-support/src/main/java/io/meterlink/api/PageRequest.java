package io.meterlink.api;

/**
 * A checked {@code page}/{@code size} pair: every list endpoint validates them the same way and names the parameter
 * in its 400.
 *
 * @param page the page, counting from 0
 * @param size items per page, 1 to the endpoint's maximum
 */
public record PageRequest(int page, int size) {

    /** The page size when the caller names none. */
    public static final int DEFAULT_SIZE = 50;

    /** Checks the query parameters: page ≥ 0, 1 ≤ size ≤ {@code maxSize}. */
    public static PageRequest of(Integer page, Integer size, int maxSize) {
        int p = page == null ? 0 : page;
        int s = size == null ? Math.min(DEFAULT_SIZE, maxSize) : size;
        if (p < 0) {
            throw ApiProblem.invalid("page", "page must be 0 or more, not " + p);
        }
        if (s < 1 || s > maxSize) {
            throw ApiProblem.invalid("size", "size must be between 1 and " + maxSize + ", not " + s);
        }
        return new PageRequest(p, s);
    }

    /** The index of this page's first item. */
    public long offset() {
        return (long) page * size;
    }
}
