package io.meterlink.testbed.platform.device;

import java.security.Principal;

/**
 * The consumer group an AMQP connection logged in for (from the aksign userName), attached to the connection's
 * Subject so link attaches can be limited to that group's queue.
 */
public record ConsumerGroupPrincipal(String consumerGroupId, String accessKeyId, String clientId) implements Principal {

    @Override
    public String getName() {
        return consumerGroupId;
    }
}
