package io.meterlink.alert.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The ids of readings already applied. Claiming ids inserts them in the caller's transaction, so an id is remembered
 * exactly when the effects of its reading are committed, and a redelivery finds it.
 */
@ApplicationScoped
public class ProcessedMessages {

    @Inject
    EntityManager em;

    /**
     * Records {@code keys} as processed and returns those that were not already; one statement for the whole batch.
     */
    public Set<String> claim(Collection<String> keys, Instant now) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return em.unwrap(Session.class).doReturningWork(connection -> {
            Set<String> fresh = new HashSet<>();
            Array array = connection.createArrayOf("text", keys.toArray());
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO processed_message (message_key, processed_at) SELECT k, ? FROM unnest(?) AS k "
                            + "ON CONFLICT (message_key) DO NOTHING RETURNING message_key")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setArray(2, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fresh.add(rs.getString(1));
                    }
                }
            } finally {
                array.free();
            }
            return fresh;
        });
    }

    /** Forgets ids older than {@code before}, at most {@code limit} of them; returns how many. */
    public int purge(Instant before, int limit) {
        return em.createNativeQuery("DELETE FROM processed_message WHERE message_key IN "
                        + "(SELECT message_key FROM processed_message WHERE processed_at < ?1 LIMIT ?2)")
                .setParameter(1, before).setParameter(2, limit).executeUpdate();
    }
}
