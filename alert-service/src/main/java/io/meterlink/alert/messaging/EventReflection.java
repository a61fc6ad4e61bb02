package io.meterlink.alert.messaging;

import io.meterlink.domain.event.ReadingEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * meter-domain's codec binds reading events with Jackson by reflection; registering the records keeps a native image
 * able to decode them.
 */
@RegisterForReflection(targets = {ReadingEvent.class, ReadingEvent.Reading.class})
final class EventReflection {

    private EventReflection() {
    }
}
