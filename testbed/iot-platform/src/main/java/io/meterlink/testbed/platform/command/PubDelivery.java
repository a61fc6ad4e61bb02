package io.meterlink.testbed.platform.command;

import io.meterlink.testbed.cloudapi.PubHandler;
import io.meterlink.testbed.cloudapi.PubOutcome;

/**
 * Connects the OpenAPI stand-in's {@code Pub} to command delivery: once cloud-api has checked the caller's signature,
 * the message goes to the device here, and the caller gets Alibaba's answer. The {@code IotInstanceId} must name
 * this instance, as an Enterprise instance requires.
 */
public final class PubDelivery implements PubHandler {

    public static final String INSTANCE_NOT_FOUND = "iot.system.InstanceNotFound";

    private final CommandDelivery commands;
    private final String instanceId;

    public PubDelivery(CommandDelivery commands, String instanceId) {
        this.commands = commands;
        this.instanceId = instanceId;
    }

    @Override
    public PubOutcome publish(String productKey, String topicFullName, byte[] content, int qos, String iotInstanceId) {
        if (!instanceId.equals(iotInstanceId)) {
            return PubOutcome.refused(INSTANCE_NOT_FOUND, iotInstanceId == null
                    ? "IotInstanceId is required: this is instance " + instanceId
                    : "IotInstanceId " + iotInstanceId + " does not exist (this is instance " + instanceId + ")");
        }
        CommandOutcome outcome = commands.deliver(productKey, topicFullName, content, qos);
        if (outcome instanceof CommandOutcome.Refused refused) {
            return PubOutcome.refused(refused.code(), refused.message());
        }
        return PubOutcome.delivered(((CommandOutcome.Accepted) outcome).messageId());
    }
}
