package io.meterlink.alert.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One alert about one meter and one rule, from opening to resolution. Resolved alerts stay as history; the partial
 * unique index in the schema keeps at most one unresolved alert per meter and rule.
 */
@Entity
@Table(name = "alert")
public class Alert {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "alert_seq")
    @SequenceGenerator(name = "alert_seq", sequenceName = "alert_seq", allocationSize = 50)
    public Long id;

    @Column(name = "product_key", nullable = false)
    public String productKey;

    @Column(name = "device_name", nullable = false)
    public String deviceName;

    @Column(nullable = false)
    public String rule;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AlertStatus status;

    /** Latest description of the condition, e.g. {@code alarm am024}. */
    @Column(nullable = false)
    public String detail;

    @Column(name = "opened_at", nullable = false)
    public Instant openedAt;

    /** When a reading last confirmed the condition. */
    @Column(name = "last_firing_at", nullable = false)
    public Instant lastFiringAt;

    /** Readings that confirmed the condition, the opening one included. */
    @Column(name = "firing_count", nullable = false)
    public int firingCount;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    @Column(name = "acknowledge_note")
    public String acknowledgeNote;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NotificationState notification;

    @Column(name = "last_notified_at")
    public Instant lastNotifiedAt;

    @Column(name = "notify_count", nullable = false)
    public int notifyCount;

    /** The storm summary this alert was counted in. */
    @Column(name = "summary_id")
    public Long summaryId;

    /** De-duplication key of the reading that opened it (null for missing-report alerts). */
    @Column(name = "opened_by_message")
    public String openedByMessage;
}
