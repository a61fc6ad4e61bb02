package io.meterlink.command.repository;

import io.agroal.api.AgroalDataSource;
import io.meterlink.command.model.CommandState;
import io.meterlink.domain.frame.CommandFrameCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The API side of the command outbox: stores accepted commands (one, or a whole job's in one transaction), each with
 * its meter's next seq and the frame meter-domain's {@link CommandFrameCodec} builds from it, and wakes the senders
 * of every replica when they commit. Runs in the caller's transaction, so a rolled-back request leaves neither a
 * command nor a used seq behind. The sender's side is {@link CommandQueue}.
 */
@ApplicationScoped
public class CommandIntake {

    /** Channel a commit with new work notifies, so idle senders on every replica wake at once. */
    public static final String READY_CHANNEL = "command_ready";

    /*
     * A meter's seq counts through the frame's range (CommandFrameCodec.MIN_SEQ..MAX_SEQ, bound as parameters) and
     * starts again at the bottom: a committed seq comes back only after that many commands to the same meter.
     */
    private static final String NEXT_SEQ = "CASE WHEN s.last_seq >= ? THEN ? ELSE s.last_seq + 1 END";

    private static final String ALLOCATE_SEQ = """
            INSERT INTO meter_seq AS s (product_key, device_name, last_seq) VALUES (?, ?, ?)
            ON CONFLICT (product_key, device_name) DO UPDATE SET last_seq = %s
            RETURNING s.last_seq""".formatted(NEXT_SEQ);

    // Stores, notifies the senders (delivered on commit) and returns the row, in one round trip.
    private static final String INSERT = """
            WITH stored AS (
                INSERT INTO command (id, product_key, device_name, seq, args, payload, state, priority, requested_by,
                                     idempotency_key, created_at, expires_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, 'ACCEPTED', 0, ?, ?, now(), now() + make_interval(secs => ?), now())
                ON CONFLICT (requested_by, idempotency_key) DO NOTHING
                RETURNING created_at, expires_at)
            SELECT created_at, expires_at, pg_notify('%s', '') FROM stored""".formatted(READY_CHANNEL);

    /** PostgreSQL's foreign_key_violation: the command names a meter that is not registered. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    /** A seq for every target of a job, from the same counters single commands use, in one statement. */
    private static final String ALLOCATE_JOB_SEQS = """
            WITH targets AS (/*targets*/)
            INSERT INTO meter_seq AS s (product_key, device_name, last_seq)
            SELECT product_key, device_name, ? FROM targets
            ON CONFLICT (product_key, device_name) DO UPDATE SET last_seq = %s
            RETURNING s.product_key, s.device_name, s.last_seq""".formatted(NEXT_SEQ);

    private static final String EXPLICIT_TARGETS = """
            SELECT DISTINCT t.pk AS product_key, t.dn AS device_name
            FROM unnest(?::text[], ?::text[]) AS t(pk, dn)""";

    private static final String PRODUCT_TARGETS = "SELECT product_key, device_name FROM meter WHERE product_key = ?";

    /** A job's commands, one row per element of the arrays, with the frames built by the codec. */
    private static final String INSERT_JOB_COMMANDS = """
            INSERT INTO command (id, product_key, device_name, seq, args, payload, state, job_id, priority,
                                 requested_by, created_at, expires_at, next_attempt_at)
            SELECT gen_random_uuid(), t.pk, t.dn, t.seq, ?, t.payload, 'ACCEPTED', ?, 1, ?, now(), ?, now()
            FROM unnest(?::text[], ?::text[], ?::int[], ?::text[]) AS t(pk, dn, seq, payload)""";

    private final AgroalDataSource dataSource;

    public CommandIntake(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores one ACCEPTED command to the meter, with the meter's next seq, and notifies the senders (on commit). The
     * arguments must have been validated for the longest seq ({@code CommandArgs}).
     *
     * @return the stored command, or empty when the caller already used {@code idempotencyKey} (the earlier command
     *         stands)
     * @throws UnknownMeterException when the meter is not registered
     */
    public Optional<CommandEntity> accept(UUID id, String productKey, String deviceName, List<String> args,
            String requestedBy, String idempotencyKey, Duration ttl) {
        int seq = allocateSeq(productKey, deviceName);
        String payload = CommandFrameCodec.build(seq, args);
        String joined = String.join(",", args);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setObject(1, id);
            ps.setString(2, productKey);
            ps.setString(3, deviceName);
            ps.setInt(4, seq);
            ps.setString(5, joined);
            ps.setString(6, payload);
            ps.setString(7, requestedBy);
            ps.setString(8, idempotencyKey);
            ps.setDouble(9, ttl.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                CommandEntity stored = new CommandEntity();
                stored.id = id;
                stored.productKey = productKey;
                stored.deviceName = deviceName;
                stored.seq = seq;
                stored.args = joined;
                stored.payload = payload;
                stored.state = CommandState.ACCEPTED;
                stored.requestedBy = requestedBy;
                stored.idempotencyKey = idempotencyKey;
                stored.createdAt = rs.getTimestamp(1).toInstant();
                stored.expiresAt = rs.getTimestamp(2).toInstant();
                stored.nextAttemptAt = stored.createdAt;
                return Optional.of(stored);
            }
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw new UnknownMeterException(productKey, deviceName);
            }
            throw new PersistenceFailure("storing a command for " + productKey + "/" + deviceName, e);
        }
    }

    /**
     * Allocates the meter's next seq. Runs in the caller's transaction, so a rolled-back request gives the seq back;
     * a committed one is not handed out again before the meter's seq has gone once round the frame's range.
     */
    private int allocateSeq(String productKey, String deviceName) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ALLOCATE_SEQ)) {
            ps.setString(1, productKey);
            ps.setString(2, deviceName);
            bindSeqRange(ps, 3);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new PersistenceFailure("allocating a seq for " + productKey + "/" + deviceName, e);
        }
    }

    /**
     * Stores one ACCEPTED command of job {@code jobId} per distinct meter of the lists (all registered: the caller
     * checked); returns how many.
     */
    public int acceptJob(UUID jobId, List<String> productKeys, List<String> deviceNames, List<String> args,
            String requestedBy, Instant expiresAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                ALLOCATE_JOB_SEQS.replace("/*targets*/", EXPLICIT_TARGETS))) {
            ps.setArray(1, c.createArrayOf("text", productKeys.toArray()));
            ps.setArray(2, c.createArrayOf("text", deviceNames.toArray()));
            bindSeqRange(ps, 3);
            return insertJobCommands(c, ps, jobId, args, requestedBy, expiresAt);
        } catch (SQLException e) {
            throw new PersistenceFailure("storing the commands of job " + jobId, e);
        }
    }

    /** Stores one ACCEPTED command of job {@code jobId} per registered meter of the product; returns how many. */
    public int acceptJob(UUID jobId, String productKey, List<String> args, String requestedBy, Instant expiresAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                ALLOCATE_JOB_SEQS.replace("/*targets*/", PRODUCT_TARGETS))) {
            ps.setString(1, productKey);
            bindSeqRange(ps, 2);
            return insertJobCommands(c, ps, jobId, args, requestedBy, expiresAt);
        } catch (SQLException e) {
            throw new PersistenceFailure("storing the commands of job " + jobId, e);
        }
    }

    /** Runs the seq allocation {@code seqs}, builds each target's frame and inserts the commands in one statement. */
    private static int insertJobCommands(Connection c, PreparedStatement seqs, UUID jobId, List<String> args,
            String requestedBy, Instant expiresAt) throws SQLException {
        List<String> productKeys = new ArrayList<>();
        List<String> deviceNames = new ArrayList<>();
        List<Integer> seqValues = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        try (ResultSet rs = seqs.executeQuery()) {
            while (rs.next()) {
                int seq = rs.getInt(3);
                productKeys.add(rs.getString(1));
                deviceNames.add(rs.getString(2));
                seqValues.add(seq);
                payloads.add(CommandFrameCodec.build(seq, args));
            }
        }
        if (productKeys.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_JOB_COMMANDS)) {
            ps.setString(1, String.join(",", args));
            ps.setObject(2, jobId);
            ps.setString(3, requestedBy);
            ps.setTimestamp(4, Timestamp.from(expiresAt));
            ps.setArray(5, c.createArrayOf("text", productKeys.toArray()));
            ps.setArray(6, c.createArrayOf("text", deviceNames.toArray()));
            ps.setArray(7, c.createArrayOf("int4", seqValues.toArray()));
            ps.setArray(8, c.createArrayOf("text", payloads.toArray()));
            return ps.executeUpdate();
        }
    }

    /** Binds the first seq of a new meter, then the bounds {@link #NEXT_SEQ} wraps at. */
    private static void bindSeqRange(PreparedStatement ps, int from) throws SQLException {
        ps.setInt(from, CommandFrameCodec.MIN_SEQ);
        ps.setInt(from + 1, CommandFrameCodec.MAX_SEQ);
        ps.setInt(from + 2, CommandFrameCodec.MIN_SEQ);
    }

    /** Wakes the senders of every replica once the current transaction commits. */
    public void notifyReady() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + READY_CHANNEL + "', '')")) {
            ps.execute();
        } catch (SQLException e) {
            throw new PersistenceFailure("notifying senders", e);
        }
    }
}
