package io.meterlink.command.service;

import io.meterlink.api.ApiProblem;
import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.metrics.CommandMetrics;
import io.meterlink.command.model.CommandState;
import io.meterlink.command.repository.CommandEntity;
import io.meterlink.command.repository.CommandIntake;
import io.meterlink.command.repository.CommandRepository;
import io.meterlink.command.repository.MeterRepository;
import io.meterlink.command.repository.UnknownMeterException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Accepting single commands and reading commands back. Accepting only stores the command (ACCEPTED) and wakes the
 * senders; the request never waits for the platform, so a flaky mobile network cannot leave a half-sent command.
 */
@ApplicationScoped
public class CommandService {

    private final CommandIntake intake;
    private final CommandRepository commands;
    private final MeterRepository meters;
    private final CommandMetrics metrics;
    private final CommandServiceConfig.Commands config;
    private final Event<CommandsAccepted> accepted;

    public CommandService(CommandIntake intake, CommandRepository commands, MeterRepository meters,
            CommandMetrics metrics, CommandServiceConfig config, Event<CommandsAccepted> accepted) {
        this.intake = intake;
        this.commands = commands;
        this.meters = meters;
        this.metrics = metrics;
        this.config = config.commands();
        this.accepted = accepted;
    }

    /**
     * Stores a command for one meter, or returns the caller's earlier command with the same Idempotency-Key.
     *
     * @throws ApiProblem 400 for invalid names, arguments or TTL; 404 for an unregistered meter; 422 when the key
     *                    was used for a different request
     */
    @Transactional
    public Submitted<CommandEntity> submit(String productKey, String deviceName, List<String> args, Long ttlSeconds,
            String idempotencyKey, String caller) {
        CommandArgs.validateMeter("productKey", productKey, "deviceName", deviceName);
        String joined = CommandArgs.validate("args", args);
        Duration ttl = Ttl.of(ttlSeconds, config.defaultTtl(), config.maxTtl());
        Ttl.checkIdempotencyKey(idempotencyKey);
        if (idempotencyKey != null) {
            var earlier = commands.findByIdempotencyKey(caller, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), productKey, deviceName, joined, ttl);
            }
        }
        Optional<CommandEntity> stored;
        try {
            stored = intake.accept(UUID.randomUUID(), productKey, deviceName, args, caller, idempotencyKey, ttl);
        } catch (UnknownMeterException e) {
            throw ApiProblem.notFound(e.getMessage());
        }
        if (stored.isEmpty()) {
            // A concurrent retry with the same key committed first; its command is the one that counts.
            return replay(commands.findByIdempotencyKey(caller, idempotencyKey).orElseThrow(), productKey,
                    deviceName, joined, ttl);
        }
        accepted.fire(new CommandsAccepted(1));
        metrics.transition(CommandState.ACCEPTED, 1);
        return new Submitted<>(stored.get(), false);
    }

    private static Submitted<CommandEntity> replay(CommandEntity earlier, String productKey, String deviceName,
            String joinedArgs, Duration ttl) {
        if (!earlier.productKey.equals(productKey) || !earlier.deviceName.equals(deviceName)
                || !earlier.args.equals(joinedArgs)) {
            throw ApiProblem.keyReused("this Idempotency-Key was used for command " + earlier.id + " to "
                    + earlier.productKey + "/" + earlier.deviceName + " with other arguments");
        }
        // The TTL is part of the request: expires_at is created_at + TTL, both from the insert's clock (rounded, as
        // rows stored before that had their expiry from the service's clock).
        long earlierTtl = Math.round(Duration.between(earlier.createdAt, earlier.expiresAt).toMillis() / 1000.0);
        if (earlierTtl != ttl.toSeconds()) {
            throw ApiProblem.keyReused("this Idempotency-Key was used for command " + earlier.id + " with ttlSeconds "
                    + earlierTtl);
        }
        return new Submitted<>(earlier, true);
    }

    public CommandEntity get(UUID id) {
        return commands.findByIdOptional(id)
                .orElseThrow(() -> ApiProblem.notFound("command " + id + " does not exist"));
    }

    /**
     * A page of the meter's commands, newest first.
     *
     * @param page page number from 0, null for the first
     * @param size page size up to {@code commands.max-page-size}, null for the default
     */
    public Page<CommandEntity> forMeter(String productKey, String deviceName, Integer page, Integer size) {
        CommandArgs.validateMeter("productKey", productKey, "deviceName", deviceName);
        PageRequest request = PageRequest.of(page, size, config.maxPageSize());
        if (meters.findMeter(productKey, deviceName).isEmpty()) {
            throw ApiProblem.notFound("meter " + productKey + "/" + deviceName + " is not registered");
        }
        return commands.forMeter(productKey, deviceName, request);
    }
}
