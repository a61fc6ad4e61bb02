package io.meterlink.ingest.support;

import io.meterlink.testbed.quarkus.ServiceTestbed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The one place that declares what every {@code @QuarkusTest} of ingest-service runs against: the testbed wired for
 * ingest-service by {@link ServiceTestbed} (the embedded PostgreSQL with the service's own login role, the embedded
 * Kafka broker, the IoT Platform stand-in and the per-run JWT keys).
 * The resources are global (no {@code restrictToAnnotatedClass}), so all test classes share one Quarkus boot and no
 * test class repeats them.
 */
@QuarkusTestResource(value = ServiceTestbed.class, initArgs = @ResourceArg(name = "service", value = "ingest"))
public final class IngestTestbed {

    private IngestTestbed() {
    }
}
