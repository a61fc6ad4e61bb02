package io.meterlink.command.repository;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Reads of the command table for the API; writes go through {@link CommandOutbox}. */
@ApplicationScoped
public class CommandRepository implements PanacheRepositoryBase<CommandEntity, UUID> {

    public Optional<CommandEntity> findByIdempotencyKey(String requestedBy, String idempotencyKey) {
        return find("requestedBy = ?1 and idempotencyKey = ?2", requestedBy, idempotencyKey).firstResultOptional();
    }

    /** A meter's commands, newest first. */
    public PanacheQuery<CommandEntity> forMeter(String productKey, String deviceName) {
        return find("productKey = ?1 and deviceName = ?2",
                Sort.descending("createdAt").and("seq", Sort.Direction.Descending), productKey, deviceName);
    }
}
