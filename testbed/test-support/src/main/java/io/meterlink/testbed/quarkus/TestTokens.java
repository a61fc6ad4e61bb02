package io.meterlink.testbed.quarkus;

import java.time.Duration;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/**
 * Bearer tokens for every service's API tests, signed with the per-run key of {@link JwtKeysResource} (which hands
 * it to smallrye-jwt-build through configuration): the one test token helper of the project.
 */
public final class TestTokens {

    private TestTokens() {
    }

    /** A token with the {@code operator} role. */
    public static String operator(String user) {
        return mint(user, "operator");
    }

    /** A token with the {@code admin} role. */
    public static String admin(String user) {
        return mint(user, "admin");
    }

    /** A token for {@code user} with exactly {@code roles} (none: a valid token that no operation allows). */
    public static String mint(String user, String... roles) {
        return Jwt.issuer(JwtKeysResource.ISSUER).upn(user).subject(user).groups(Set.of(roles))
                .expiresIn(Duration.ofMinutes(30)).sign();
    }
}
