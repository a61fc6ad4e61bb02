package io.meterlink.testbed.cloudapi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Test {@link PubHandler} that records every call and delivers (or refuses, when told to). */
final class RecordingPubHandler implements PubHandler {

    /** One call as the server made it. */
    record Call(String productKey, String topicFullName, byte[] content, int qos, String iotInstanceId) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong nextMessageId = new AtomicLong(1_700_000_000_000L);
    private final AtomicReference<PubOutcome.Refused> refusal = new AtomicReference<>();

    @Override
    public PubOutcome publish(String productKey, String topicFullName, byte[] content, int qos, String iotInstanceId) {
        calls.add(new Call(productKey, topicFullName, content.clone(), qos, iotInstanceId));
        PubOutcome.Refused refused = refusal.get();
        return refused != null ? refused : PubOutcome.delivered(Long.toString(nextMessageId.incrementAndGet()));
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Refuse every call from now on with {@code code} (null to deliver again). */
    void refuseWith(String code, String message) {
        refusal.set(code == null ? null : new PubOutcome.Refused(code, message));
    }
}
