package io.meterlink.ingest.service;

import java.util.concurrent.atomic.AtomicInteger;

/** Settlements for unit tests of plain classes, counting what the pipeline did to a delivery. */
final class Settlements {

    /** For deliveries whose settlement a test does not look at. */
    static final Settlement NONE = new Counting();

    private Settlements() {
    }

    /** Counts accepts and releases. */
    static final class Counting implements Settlement {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();

        @Override
        public void accept() {
            accepted.incrementAndGet();
        }

        @Override
        public void release(Throwable cause) {
            released.incrementAndGet();
        }
    }
}
