package io.meterlink.command.repository;

import io.agroal.api.AgroalDataSource;
import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.meterlink.command.model.CommandState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Bulk jobs: Panache for the job row, plain SQL for what touches all of a job's commands at once. */
@ApplicationScoped
public class CommandJobRepository implements PanacheRepositoryBase<CommandJobEntity, UUID> {

    private static final String PROGRESS = "SELECT state, count(*) FROM command WHERE job_id = ? GROUP BY state";

    private static final String HOLD = "UPDATE command SET held = ? WHERE job_id = ? AND state = 'ACCEPTED'";

    private static final String CANCEL = """
            UPDATE command SET state = 'CANCELLED', held = false, finished_at = now()
            WHERE job_id = ? AND state = 'ACCEPTED'""";

    private static final String COMPLETE = """
            UPDATE command_job j SET state = 'COMPLETED', finished_at = now(), updated_at = now()
            WHERE j.state = 'RUNNING'
              AND NOT EXISTS (SELECT 1 FROM command c WHERE c.job_id = j.id AND c.state IN ('ACCEPTED', 'SENDING'))""";

    private static final String OPEN_COMMANDS = """
            SELECT c.state, count(*) FROM command c JOIN command_job j ON j.id = c.job_id
            WHERE j.state IN ('RUNNING', 'PAUSED') GROUP BY c.state""";

    /** Namespace of the job Idempotency-Key locks among PostgreSQL advisory locks (two-key form). */
    private static final int IDEMPOTENCY_LOCKS = 0x4A4F4253;

    private static final String LOCK_KEY = "SELECT pg_advisory_xact_lock(" + IDEMPOTENCY_LOCKS + ", hashtext(?))";

    private final AgroalDataSource dataSource;

    public CommandJobRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Holds, until the transaction ends, the lock of one caller's Idempotency-Key: a concurrent creation with the same
     * key waits here until the first commits and then finds its job, instead of both inserting and one failing on
     * the unique key.
     */
    public void lockIdempotencyKey(String createdBy, String idempotencyKey) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LOCK_KEY)) {
            ps.setString(1, createdBy + "\n" + idempotencyKey);
            ps.execute();
        } catch (SQLException e) {
            throw new PersistenceFailure("locking the Idempotency-Key of a job", e);
        }
    }

    public Optional<CommandJobEntity> findByIdempotencyKey(String createdBy, String idempotencyKey) {
        return find("createdBy = ?1 and idempotencyKey = ?2", createdBy, idempotencyKey).firstResultOptional();
    }

    /** A page of the jobs, newest first. */
    public Page<CommandJobEntity> newestFirst(PageRequest page) {
        return QueryPages.of(findAll(Sort.descending("createdAt")), page);
    }

    /** How many of the job's commands are in each state (states without any are absent). */
    public Map<CommandState, Long> progress(UUID jobId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PROGRESS)) {
            ps.setObject(1, jobId);
            return counts(ps);
        } catch (SQLException e) {
            throw new PersistenceFailure("counting the progress of job " + jobId, e);
        }
    }

    /** Commands of every running or paused job by state, for the job-progress gauges. */
    public Map<CommandState, Long> openJobsProgress() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(OPEN_COMMANDS)) {
            return counts(ps);
        } catch (SQLException e) {
            throw new PersistenceFailure("counting the progress of open jobs", e);
        }
    }

    /** Keeps a paused job's waiting commands out of the sender's way, or lets them back in. */
    public int hold(UUID jobId, boolean held) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(HOLD)) {
            ps.setBoolean(1, held);
            ps.setObject(2, jobId);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure("holding the commands of job " + jobId, e);
        }
    }

    /** Cancels the job's commands that have not been sent; those being sent right now finish normally. */
    public int cancelWaiting(UUID jobId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CANCEL)) {
            ps.setObject(1, jobId);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure("cancelling the commands of job " + jobId, e);
        }
    }

    /** Marks running jobs with nothing left to send as COMPLETED; returns how many. */
    public int completeFinished() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(COMPLETE)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure("completing finished jobs", e);
        }
    }

    private static Map<CommandState, Long> counts(PreparedStatement ps) throws SQLException {
        Map<CommandState, Long> counts = new EnumMap<>(CommandState.class);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(CommandState.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }
}
