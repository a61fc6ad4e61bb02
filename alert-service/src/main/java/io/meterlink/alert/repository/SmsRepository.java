package io.meterlink.alert.repository;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SMS outbox: claiming due rows for sending, per-number counts for the caps, searches for the API. */
@ApplicationScoped
public class SmsRepository implements PanacheRepositoryBase<SmsMessage, Long> {

    /** Sends to one number with one template within the last day, for {@link io.meterlink.alert.sms.SendCaps}. */
    public record SentWindow(long lastMinute, long lastHour, long lastDay, Instant oldestInMinute,
            Instant oldestInHour) {
    }

    /**
     * Claims the SMS due longest ago, locking its row until the caller's transaction ends; rows other workers hold
     * are skipped.
     */
    @SuppressWarnings("unchecked")
    public Optional<SmsMessage> claimNextDue(Instant now) {
        List<SmsMessage> rows = getEntityManager().createNativeQuery("SELECT * FROM sms WHERE status = 'QUEUED' "
                        + "AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
                        SmsMessage.class)
                .setParameter(1, now).getResultList();
        return rows.stream().findFirst();
    }

    public SentWindow sentWindow(String phoneNumber, String templateCode, Instant now) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery("SELECT "
                        + "count(*) FILTER (WHERE sent_at > ?3), count(*) FILTER (WHERE sent_at > ?4), count(*), "
                        + "min(sent_at) FILTER (WHERE sent_at > ?3), min(sent_at) FILTER (WHERE sent_at > ?4) "
                        + "FROM sms WHERE phone_number = ?1 AND template_code = ?2 AND status = 'SENT' "
                        + "AND sent_at > ?5")
                .setParameter(1, phoneNumber).setParameter(2, templateCode)
                .setParameter(3, now.minus(Duration.ofMinutes(1))).setParameter(4, now.minus(Duration.ofHours(1)))
                .setParameter(5, now.minus(Duration.ofDays(1)))
                .getSingleResult();
        return new SentWindow(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue(), instant(row[3]), instant(row[4]));
    }

    /** How many SMS wait to be sent, and since when the oldest of them waits (null when none). */
    public record Backlog(long queued, Instant oldestCreatedAt) {
    }

    public Backlog backlog() {
        Object[] row = getEntityManager()
                .createQuery("select count(s), min(s.createdAt) from SmsMessage s where s.status = ?1", Object[].class)
                .setParameter(1, SmsStatus.QUEUED).getSingleResult();
        return new Backlog(((Number) row[0]).longValue(), (Instant) row[1]);
    }

    public List<SmsMessage> search(SmsFilter filter, int pageIndex, int pageSize) {
        return query(filter).page(Page.of(pageIndex, pageSize)).list();
    }

    public long count(SmsFilter filter) {
        return query(filter).count();
    }

    private PanacheQuery<SmsMessage> query(SmsFilter f) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (f.status() != null) {
            where.append(" and status = :status");
            p.and("status", f.status());
        }
        if (f.kind() != null) {
            where.append(" and kind = :kind");
            p.and("kind", f.kind());
        }
        if (f.alertId() != null) {
            where.append(" and alertId = :alertId");
            p.and("alertId", f.alertId());
        }
        if (f.phoneNumber() != null) {
            where.append(" and phoneNumber = :phoneNumber");
            p.and("phoneNumber", f.phoneNumber());
        }
        return find(where.toString(), Sort.by("createdAt", Sort.Direction.Descending).and("id",
                Sort.Direction.Descending), p);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
