package io.meterlink.testbed.simulator;

import java.util.ArrayDeque;

/**
 * Caps how many CONNECTs are outstanding at once. Without it 100,000 meters would open 100,000 sockets in one go at
 * start-up and after a broker restart, which says more about the local kernel than about the broker. Used only on the
 * fleet's event loop, so it needs no locking.
 */
final class ConnectGate {

    private final int limit;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int active;

    ConnectGate(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("connect concurrency " + limit + " is not at least 1");
        }
        this.limit = limit;
    }

    /** Runs {@code attempt} now if a slot is free, else when one is released. */
    void acquire(Runnable attempt) {
        if (active < limit) {
            active++;
            attempt.run();
        } else {
            waiting.add(attempt);
        }
    }

    /** Called exactly once per acquired attempt when its CONNECT is answered or has failed. */
    void release() {
        Runnable next = waiting.poll();
        if (next != null) {
            next.run();
        } else {
            active--;
        }
    }
}
