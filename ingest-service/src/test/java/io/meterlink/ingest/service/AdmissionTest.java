package io.meterlink.ingest.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Back-pressure: bounded in-flight deliveries, FIFO admission, pauses after failures. */
class AdmissionTest {

    /**
     * Long enough that the checks made while the pause must still hold are not outrun by it: this suite shares its JVM
     * with the embedded brokers and a running Quarkus app on a 2-core CI machine, where a GC pause or a descheduled
     * thread can take a few hundred milliseconds.
     */
    private static final Duration PAUSE = Duration.ofSeconds(2);
    /** A hang guard, not a speed check. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Admission admission = new Admission(2, timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void admitsUpToCapacityThenInArrivalOrderAsDeliveriesSettle() {
        assertTrue(done(admission.acquire()));
        assertTrue(done(admission.acquire()));
        CompletableFuture<Void> third = admission.acquire().toCompletableFuture();
        CompletableFuture<Void> fourth = admission.acquire().toCompletableFuture();
        assertFalse(third.isDone());
        assertEquals(2, admission.waiting());

        admission.release(1);
        assertTrue(third.isDone());
        assertFalse(fourth.isDone());
        admission.release(1);
        assertTrue(fourth.isDone());
        assertEquals(2, admission.inFlight());
    }

    @Test
    void pauseHoldsNewAdmissionsUntilItEnds() {
        admission.pause(PAUSE);
        assertTrue(admission.isPaused());
        CompletableFuture<Void> held = admission.acquire().toCompletableFuture();
        assertFalse(held.isDone());
        await().atMost(WAIT).until(held::isDone);
        assertFalse(admission.isPaused());
        assertEquals(1, admission.inFlight());
    }

    @Test
    void settlingDuringAPauseDoesNotAdmitBeforeThePauseEnds() {
        assertTrue(done(admission.acquire()));
        assertTrue(done(admission.acquire()));
        CompletableFuture<Void> waiting = admission.acquire().toCompletableFuture();
        admission.pause(PAUSE);
        admission.release(2);
        assertFalse(waiting.isDone());
        await().atMost(WAIT).until(waiting::isDone);
    }

    @Test
    void closedAdmissionNeverAdmits() {
        admission.close();
        assertFalse(admission.acquire().toCompletableFuture().isDone());
    }

    private static boolean done(java.util.concurrent.CompletionStage<Void> stage) {
        return stage.toCompletableFuture().isDone();
    }
}
