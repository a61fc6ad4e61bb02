package io.meterlink.command.repository;

import io.agroal.api.AgroalDataSource;
import io.meterlink.command.model.CommandState;
import io.meterlink.command.model.Route;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The sender's side of the command outbox, in plain SQL: claiming the most urgent due command, recording the outcome
 * of a send (and claiming the next one in the same statement), and the housekeeping every replica runs (in-doubt
 * recovery, TTL expiry). Every state change is a single conditional UPDATE, so replicas never need more coordination
 * than PostgreSQL's row locks. Autocommit: a claim is committed before its send. Commands come in through
 * {@link CommandIntake}.
 */
@ApplicationScoped
public class CommandQueue {

    /** Error code of a command whose sender stopped between claiming it and recording the outcome. */
    public static final String IN_DOUBT = "InDoubt";

    /**
     * Moves the most urgent due command to SENDING for a sender (parameters: sender, lease seconds); {@code gate}
     * is where a combined statement makes the row lock wait for an earlier step.
     */
    private static final String CLAIM_AFTER_GATE = """
            UPDATE command c
            SET state = 'SENDING', attempts = c.attempts + 1, claimed_by = ?,
                claimed_until = now() + make_interval(secs => ?),
                route = COALESCE(m.route_override, m.migration_state)
            FROM meter m
            WHERE c.id = (
                SELECT r.id FROM command r /*gate*/
                WHERE r.state = 'ACCEPTED' AND NOT r.held AND r.next_attempt_at <= now() AND r.expires_at > now()
                  AND (r.job_id IS NULL
                       OR EXISTS (SELECT 1 FROM command_job j WHERE j.id = r.job_id AND j.state = 'RUNNING'))
                ORDER BY r.priority, r.next_attempt_at
                LIMIT 1
                FOR UPDATE OF r SKIP LOCKED)
              AND m.product_key = c.product_key AND m.device_name = c.device_name
            RETURNING c.id, c.product_key, c.device_name, c.payload, c.route, c.attempts, c.expires_at, c.job_id""";

    private static final String CLAIM = CLAIM_AFTER_GATE.replace("/*gate*/", "");

    /*
     * Recording one outcome and claiming the next command in one statement halves the sender's round trips; the
     * claim still commits before the next send, so the in-doubt set after a crash stays one command per worker.
     *
     * The claim must not lock its row before the record is done. PostgreSQL runs the CTEs in no promised order, and
     * a pause or cancel (one UPDATE over a job's rows, which keeps its lock on every row it rechecks, even the ones
     * that turned SENDING and no longer match) can hold the recorded row while it waits for the row the claim just
     * locked: a deadlock. Joining the claim to the record's count makes the record finish before the claim locks;
     * a claim never waits (SKIP LOCKED), so a sender holds nothing while it waits.
     */
    private static final String RECORD_AND_CLAIM = """
            WITH recorded AS (/*record*/ RETURNING 1),
            done AS (SELECT count(*) AS n FROM recorded),
            claimed AS (/*claim*/)
            SELECT done.n, claimed.*
            FROM done LEFT JOIN claimed ON true"""
            .replace("/*claim*/", CLAIM_AFTER_GATE.replace("/*gate*/", "CROSS JOIN done"));

    // A late result still wins over the in-doubt verdict: a MessageId is the truth about what happened.
    private static final String MARK_SENT = """
            UPDATE command
            SET state = 'SENT', message_id = ?, sent_at = now(), finished_at = now(),
                claimed_by = NULL, claimed_until = NULL
            WHERE id = ? AND (state = 'SENDING' AND claimed_by = ? OR state = 'FAILED' AND error_code = '%s')"""
            .formatted(IN_DOUBT);

    // Back to ACCEPTED, unless the job was cancelled meanwhile; held again if it was paused meanwhile.
    private static final String MARK_RETRY = """
            UPDATE command c
            SET state = CASE WHEN j.state = 'CANCELLED' THEN 'CANCELLED' ELSE 'ACCEPTED' END,
                finished_at = CASE WHEN j.state = 'CANCELLED' THEN now() END,
                held = COALESCE(j.state = 'PAUSED', false),
                next_attempt_at = now() + make_interval(secs => ?),
                error_code = ?, error_message = ?, claimed_by = NULL, claimed_until = NULL
            FROM (SELECT (SELECT state FROM command_job WHERE id = x.job_id) AS state
                  FROM command x WHERE x.id = ?) j
            WHERE c.id = ? AND c.state = 'SENDING' AND c.claimed_by = ?""";

    private static final String MARK_FINISHED = """
            UPDATE command
            SET state = ?, error_code = ?, error_message = ?, finished_at = now(), claimed_by = NULL,
                claimed_until = NULL
            WHERE id = ? AND state = 'SENDING' AND claimed_by = ?""";

    private static final String RECOVER_IN_DOUBT = """
            UPDATE command
            SET state = 'FAILED', error_code = '%s',
                error_message = 'sender ' || claimed_by || ' stopped while sending; not sent again to avoid a duplicate',
                finished_at = now(), claimed_by = NULL, claimed_until = NULL
            WHERE state = 'SENDING' AND claimed_until < now()""".formatted(IN_DOUBT);

    // Skips rows another statement holds (a claim, a pause): the next sweep gets them, and housekeeping never
    // waits inside someone else's lock order.
    private static final String EXPIRE = """
            UPDATE command
            SET state = 'EXPIRED', finished_at = now(),
                error_message = 'TTL passed before it could be sent'
                                || COALESCE(' (last error: ' || error_code || ')', '')
            WHERE id IN (SELECT id FROM command WHERE state = 'ACCEPTED' AND expires_at <= now()
                         FOR UPDATE SKIP LOCKED)
              AND state = 'ACCEPTED'""";

    private final AgroalDataSource dataSource;

    public CommandQueue(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Moves the most urgent due command to SENDING for {@code sender}, or returns empty when none is due. */
    public Optional<ClaimedCommand> claimNext(String sender, Duration lease) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, sender);
            ps.setDouble(2, lease.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(claimed(rs, 1));
            }
        } catch (SQLException e) {
            throw new PersistenceFailure("claiming a command", e);
        }
    }

    /** The outcome of a record, and the next command claimed with it (empty when none was due or asked for). */
    public record Recorded(boolean applied, Optional<ClaimedCommand> next) {
    }

    /**
     * Records the outcome of a command {@code sender} had claimed and, when {@code nextLease} is given, claims the
     * next due command in the same statement. {@code applied} is false when the command was no longer this
     * sender's (it then stays as it is); a late {@link SendResult.Sent} still wins over an in-doubt verdict.
     */
    public Recorded record(UUID id, String sender, SendResult result, Duration nextLease) {
        String mark = result instanceof SendResult.Sent ? MARK_SENT
                : result instanceof SendResult.Retry ? MARK_RETRY : MARK_FINISHED;
        String sql = nextLease == null ? mark : RECORD_AND_CLAIM.replace("/*record*/", mark);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int next = bindRecord(ps, id, sender, result);
            if (nextLease == null) {
                return new Recorded(ps.executeUpdate() == 1, Optional.empty());
            }
            ps.setString(next, sender);
            ps.setDouble(next + 1, nextLease.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean applied = rs.getLong(1) == 1;
                return new Recorded(applied, rs.getObject(2) == null ? Optional.empty() : Optional.of(claimed(rs, 2)));
            }
        } catch (SQLException e) {
            throw new PersistenceFailure("recording the outcome of command " + id, e);
        }
    }

    /** Binds the record statement's parameters; returns the index of the next free one. */
    private static int bindRecord(PreparedStatement ps, UUID id, String sender, SendResult result)
            throws SQLException {
        if (result instanceof SendResult.Sent sent) {
            ps.setString(1, sent.messageId());
            ps.setObject(2, id);
            ps.setString(3, sender);
            return 4;
        }
        if (result instanceof SendResult.Retry retry) {
            ps.setDouble(1, retry.delay().toMillis() / 1000.0);
            ps.setString(2, retry.code());
            ps.setString(3, truncate(retry.message()));
            ps.setObject(4, id);
            ps.setObject(5, id);
            ps.setString(6, sender);
            return 7;
        }
        SendResult.Ended ended = (SendResult.Ended) result;
        ps.setString(1, ended.state().name());
        ps.setString(2, ended.code());
        ps.setString(3, truncate(ended.message()));
        ps.setObject(4, id);
        ps.setString(5, sender);
        return 6;
    }

    private static ClaimedCommand claimed(ResultSet rs, int from) throws SQLException {
        return new ClaimedCommand(rs.getObject(from, UUID.class), rs.getString(from + 1), rs.getString(from + 2),
                rs.getString(from + 3), Route.valueOf(rs.getString(from + 4)), rs.getInt(from + 5),
                rs.getTimestamp(from + 6).toInstant(), rs.getObject(from + 7, UUID.class));
    }

    /**
     * What a crashed sender leaves behind: SENDING rows whose lease ran out. The Pub may or may not have happened,
     * and the platform offers no way to ask, so they are failed as in doubt rather than risk a second delivery.
     * Runs at start-up and periodically, on every replica.
     *
     * @return the commands found in doubt
     */
    public List<UUID> recoverInDoubt() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(RECOVER_IN_DOUBT + " RETURNING id")) {
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new PersistenceFailure("recovering in-doubt commands", e);
        }
    }

    /** How many commands wait (ACCEPTED) and are being sent (SENDING) right now, fleet-wide. */
    public Map<CommandState, Long> openCounts() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT state, count(*) FROM command WHERE state IN ('ACCEPTED', 'SENDING') GROUP BY state");
                ResultSet rs = ps.executeQuery()) {
            Map<CommandState, Long> counts = new EnumMap<>(CommandState.class);
            while (rs.next()) {
                counts.put(CommandState.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new PersistenceFailure("counting open commands", e);
        }
    }

    /** Ends every ACCEPTED command whose TTL has passed; returns how many. */
    public int expireOverdue() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(EXPIRE)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure("expiring commands", e);
        }
    }

    private static String truncate(String message) {
        if (message == null) {
            return null;
        }
        return message.length() <= 1000 ? message : message.substring(0, 1000);
    }
}
