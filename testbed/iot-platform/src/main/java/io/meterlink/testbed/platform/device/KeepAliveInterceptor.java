package io.meterlink.testbed.platform.device;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTInterceptor;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers the keepalive each MQTT CONNECT asks for. The security manager, which decides on the CONNECT right after
 * this interceptor has seen it, only gets credentials; it takes the keepalive from here to refuse values the platform
 * does not accept. Entries are taken (removed) by the decision, so nothing accumulates.
 */
public final class KeepAliveInterceptor implements MQTTInterceptor {

    private final ConcurrentMap<Object, Integer> keepAliveByConnection = new ConcurrentHashMap<>();

    @Override
    public boolean intercept(MqttMessage packet, RemotingConnection connection) {
        if (packet.fixedHeader().messageType() == MqttMessageType.CONNECT && packet instanceof MqttConnectMessage connect) {
            keepAliveByConnection.put(connection.getID(), connect.variableHeader().keepAliveTimeSeconds());
        }
        return true;
    }

    /** The keepalive (seconds) the connection's CONNECT carried, removed from memory; empty if none was seen. */
    OptionalInt take(RemotingConnection connection) {
        Integer seconds = keepAliveByConnection.remove(connection.getID());
        return seconds == null ? OptionalInt.empty() : OptionalInt.of(seconds);
    }
}
