package io.meterlink.testbed.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * A fresh RSA key pair per test run, written as PEM files under {@code target/test-jwt}: the service verifies tokens
 * with the public key, tests sign theirs with the private one (smallrye-jwt-build reads it from configuration), so no
 * key is ever committed. Shared by every service whose API takes bearer tokens (command-service, alert-service).
 */
public class JwtKeysResource implements QuarkusTestResourceLifecycleManager {

    /** The issuer of dev and test tokens: the services' {@code mp.jwt.verify.issuer} outside production. */
    public static final String ISSUER = "https://meterlink.local/dev";

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path dir = Files.createDirectories(Path.of("target", "test-jwt").toAbsolutePath());
            Path publicKey = write(dir.resolve("publicKey.pem"), "PUBLIC KEY", pair.getPublic().getEncoded());
            Path privateKey = write(dir.resolve("privateKey.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded());
            return Map.of(
                    "mp.jwt.verify.publickey.location", publicKey.toUri().toString(),
                    "mp.jwt.verify.issuer", ISSUER,
                    "smallrye.jwt.sign.key.location", privateKey.toUri().toString(),
                    "smallrye.jwt.new-token.issuer", ISSUER);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no RSA in this JVM", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String type, byte[] der) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        return Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    @Override
    public void stop() {
        // The files are overwritten by the next run and removed with target/.
    }
}
