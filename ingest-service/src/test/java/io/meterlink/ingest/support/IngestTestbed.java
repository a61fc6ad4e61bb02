package io.meterlink.ingest.support;

import io.meterlink.testbed.quarkus.IotPlatformResource;
import io.meterlink.testbed.quarkus.JwtKeysResource;
import io.meterlink.testbed.quarkus.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The one place that declares what every {@code @QuarkusTest} of ingest-service runs against: the embedded PostgreSQL
 * with the service's own login role, the embedded Kafka broker, the IoT Platform stand-in and the per-run JWT keys.
 * The resources are global (no {@code restrictToAnnotatedClass}), so all test classes share one Quarkus boot and no
 * test class repeats them.
 */
@QuarkusTestResource(IngestDatabase.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(IotPlatformResource.class)
@QuarkusTestResource(JwtKeysResource.class)
public final class IngestTestbed {

    private IngestTestbed() {
    }
}
