package io.meterlink.alert.repository;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Alerts: the unresolved ones the rules work on, counts for storm protection, and searches for the API. */
@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, Long> {

    /**
     * Loads and locks the unresolved alerts of meters with these device names (callers match the product key).
     * Locking keeps an acknowledgement or a storm summary from being overwritten by a reading processed at the same
     * time, and the other way round.
     */
    public List<Alert> lockUnresolvedFor(Collection<String> deviceNames) {
        if (deviceNames.isEmpty()) {
            return List.of();
        }
        // The status as a literal lets PostgreSQL use the partial index of unresolved alerts.
        return find("deviceName in ?1 and status <> io.meterlink.alert.repository.AlertStatus.RESOLVED order by id",
                deviceNames).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Loads and locks one alert, for acknowledging it. */
    public Optional<Alert> lockById(long id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Alerts opened after {@code since}, except those opened from a backlog: the storm gauge. */
    public long countOpenedSince(Instant since) {
        // Alerts opened from a backlog of old readings are no storm now: counting them would fold the fresh alerts
        // of a first deployment into summaries.
        return count("openedAt > ?1 and notification <> ?2", since, NotificationState.BACKLOG);
    }

    /** When the same meter and rule were last texted; null when never. */
    public Instant lastNotified(String productKey, String deviceName, String rule) {
        return getEntityManager().createQuery("select max(a.lastNotifiedAt) from Alert a where a.productKey = ?1 "
                        + "and a.deviceName = ?2 and a.rule = ?3", Instant.class)
                .setParameter(1, productKey).setParameter(2, deviceName).setParameter(3, rule)
                .getSingleResult();
    }

    /**
     * Claims alerts waiting for a storm summary, oldest first. Rows a reading is updating right now are skipped and
     * join the next summary, so summarizing never waits on (or deadlocks with) the consumer.
     */
    @SuppressWarnings("unchecked")
    public List<Alert> claimSummaryPending(int limit) {
        return getEntityManager().createNativeQuery("SELECT * FROM alert WHERE notification = 'SUMMARY_PENDING' "
                        + "ORDER BY opened_at, id LIMIT ?1 FOR UPDATE SKIP LOCKED", Alert.class)
                .setParameter(1, limit).getResultList();
    }

    /** Opening time of the newest and oldest alert waiting for a summary; nulls when none waits. */
    public Instant[] summaryPendingSpan() {
        Object[] row = getEntityManager().createQuery("select min(a.openedAt), max(a.openedAt) from Alert a "
                + "where a.notification = ?1", Object[].class)
                .setParameter(1, NotificationState.SUMMARY_PENDING).getSingleResult();
        return new Instant[] {(Instant) row[0], (Instant) row[1]};
    }

    /** Next id for a storm summary, shared by its SMS and the alerts it covers. */
    public long nextSummaryId() {
        return ((Number) getEntityManager().createNativeQuery("SELECT nextval('summary_seq')").getSingleResult())
                .longValue();
    }

    /** A page of alerts matching {@code filter}, newest first. */
    public List<Alert> search(AlertFilter filter, int pageIndex, int pageSize) {
        return query(filter).page(Page.of(pageIndex, pageSize)).list();
    }

    public long count(AlertFilter filter) {
        return query(filter).count();
    }

    private PanacheQuery<Alert> query(AlertFilter f) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (f.status() != null) {
            where.append(" and status = :status");
            p.and("status", f.status());
        }
        if (f.rule() != null) {
            where.append(" and rule = :rule");
            p.and("rule", f.rule());
        }
        if (f.productKey() != null) {
            where.append(" and productKey = :productKey");
            p.and("productKey", f.productKey());
        }
        if (f.deviceName() != null) {
            where.append(" and deviceName = :deviceName");
            p.and("deviceName", f.deviceName());
        }
        if (f.openedFrom() != null) {
            where.append(" and openedAt >= :openedFrom");
            p.and("openedFrom", f.openedFrom());
        }
        if (f.openedTo() != null) {
            where.append(" and openedAt < :openedTo");
            p.and("openedTo", f.openedTo());
        }
        return find(where.toString(), Sort.by("openedAt", Sort.Direction.Descending).and("id",
                Sort.Direction.Descending), p);
    }
}
