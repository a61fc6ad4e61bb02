package io.meterlink.command.devtoken;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Prints a bearer token for the local run (see command-service/README.md, "Security"):
 * {@code DevTokenMain [user] [role,role] [hours] [keyDirectory]}, defaults {@code admin-dev admin,operator 12
 * ~/.meterlink/dev-jwt}. Creates the key pair on first use; point the service at its public key.
 */
public final class DevTokenMain {

    private DevTokenMain() {
    }

    public static void main(String[] args) {
        String user = args.length > 0 ? args[0] : "admin-dev";
        String[] roles = (args.length > 1 ? args[1] : "admin,operator").split(",");
        long hours = args.length > 2 ? Long.parseLong(args[2]) : 12;
        Path directory = args.length > 3 ? Path.of(args[3]) : DevTokens.defaultDirectory();
        Path publicKey = DevTokens.ensureKeys(directory);
        System.err.println("public key: " + publicKey.toAbsolutePath() + "  issuer: " + DevTokens.ISSUER
                + "  user: " + user + "  groups: " + String.join(",", roles) + "  valid: " + hours + " h");
        System.out.println(DevTokens.mint(directory, user, Duration.ofHours(hours), roles));
    }
}
