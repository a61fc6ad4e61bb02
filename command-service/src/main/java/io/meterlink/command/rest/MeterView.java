package io.meterlink.command.rest;

import io.meterlink.command.model.Route;
import io.meterlink.command.repository.MeterEntity;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.domain.frame.StatusBits;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A meter as the API shows it: how it is reached and what its last frame through the platform said.
 *
 * @param route      the route commands take now (override first, then migration state)
 * @param lastSeenAt when its last reading reached the platform (null: never on the platform)
 * @param lastFrame  the last frame's fields, null before the first reading
 */
@RegisterForReflection
public record MeterView(String productKey, String deviceName, Route migrationState, Route routeOverride, Route route,
        String overrideBy, Instant overrideAt, String registeredBy, Instant registeredAt, Instant firstPlatformAt,
        Instant lastSeenAt, Instant lastLegacySeenAt, LastFrame lastFrame) {

    /** The decoded fields of the meter's last data frame. */
    @RegisterForReflection
    public record LastFrame(String messageId, String payload, String frameType, Integer protocolVersion,
            Integer firmwareVersion, Integer signalQuality, String status, List<String> statusFlags,
            String alarmCode, Long energyHundredthsKwh, BigDecimal energyKwh) {
    }

    static MeterView of(MeterEntity m) {
        LastFrame frame = null;
        if (m.lastPayload != null) {
            List<String> flags = m.statusBits == null ? List.of()
                    : StatusBits.parse(m.statusBits).set().stream().map(StatusBit::key).toList();
            frame = new LastFrame(m.lastMessageId, m.lastPayload, m.frameType, m.protocolVersion, m.firmwareVersion,
                    m.signalQuality, m.statusBits, flags, m.alarmCode, m.energyHundredthsKwh,
                    m.energyHundredthsKwh == null ? null : BigDecimal.valueOf(m.energyHundredthsKwh, 2));
        }
        return new MeterView(m.productKey, m.deviceName, m.migrationState, m.routeOverride, m.route(), m.overrideBy,
                m.overrideAt, m.registeredBy, m.registeredAt, m.firstPlatformAt, m.lastSeenAt, m.lastLegacySeenAt,
                frame);
    }
}
