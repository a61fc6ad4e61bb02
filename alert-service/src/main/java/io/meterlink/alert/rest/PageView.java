package io.meterlink.alert.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** One page of a search: the items, where the page is, and how many items match in total. */
@RegisterForReflection
public record PageView<T>(List<T> items, int page, int size, long total) {
}
