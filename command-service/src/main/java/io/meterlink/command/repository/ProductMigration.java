package io.meterlink.command.repository;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Migration progress of one product.
 *
 * @param platform   meters whose data has arrived through the IoT Platform
 * @param legacy     meters not yet on the platform but seen on the legacy cluster
 * @param neverSeen  registered meters seen on neither path
 * @param overridden meters whose route an admin has forced (counted in one of the above as well)
 */
@RegisterForReflection
public record ProductMigration(String productKey, long total, long platform, long legacy, long neverSeen,
        long overridden) {
}
