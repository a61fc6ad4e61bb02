package io.meterlink.testbed.simulator;

import io.meterlink.domain.signing.SignMethod;
import java.time.Duration;
import java.util.List;

/**
 * Everything a meter of the fleet needs to know, fixed when the fleet is built.
 *
 * @param platform           the IoT Platform device endpoint
 * @param legacy             the self-managed broker, or null when no meter is legacy
 * @param interval           time between two readings of one meter
 * @param mode               spread over the interval or all on its boundary
 * @param meteringPeriod     consumption one reading adds (a quarter hour even in fast demos)
 * @param rates              alarm, tamper and weak-signal probabilities per reading
 * @param seed               makes values and spread offsets reproducible
 * @param signMethod         HMAC of the device signature
 * @param securemode         2 (TLS) or 3 (plain TCP) as written in the clientId; the stand-in takes 3
 * @param keepAliveSeconds   MQTT keepalive, 30-1200 as the platform demands
 * @param cleanSession       false keeps QoS 1 commands for a meter while it is offline
 * @param switchCommand      command arguments that move a legacy meter to the platform, e.g. [OTA, platform]
 * @param connectAttempts    attempts before a meter that never connected gives up
 * @param reconnectInitial   first reconnect delay; doubles per failure
 * @param reconnectMax       longest reconnect delay
 * @param connectTimeout     a CONNECT without CONNACK after this counts as failed
 * @param connectConcurrency CONNECTs outstanding at once across the fleet
 * @param maxInflight        unacknowledged QoS 1 publishes per meter
 * @param maxPending         readings a meter buffers while offline before dropping the oldest
 * @param listener           told about every reading taken
 */
record FleetSettings(MqttEndpoint platform, MqttEndpoint legacy, Duration interval, PublishMode mode,
        Duration meteringPeriod, EventRates rates, long seed, SignMethod signMethod, int securemode,
        int keepAliveSeconds, boolean cleanSession, List<String> switchCommand, int connectAttempts,
        Duration reconnectInitial, Duration reconnectMax, Duration connectTimeout, int connectConcurrency,
        int maxInflight, int maxPending, ReadingListener listener) {
}
