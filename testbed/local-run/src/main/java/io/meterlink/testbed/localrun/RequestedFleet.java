package io.meterlink.testbed.localrun;

import java.util.Objects;

/**
 * The fleet a run asks for: how many meters the device registry holds, how many of them (the first ones, from
 * {@code meter-000001}) start on the legacy cluster, and their product. The registry a run uses must hold exactly
 * this fleet, or what the run prints about it would not be true.
 */
public record RequestedFleet(int meters, int legacy, String productKey) {

    public RequestedFleet {
        Objects.requireNonNull(productKey, "productKey");
        if (meters < 1 || legacy < 0 || legacy > meters) {
            throw new IllegalArgumentException("a fleet needs at least 1 meter and between 0 and all of them on the "
                    + "legacy cluster: " + meters + " meters, " + legacy + " legacy");
        }
    }
}
