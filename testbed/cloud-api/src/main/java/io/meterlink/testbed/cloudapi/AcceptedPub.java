package io.meterlink.testbed.cloudapi;

import java.time.Instant;

/**
 * One IoT {@code Pub} call the {@link PubHandler} delivered, as listed by {@code GET /pub}.
 *
 * @param content       the Base64-decoded {@code MessageContent}
 * @param iotInstanceId the {@code IotInstanceId} parameter, or null
 */
public record AcceptedPub(String messageId, String productKey, String topicFullName, byte[] content, int qos,
        String iotInstanceId, Instant receivedAt) {

    public AcceptedPub {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
