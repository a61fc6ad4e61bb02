package io.meterlink.command;

import io.meterlink.testbed.quarkus.JwtKeysResource;
import io.smallrye.jwt.build.Jwt;

import java.time.Duration;
import java.util.Set;

/** Bearer tokens for the tests, signed with the run's key from the shared {@link JwtKeysResource}. */
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
        return Jwt.issuer(JwtKeysResource.ISSUER).upn(user).subject(user).groups(Set.of(roles))
                .expiresIn(Duration.ofMinutes(30)).sign();
    }
}
