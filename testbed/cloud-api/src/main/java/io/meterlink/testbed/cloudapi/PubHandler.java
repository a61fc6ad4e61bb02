package io.meterlink.testbed.cloudapi;

/**
 * Where an accepted IoT {@code Pub} call goes: the IoT Platform stand-in wires this to its MQTT
 * broker, tests to a recorder. Called only after the request's signature, nonce, timestamp, quota
 * and parameters were checked, with the Base64-decoded message content.
 */
@FunctionalInterface
public interface PubHandler {

    /**
     * Delivers {@code content} to {@code topicFullName}.
     *
     * @param iotInstanceId the {@code IotInstanceId} parameter, or null when the caller sent none
     * @return {@link PubOutcome#delivered(String)} with the message id Alibaba would answer, or
     *         {@link PubOutcome#refused(String, String)} with an Alibaba error code (answered as
     *         {@code Success:false})
     */
    PubOutcome publish(String productKey, String topicFullName, byte[] content, int qos, String iotInstanceId);
}
