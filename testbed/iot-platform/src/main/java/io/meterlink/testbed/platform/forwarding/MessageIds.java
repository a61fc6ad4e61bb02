package io.meterlink.testbed.platform.forwarding;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique, increasing message ids shaped like Alibaba's (19-digit decimal strings): start-up time in the high bits,
 * a counter below, so ids from a restarted stand-in do not repeat earlier ones (consumers dedupe on them).
 */
public final class MessageIds {

    private final AtomicLong next;

    public MessageIds(long startMs) {
        this.next = new AtomicLong(startMs << 20);
    }

    public String next() {
        return Long.toString(next.getAndIncrement());
    }
}
