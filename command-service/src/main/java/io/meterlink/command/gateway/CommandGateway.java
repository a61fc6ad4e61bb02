package io.meterlink.command.gateway;

/** One way of getting a command frame to a meter. Implementations block until the far side answers. */
public interface CommandGateway {

    /** Sends {@code payload} to the meter; never throws for remote or network errors, it refuses instead. */
    SendOutcome send(String productKey, String deviceName, String payload);
}
