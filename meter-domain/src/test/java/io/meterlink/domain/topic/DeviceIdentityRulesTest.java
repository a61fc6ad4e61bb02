package io.meterlink.domain.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** productKey and deviceName acceptance at their length and character-set edges. */
class DeviceIdentityRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a1B2c3D4e5F", "a", "Z9", "abcdefghijklmnopqrstuvwxyzABCDEF"})
    void validProductKeys(String pk) {
        assertTrue(DeviceIdentityRules.isValidProductKey(pk));
        assertEquals(Optional.empty(), DeviceIdentityRules.productKeyProblem(pk));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abcdefghijklmnopqrstuvwxyzABCDEFG", "a_b", "a-b", "a b", "a/b", "a+", "#", "\u00e9",
        "\uff21bc", " a1B2c3D4e5F"})
    void invalidProductKeys(String pk) {
        assertFalse(DeviceIdentityRules.isValidProductKey(pk));
        assertTrue(DeviceIdentityRules.productKeyProblem(pk).orElseThrow().startsWith("productKey"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcd", "meter-0001", "a_b-c@d.e:f", "....", "12345678901234567890123456789012"})
    void validDeviceNames(String dn) {
        assertTrue(DeviceIdentityRules.isValidDeviceName(dn));
        assertEquals(Optional.empty(), DeviceIdentityRules.deviceNameProblem(dn));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "123456789012345678901234567890123", "meter 01", "meter/01", "meter+01", "meter#01",
        "meter$01", "meter&01", "meter|01", "m\u00e9ter01", "meter01\n"})
    void invalidDeviceNames(String dn) {
        assertFalse(DeviceIdentityRules.isValidDeviceName(dn));
        assertTrue(DeviceIdentityRules.deviceNameProblem(dn).orElseThrow().startsWith("deviceName"));
    }
}
