package io.meterlink.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A delivery that will never be a reading, kept with the reason so operators can see what meters (or rules) send.
 * Low volume, so plain Hibernate/Panache persistence is fine here.
 */
@Entity
@Table(name = "rejected_message")
public class RejectedMessage extends PanacheEntityBase {

    /** At most this many payload bytes are kept in the table (the dead-letter topic has the whole payload). */
    public static final int MAX_STORED_PAYLOAD = 1024;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "message_id")
    public String messageId;

    @Column(name = "topic")
    public String topic;

    @Column(name = "product_key")
    public String productKey;

    @Column(name = "device_name")
    public String deviceName;

    @Column(name = "generate_time")
    public Instant generateTime;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "reason", nullable = false)
    public String reason;

    @Column(name = "detail", nullable = false)
    public String detail;

    @Column(name = "payload")
    public byte[] payload;

    @Column(name = "payload_size", nullable = false)
    public int payloadSize;

    /** Which of these messageIds were already rejected (a redelivery of a rejected message). */
    public static Set<String> alreadyRejected(Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Set.of();
        }
        List<String> found = getEntityManager()
                .createQuery("SELECT r.messageId FROM RejectedMessage r WHERE r.messageId IN :ids", String.class)
                .setParameter("ids", messageIds)
                .getResultList();
        return new HashSet<>(found);
    }

    /** Retention: deletes rejections received before {@code cutoff}; returns how many. */
    public static long deleteReceivedBefore(Instant cutoff) {
        return delete("receivedAt < ?1", cutoff);
    }
}
