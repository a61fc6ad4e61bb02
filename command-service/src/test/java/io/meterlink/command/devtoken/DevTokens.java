package io.meterlink.command.devtoken;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Local signing keys and tokens for tests, the benchmark and the local run. Production never mints tokens: it
 * verifies ones from the utility's identity provider against its public key or JWKS.
 *
 * <p>A key directory holds {@code privateKey.pem} (PKCS#8) and {@code publicKey.pem} (X.509), created on first
 * use; the service is pointed at the public one with {@code mp.jwt.verify.publickey.location}.
 */
public final class DevTokens {

    /** Issuer of dev and test tokens; the services' default {@code mp.jwt.verify.issuer}. */
    public static final String ISSUER = "https://meterlink.local/dev";
    public static final String PRIVATE_KEY = "privateKey.pem";
    public static final String PUBLIC_KEY = "publicKey.pem";

    private DevTokens() {
    }

    /** The default key directory of the local run: {@code ~/.meterlink/dev-jwt}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".meterlink", "dev-jwt");
    }

    /** Creates a fresh RSA-2048 key pair in {@code directory} unless one is there; returns the public key file. */
    public static Path ensureKeys(Path directory) {
        Path publicKey = directory.resolve(PUBLIC_KEY);
        Path privateKey = directory.resolve(PRIVATE_KEY);
        if (Files.exists(publicKey) && Files.exists(privateKey)) {
            return publicKey;
        }
        try {
            Files.createDirectories(directory);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            return publicKey;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JWT keys to " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JRE", e);
        }
    }

    /** A signed token for {@code user} with the given roles in the {@code groups} claim. */
    public static String mint(Path directory, String user, Duration lifetime, String... roles) {
        return Jwt.issuer(ISSUER)
                .upn(user)
                .subject(user)
                .groups(Set.of(roles))
                .expiresIn(lifetime)
                .sign(privateKey(directory));
    }

    /** A token signed by a key the service does not trust (for the 401 tests). */
    public static String mintWithForeignKey(String user, String... roles) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ISSUER).upn(user).groups(Set.of(roles)).expiresIn(Duration.ofMinutes(5))
                    .sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JRE", e);
        }
    }

    static PrivateKey privateKey(Path directory) {
        try {
            String pem = Files.readString(directory.resolve(PRIVATE_KEY), StandardCharsets.US_ASCII);
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("no JWT signing key in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable JWT signing key in " + directory, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
