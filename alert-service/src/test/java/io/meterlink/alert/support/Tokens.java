package io.meterlink.alert.support;

import io.meterlink.testbed.quarkus.JwtKeysResource;

import io.smallrye.jwt.build.Jwt;

import java.util.Set;

/** Bearer tokens for API tests, signed with the per-run key of {@link JwtKeysResource}. */
public final class Tokens {

    private Tokens() {
    }

    public static String operator() {
        return token("olga", "operator");
    }

    public static String admin() {
        return token("adam", "admin");
    }

    public static String token(String user, String... roles) {
        return Jwt.issuer(JwtKeysResource.ISSUER).upn(user).groups(Set.of(roles)).sign();
    }
}
