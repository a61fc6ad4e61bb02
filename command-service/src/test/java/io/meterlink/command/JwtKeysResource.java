package io.meterlink.command;

import io.meterlink.command.devtoken.DevTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A signing key pair generated for this test run (never committed) in {@code target/test-jwt}, where the %test
 * profile's {@code mp.jwt.verify.publickey.location} points; tests sign with the private one through {@link Tokens}.
 * The location is a fixed path rather than a value handed over at start because Quarkus decides at build time
 * whether a key is configured.
 */
public class JwtKeysResource implements QuarkusTestResourceLifecycleManager {

    static final Path DIRECTORY = Path.of(System.getProperty("user.dir"), "target", "test-jwt");

    @Override
    public Map<String, String> start() {
        try {
            // A fresh pair per run: a token minted by an earlier run must not verify.
            Files.deleteIfExists(DIRECTORY.resolve(DevTokens.PRIVATE_KEY));
            Files.deleteIfExists(DIRECTORY.resolve(DevTokens.PUBLIC_KEY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DevTokens.ensureKeys(DIRECTORY);
        return Map.of("testbed.jwt.key-directory", DIRECTORY.toString());
    }

    @Override
    public void stop() {
        // The keys stay in target/ until the next run replaces them.
    }
}
