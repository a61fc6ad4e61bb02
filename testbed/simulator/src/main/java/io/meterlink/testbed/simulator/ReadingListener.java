package io.meterlink.testbed.simulator;

import io.meterlink.domain.frame.MeterReading;

/**
 * Told about every reading a meter takes, before it is sent: the ground truth that end-to-end tests compare with
 * what arrived downstream. Called on the fleet's event loop, so it must return quickly and never block.
 */
@FunctionalInterface
public interface ReadingListener {

    ReadingListener NONE = (deviceName, reading) -> { };

    void onReading(String deviceName, MeterReading reading);
}
