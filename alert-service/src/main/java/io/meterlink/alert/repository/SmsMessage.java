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

/** One row of the SMS outbox: one SMS to one number, with its delivery state. */
@Entity
@Table(name = "sms")
public class SmsMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sms_seq")
    @SequenceGenerator(name = "sms_seq", sequenceName = "sms_seq", allocationSize = 50)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SmsKind kind;

    @Column(name = "alert_id")
    public Long alertId;

    @Column(name = "summary_id")
    public Long summaryId;

    @Column(name = "phone_number", nullable = false)
    public String phoneNumber;

    @Column(name = "sign_name", nullable = false)
    public String signName;

    @Column(name = "template_code", nullable = false)
    public String templateCode;

    @Column(name = "template_param", nullable = false)
    public String templateParam;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SmsStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "biz_id")
    public String bizId;

    @Column(name = "last_error_code")
    public String lastErrorCode;

    @Column(name = "last_error_message")
    public String lastErrorMessage;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The OutId sent with the SMS, so Alibaba's delivery receipts can be matched to this row. */
    public String outId() {
        return "meterlink-sms-" + id;
    }
}
