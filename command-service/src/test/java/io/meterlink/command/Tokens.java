package io.meterlink.command;

import io.meterlink.command.devtoken.DevTokens;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/** Bearer tokens for the tests, signed with the run's key from {@link JwtKeysResource}. */
public final class Tokens {

    private Tokens() {
    }

    public static String operator(String user) {
        return mint(user, "operator");
    }

    public static String admin(String user) {
        return mint(user, "admin");
    }

    public static String mint(String user, String... roles) {
        Path directory = Path.of(ConfigProvider.getConfig().getValue("testbed.jwt.key-directory", String.class));
        return DevTokens.mint(directory, user, Duration.ofMinutes(30), roles);
    }
}
