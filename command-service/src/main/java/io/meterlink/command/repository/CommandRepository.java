package io.meterlink.command.repository;

import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.meterlink.command.model.CommandState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Reads of the command table for the API; writes go through {@link CommandIntake} and {@link CommandQueue}. */
@ApplicationScoped
public class CommandRepository implements PanacheRepositoryBase<CommandEntity, UUID> {

    public Optional<CommandEntity> findByIdempotencyKey(String requestedBy, String idempotencyKey) {
        return find("requestedBy = ?1 and idempotencyKey = ?2", requestedBy, idempotencyKey).firstResultOptional();
    }

    /** A page of a meter's commands, newest first. */
    public Page<CommandEntity> forMeter(String productKey, String deviceName, PageRequest page) {
        return QueryPages.of(find("productKey = ?1 and deviceName = ?2",
                Sort.descending("createdAt").and("seq", Sort.Direction.Descending), productKey, deviceName), page);
    }

    /** A page of a job's commands by meter, all of them or only those in {@code state}. */
    public Page<CommandEntity> forJob(UUID jobId, CommandState state, PageRequest page) {
        Sort byMeter = Sort.by("productKey").and("deviceName");
        return QueryPages.of(state == null
                ? find("jobId = ?1", byMeter, jobId)
                : find("jobId = ?1 and state = ?2", byMeter, jobId, state), page);
    }
}
