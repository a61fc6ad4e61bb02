package io.meterlink.command.repository;

import io.meterlink.command.model.CommandState;
import io.meterlink.command.model.Route;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One command to one meter, read side. Rows are written with plain SQL by {@link CommandIntake} and
 * {@link CommandQueue} because the sender's claims and the job inserts are set-based; this entity serves the API's
 * reads.
 */
@Entity
@Table(name = "command")
public class CommandEntity {

    @Id
    public UUID id;

    @Column(name = "product_key")
    public String productKey;

    @Column(name = "device_name")
    public String deviceName;

    public int seq;

    /** The arguments joined with commas, exactly as in the frame. */
    public String args;

    /** The frame text sent, e.g. {@code CMD,82923,ad322}. */
    public String payload;

    @Enumerated(EnumType.STRING)
    public CommandState state;

    @Column(name = "job_id")
    public UUID jobId;

    @Enumerated(EnumType.STRING)
    public Route route;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    public int attempts;

    @Column(name = "message_id")
    public String messageId;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;
}
