package io.meterlink.command.repository;

import java.io.Serializable;
import java.util.Objects;

/** Composite primary key of {@link MeterEntity}: a meter is named by its product and device name. */
public class MeterKey implements Serializable {

    private static final long serialVersionUID = 1L;

    public String productKey;
    public String deviceName;

    public MeterKey() {
    }

    public MeterKey(String productKey, String deviceName) {
        this.productKey = productKey;
        this.deviceName = deviceName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeterKey k && Objects.equals(productKey, k.productKey)
                && Objects.equals(deviceName, k.deviceName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(productKey, deviceName);
    }
}
