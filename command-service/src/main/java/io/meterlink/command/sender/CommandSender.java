package io.meterlink.command.sender;

import io.agroal.api.AgroalDataSource;
import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.gateway.CommandGateway;
import io.meterlink.command.gateway.LegacyGateway;
import io.meterlink.command.gateway.PlatformGateway;
import io.meterlink.command.gateway.SendOutcome;
import io.meterlink.command.metrics.CommandMetrics;
import io.meterlink.command.model.CommandState;
import io.meterlink.command.model.Route;
import io.meterlink.command.repository.ClaimedCommand;
import io.meterlink.command.repository.CommandQueue;
import io.meterlink.command.repository.SendResult;
import io.meterlink.command.service.CommandsAccepted;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The outbox sender: worker threads claim due commands one at a time (ACCEPTED → SENDING, committed before the
 * gateway is called), draw a Pub permit for platform meters, send, and record the outcome. Several replicas run it
 * side by side; {@code FOR UPDATE SKIP LOCKED} keeps them off each other's rows.
 *
 * <p>On start it first runs the recovery a crash needs ({@link SenderMaintenance#recover()}); on shutdown it stops
 * claiming and lets in-flight sends finish and be recorded, so a graceful restart leaves nothing in doubt.
 */
@ApplicationScoped
public class CommandSender {

    private static final Logger LOG = Logger.getLogger(CommandSender.class);
    /** Error code of a command put back unsent because no Pub permit could be drawn (database unreachable). */
    public static final String PERMIT_UNAVAILABLE = "Pacer.Unavailable";
    private static final Duration PERMIT_RETRY = Duration.ofSeconds(1);

    private final CommandQueue queue;
    private final PubPacer pacer;
    private final RetryPolicy retry;
    private final PlatformGateway platform;
    private final LegacyGateway legacy;
    private final CommandMetrics metrics;
    private final SenderMaintenance maintenance;
    private final AgroalDataSource dataSource;
    private final CommandServiceConfig.Sender config;
    private final String nodeId;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger crashedWorkers = new AtomicInteger();
    private volatile boolean running;
    private volatile ReadySignal signal;

    public CommandSender(CommandQueue queue, PubPacer pacer, RetryPolicy retry, PlatformGateway platform,
            LegacyGateway legacy, CommandMetrics metrics, SenderMaintenance maintenance, AgroalDataSource dataSource,
            CommandServiceConfig config) {
        this.queue = queue;
        this.pacer = pacer;
        this.retry = retry;
        this.platform = platform;
        this.legacy = legacy;
        this.metrics = metrics;
        this.maintenance = maintenance;
        this.dataSource = dataSource;
        this.config = config.sender();
        // Names the replica in claimed rows, so an in-doubt command says whose send it was.
        this.nodeId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts an idle worker at once when this replica stored new commands (after their commit). */
    void onAccepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommandsAccepted event) {
        ReadySignal current = signal;
        if (current != null) {
            current.signal();
        }
    }

    /** Recovers what a previous crash left behind, then starts the workers. */
    public synchronized void start() {
        if (running) {
            return;
        }
        maintenance.recover();
        running = true;
        signal = new ReadySignal(dataSource);
        signal.start();
        for (int i = 0; i < config.workers(); i++) {
            Thread worker = new Thread(this::work, "command-sender-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        LOG.infof("command sender %s started with %d workers, Pub pacing %.0f/s", nodeId, config.workers(),
                pacer.qps());
    }

    /** Stops claiming; waits for in-flight sends to be recorded. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        signal.stop();
        for (Thread worker : workers) {
            try {
                worker.join(config.lease().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.clear();
        LOG.infof("command sender %s stopped", nodeId);
    }

    public boolean isRunning() {
        return running;
    }

    /** Workers that died of an unexpected error since start (liveness). */
    public int crashedWorkers() {
        return crashedWorkers.get();
    }

    public String nodeId() {
        return nodeId;
    }

    private void work() {
        try {
            Optional<ClaimedCommand> next = Optional.empty();
            // A command claimed along with the last record is sent even when stopping: it is ours until recorded.
            while (running || next.isPresent()) {
                long seen = signal.generation();
                if (next.isPresent()) {
                    next = deliver(next.get());
                    if (next.isEmpty() && running) {
                        // The record already looked for more work and found none: wait, unless woken meanwhile.
                        signal.await(seen, config.idlePoll());
                    }
                    continue;
                }
                try {
                    next = queue.claimNext(nodeId, config.lease());
                } catch (RuntimeException e) {
                    LOG.warnf("claiming a command failed, trying again shortly: %s", e.getMessage());
                    TimeUnit.SECONDS.sleep(1);
                    continue;
                }
                if (next.isEmpty()) {
                    signal.await(seen, config.idlePoll());
                } else {
                    // There was work: maybe more than this worker can take, so pass the wake-up on.
                    signal.signal();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            crashedWorkers.incrementAndGet();
            LOG.errorf(e, "sender worker %s died", Thread.currentThread().getName());
        }
    }

    /** Sends one claimed command, records the outcome, and returns the next command claimed with that record. */
    private Optional<ClaimedCommand> deliver(ClaimedCommand command) throws InterruptedException {
        CommandGateway gateway;
        if (command.route() == Route.PLATFORM) {
            if (!awaitPubPermit(command)) {
                // Nothing was sent: the command goes back to the queue instead of ending in doubt with its lease.
                return persist(command, new SendResult.Retry(PERMIT_RETRY, PERMIT_UNAVAILABLE,
                        "not sent: no Pub permit could be drawn, the database was unreachable"));
            }
            gateway = platform;
        } else {
            gateway = legacy;
        }
        long start = System.nanoTime();
        SendOutcome outcome;
        try {
            outcome = gateway.send(command.productKey(), command.deviceName(), command.payload());
        } catch (RuntimeException e) {
            // A gateway bug must not kill the worker and strand the command in SENDING.
            LOG.errorf(e, "sending command %s failed unexpectedly", command.id());
            outcome = new SendOutcome.Refused(PlatformGateway.UNEXPECTED, e.toString());
        }
        metrics.sendLatency(command.route(), Duration.ofNanos(System.nanoTime() - start));
        return persist(command, decide(command, outcome));
    }

    /**
     * Draws a Pub permit, pausing and trying again while the permit store (the database) fails: a blip must neither
     * end the worker nor fail a command that was never sent. Gives up (false) when stopping or after a fifth of the
     * lease, so that putting the command back ({@link #persist}, up to three quarters of the lease) still fits in it.
     */
    private boolean awaitPubPermit(ClaimedCommand command) throws InterruptedException {
        long deadline = System.nanoTime() + config.lease().toNanos() / 5;
        while (true) {
            try {
                pacer.acquire();
                return true;
            } catch (RuntimeException e) {
                if (!running || System.nanoTime() - deadline > 0) {
                    LOG.warnf("no Pub permit for command %s, putting it back unsent: %s", command.id(), e.getMessage());
                    return false;
                }
                LOG.warnf("drawing a Pub permit for command %s failed, trying again shortly: %s", command.id(),
                        e.getMessage());
                TimeUnit.SECONDS.sleep(1);
            }
        }
    }

    /** What the outcome means for the command: SENT, a retry after backoff, or FAILED / EXPIRED. */
    private SendResult decide(ClaimedCommand command, SendOutcome outcome) {
        if (outcome instanceof SendOutcome.Delivered delivered) {
            return new SendResult.Sent(delivered.messageId());
        }
        SendOutcome.Refused refused = (SendOutcome.Refused) outcome;
        metrics.sendError(command.route(), refused.code());
        if (!retry.isRetryable(refused.code())) {
            LOG.infof("command %s to %s/%s failed: %s %s", command.id(), command.productKey(), command.deviceName(),
                    refused.code(), refused.message());
            return new SendResult.Ended(CommandState.FAILED, refused.code(), refused.message());
        }
        Duration delay = retry.backoff(command.attempts());
        if (command.route() == Route.PLATFORM && RetryPolicy.isThrottling(refused.code())) {
            // The account is over its rate: every worker of this replica backs off, not just this command.
            pacer.pause(retry.backoff(1));
        }
        if (Instant.now().plus(delay).isAfter(command.expiresAt())) {
            return new SendResult.Ended(CommandState.EXPIRED, refused.code(),
                    "TTL passes before the next attempt; last error: " + refused.message());
        }
        LOG.debugf("command %s attempt %d refused (%s), retrying in %s", command.id(), command.attempts(),
                refused.code(), delay);
        return new SendResult.Retry(delay, refused.code(), refused.message());
    }

    /**
     * Records the result (claiming the next command in the same statement while running), retrying while the
     * database is unreachable: losing the record of a send that happened would turn it into an in-doubt failure.
     * Gives up when the lease is nearly over.
     */
    private Optional<ClaimedCommand> persist(ClaimedCommand command, SendResult result) throws InterruptedException {
        long deadline = System.nanoTime() + config.lease().toNanos() * 3 / 4;
        while (true) {
            try {
                CommandQueue.Recorded recorded = queue.record(command.id(), nodeId, result,
                        running ? config.lease() : null);
                if (!recorded.applied()) {
                    LOG.warnf("command %s was no longer claimed by %s when its outcome came in", command.id(), nodeId);
                } else if (result instanceof SendResult.Sent) {
                    metrics.transition(CommandState.SENT, 1);
                } else if (result instanceof SendResult.Ended ended) {
                    metrics.transition(ended.state(), 1);
                }
                return recorded.next();
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.errorf(e, "could not record the outcome of command %s; it will be reported in doubt",
                            command.id());
                    return Optional.empty();
                }
                LOG.warnf("recording the outcome of command %s failed, retrying: %s", command.id(), e.getMessage());
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }
}
