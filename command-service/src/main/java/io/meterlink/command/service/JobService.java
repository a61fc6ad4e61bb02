package io.meterlink.command.service;

import io.meterlink.api.ApiProblem;
import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.metrics.CommandMetrics;
import io.meterlink.command.model.CommandState;
import io.meterlink.command.model.JobState;
import io.meterlink.command.repository.CommandEntity;
import io.meterlink.command.repository.CommandJobEntity;
import io.meterlink.command.repository.CommandJobRepository;
import io.meterlink.command.repository.CommandIntake;
import io.meterlink.command.repository.CommandRepository;
import io.meterlink.command.repository.MeterRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Bulk jobs. A job and one ACCEPTED command per target meter are stored in one transaction, so after any crash the
 * job is either absent or complete with all its targets; the sender then works through them like any other
 * command, and pause / resume / cancel act on the rows that have not been sent yet.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final CommandJobRepository jobs;
    private final CommandRepository commands;
    private final MeterRepository meters;
    private final CommandIntake intake;
    private final CommandMetrics metrics;
    private final CommandServiceConfig.Commands config;
    private final Event<CommandsAccepted> accepted;

    public JobService(CommandJobRepository jobs, CommandRepository commands, MeterRepository meters,
            CommandIntake intake, CommandMetrics metrics, CommandServiceConfig config,
            Event<CommandsAccepted> accepted) {
        this.jobs = jobs;
        this.commands = commands;
        this.meters = meters;
        this.intake = intake;
        this.metrics = metrics;
        this.config = config.commands();
        this.accepted = accepted;
    }

    /**
     * Creates a job for an explicit list of meters or for every registered meter of {@code productKey}.
     *
     * @throws ApiProblem 400 for invalid input or unregistered targets, 404 for a product without meters, 422 for
     *                    a reused Idempotency-Key
     */
    @Transactional
    public Submitted<JobProgress> create(List<String> args, List<JobTarget> targets, String productKey,
            Long ttlSeconds, String idempotencyKey, String caller) {
        String joined = CommandArgs.validate("args", args);
        Duration ttl = Ttl.of(ttlSeconds, config.defaultTtl(), config.maxTtl());
        Ttl.checkIdempotencyKey(idempotencyKey);
        if ((targets == null) == (productKey == null)) {
            throw ApiProblem.invalid("targets", "give either targets (a list of meters) or productKey (all its "
                    + "registered meters), not both or neither");
        }
        List<String> productKeys = new ArrayList<>();
        List<String> deviceNames = new ArrayList<>();
        if (targets != null) {
            if (targets.isEmpty() || targets.size() > config.maxJobTargets()) {
                throw ApiProblem.invalid("targets", targets.size() + " meters, expected 1-" + config.maxJobTargets());
            }
            for (int i = 0; i < targets.size(); i++) {
                JobTarget t = targets.get(i);
                if (t == null) {
                    throw ApiProblem.invalid("targets[" + i + "]", "missing");
                }
                CommandArgs.validateMeter("targets[" + i + "].productKey", t.productKey(),
                        "targets[" + i + "].deviceName", t.deviceName());
                productKeys.add(t.productKey());
                deviceNames.add(t.deviceName());
            }
        } else {
            CommandArgs.validateProductKey("productKey", productKey);
        }
        String requestHash = hash(joined, productKey, productKeys, deviceNames, ttl);
        if (idempotencyKey != null) {
            // A client retrying before the first answer arrived: the repeats queue behind the first and replay it.
            jobs.lockIdempotencyKey(caller, idempotencyKey);
            var earlier = jobs.findByIdempotencyKey(caller, idempotencyKey);
            if (earlier.isPresent()) {
                if (!requestHash.equals(earlier.get().requestHash)) {
                    throw ApiProblem.keyReused("this Idempotency-Key was used for job " + earlier.get().id
                            + " with another request");
                }
                return new Submitted<>(progress(earlier.get()), true);
            }
        }
        if (targets != null) {
            List<String> unknown = meters.unknown(productKeys, deviceNames, 10);
            if (!unknown.isEmpty()) {
                throw ApiProblem.invalid("targets", "not registered: " + String.join(", ", unknown)
                        + (unknown.size() == 10 ? " (first 10)" : ""));
            }
        }

        Instant now = Instant.now();
        CommandJobEntity job = new CommandJobEntity();
        job.id = UUID.randomUUID();
        job.state = JobState.RUNNING;
        job.args = joined;
        job.productKey = productKey;
        job.createdBy = caller;
        job.updatedBy = caller;
        job.createdAt = now;
        job.updatedAt = now;
        job.expiresAt = now.plus(ttl);
        job.idempotencyKey = idempotencyKey;
        job.requestHash = requestHash;
        // The command rows reference the job: it must be in the database before they are inserted.
        jobs.persistAndFlush(job);
        int total = targets != null
                ? intake.acceptJob(job.id, productKeys, deviceNames, args, caller, job.expiresAt)
                : intake.acceptJob(job.id, productKey, args, caller, job.expiresAt);
        if (total == 0) {
            throw ApiProblem.notFound("product " + productKey + " has no registered meters");
        }
        job.total = total;
        intake.notifyReady();
        accepted.fire(new CommandsAccepted(total));
        metrics.transition(CommandState.ACCEPTED, total);
        LOG.infof("job %s created by %s: %d meters, args %s", job.id, caller, total, joined);
        return new Submitted<>(new JobProgress(job, jobs.progress(job.id)), false);
    }

    public JobProgress get(UUID id) {
        return progress(find(id));
    }

    /** A page of the jobs, newest first, each with its progress ({@code page}/{@code size} null: the defaults). */
    public Page<JobProgress> list(Integer page, Integer size) {
        return jobs.newestFirst(PageRequest.of(page, size, config.maxPageSize())).map(this::progress);
    }

    /** A page of the job's commands, optionally only those in one state (e.g. the FAILED ones to look at). */
    public Page<CommandEntity> commands(UUID id, CommandState state, Integer page, Integer size) {
        PageRequest request = PageRequest.of(page, size, config.maxPageSize());
        find(id);
        return commands.forJob(id, state, request);
    }

    /**
     * Pauses, resumes or cancels a job. Asking for the state it is in changes nothing and succeeds.
     *
     * @throws ApiProblem 404 for an unknown job, 409 when the job's state does not allow it
     */
    @Transactional
    public JobProgress changeState(UUID id, JobState target, String caller) {
        CommandJobEntity job = jobs.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiProblem.notFound("job " + id + " does not exist"));
        if (!job.state.canMoveTo(target)) {
            throw ApiProblem.conflict("job " + id + " is " + job.state + " and cannot become " + target);
        }
        if (job.state != target) {
            switch (target) {
                case PAUSED -> jobs.hold(id, true);
                case RUNNING -> {
                    int released = jobs.hold(id, false);
                    intake.notifyReady();
                    accepted.fire(new CommandsAccepted(released));
                }
                case CANCELLED -> {
                    metrics.transition(CommandState.CANCELLED, jobs.cancelWaiting(id));
                    job.finishedAt = Instant.now();
                }
                case COMPLETED -> throw new IllegalStateException("jobs complete by themselves");
            }
            LOG.infof("job %s: %s -> %s by %s", id, job.state, target, caller);
            job.state = target;
            job.updatedAt = Instant.now();
            job.updatedBy = caller;
        }
        return progress(job);
    }

    private CommandJobEntity find(UUID id) {
        return jobs.findByIdOptional(id).orElseThrow(() -> ApiProblem.notFound("job " + id + " does not exist"));
    }

    private JobProgress progress(CommandJobEntity job) {
        return new JobProgress(job, jobs.progress(job.id));
    }

    private static String hash(String args, String productKey, List<String> productKeys, List<String> deviceNames,
            Duration ttl) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((args + "\n" + productKey + "\n" + ttl.toSeconds() + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < productKeys.size(); i++) {
                digest.update((productKeys.get(i) + "/" + deviceNames.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
