package io.meterlink.testbed.quarkus;

import io.meterlink.testbed.embedded.DevTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fresh RSA key pair per test run, written as PEM files under {@code target/test-jwt} by the testbed's
 * {@link DevTokens}: the service verifies tokens with the public key, tests sign theirs with the private one
 * (smallrye-jwt-build reads it from configuration), so no key is ever committed. Shared by every service whose API
 * takes bearer tokens (command-service, alert-service).
 */
public class JwtKeysResource implements QuarkusTestResourceLifecycleManager {

    /** The issuer of dev and test tokens: the services' {@code mp.jwt.verify.issuer} outside production. */
    public static final String ISSUER = DevTokens.ISSUER;

    @Override
    public Map<String, String> start() {
        DevTokens keys = DevTokens.fresh(Path.of("target", "test-jwt").toAbsolutePath());
        return Map.of(
                "mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER,
                "smallrye.jwt.sign.key.location", keys.privateKeyPem().toUri().toString(),
                "smallrye.jwt.new-token.issuer", ISSUER);
    }

    @Override
    public void stop() {
        // The files are overwritten by the next run and removed with target/.
    }
}
