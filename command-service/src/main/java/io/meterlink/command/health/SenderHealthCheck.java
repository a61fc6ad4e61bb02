package io.meterlink.command.health;

import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.gateway.LegacyGateway;
import io.meterlink.command.sender.CommandSender;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the outbox sender: DOWN when a worker died of an unexpected error (a restart brings it back and runs
 * the crash recovery). Reports the legacy cluster connection as data: its outage delays legacy commands (they
 * retry) but must not take the API out of service.
 */
@Liveness
@ApplicationScoped
public class SenderHealthCheck implements HealthCheck {

    private final CommandSender sender;
    private final LegacyGateway legacy;
    private final CommandServiceConfig config;

    public SenderHealthCheck(CommandSender sender, LegacyGateway legacy, CommandServiceConfig config) {
        this.sender = sender;
        this.legacy = legacy;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("command-sender")
                .withData("node", sender.nodeId())
                .withData("enabled", config.sender().enabled())
                .withData("running", sender.isRunning())
                .withData("crashedWorkers", sender.crashedWorkers())
                .withData("legacyConnected", legacy.isConnected());
        boolean up = !config.sender().enabled() || sender.isRunning() && sender.crashedWorkers() == 0;
        return builder.status(up).build();
    }
}
