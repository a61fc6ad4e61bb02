package io.meterlink.command.repository;

import io.meterlink.command.model.JobState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A bulk job: one configuration for many meters. Its targets are {@code command} rows carrying its id. */
@Entity
@Table(name = "command_job")
public class CommandJobEntity {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public JobState state;

    /** The arguments joined with commas. */
    public String args;

    /** Set when the job targets every registered meter of this product. */
    @Column(name = "product_key")
    public String productKey;

    public int total;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Who created, paused, resumed or cancelled it last. */
    @Column(name = "updated_by")
    public String updatedBy;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_hash")
    public String requestHash;
}
