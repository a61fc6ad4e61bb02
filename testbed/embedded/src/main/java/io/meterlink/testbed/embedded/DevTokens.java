package io.meterlink.testbed.embedded;

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
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The identity provider of the local run and the tests: an RSA key pair in a directory ({@code publicKey.pem} for
 * the services' {@code mp.jwt.verify.publickey.location}, {@code privateKey.pem} in PKCS#8) and RS256 tokens with the
 * MicroProfile JWT claims the services check ({@code iss}, {@code upn}, {@code groups}). JDK only, so the local run
 * can mint from a plain {@code java -cp}. Production never mints: its tokens come from the utility's identity provider.
 */
public final class DevTokens {

    /** Issuer of dev and test tokens; the services' default {@code mp.jwt.verify.issuer}. */
    public static final String ISSUER = "https://meterlink.local/dev";
    public static final String PUBLIC_KEY = "publicKey.pem";
    public static final String PRIVATE_KEY = "privateKey.pem";

    private final PrivateKey privateKey;
    private final Path directory;

    private DevTokens(PrivateKey privateKey, Path directory) {
        this.privateKey = privateKey;
        this.directory = directory;
    }

    /** The key directory a developer's own services read by default: {@code ~/.meterlink/dev-jwt}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".meterlink", "dev-jwt");
    }

    /** Loads the key pair from {@code directory}, creating it on first use. */
    public static DevTokens in(Path directory) {
        if (!Files.exists(directory.resolve(PRIVATE_KEY)) || !Files.exists(directory.resolve(PUBLIC_KEY))) {
            return fresh(directory);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(Files.readString(directory.resolve(PRIVATE_KEY))
                    .replaceAll("-----[A-Z ]+-----", "").trim());
            return new DevTokens(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)),
                    directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dev JWT key in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable dev JWT key in " + directory, e);
        }
    }

    /** Writes a new key pair to {@code directory}, replacing one that is there: tokens of the old one stop working. */
    public static DevTokens fresh(Path directory) {
        try {
            Files.createDirectories(directory);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(directory.resolve(PRIVATE_KEY), pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
                    StandardCharsets.US_ASCII);
            Files.writeString(directory.resolve(PUBLIC_KEY), pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                    StandardCharsets.US_ASCII);
            return new DevTokens(pair.getPrivate(), directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dev JWT keys to " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JRE", e);
        }
    }

    public Path publicKeyPem() {
        return directory.resolve(PUBLIC_KEY);
    }

    public Path privateKeyPem() {
        return directory.resolve(PRIVATE_KEY);
    }

    /** A signed token for {@code user} with the given roles, valid for {@code ttl}. */
    public String mint(String user, List<String> roles, Duration ttl) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + json(user) + "\",\"upn\":\"" + json(user)
                + "\",\"groups\":[" + roles.stream().map(r -> "\"" + json(r) + "\"").collect(Collectors.joining(","))
                + "],\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plus(ttl).getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a dev token", e);
        }
    }

    /**
     * Prints a token: {@code java -cp ... DevTokens [key-directory] <user> <role>[,<role>...] [hours]}; the key
     * directory defaults to {@link #defaultDirectory()}, the lifetime to 8 hours.
     */
    public static void main(String[] args) {
        List<String> rest = List.of(args);
        Path directory = defaultDirectory();
        if (rest.size() >= 3 && !rest.get(2).chars().allMatch(Character::isDigit)) {
            directory = Path.of(rest.get(0));
            rest = rest.subList(1, rest.size());
        }
        if (rest.size() < 2 || rest.size() > 3 || rest.size() == 3 && !rest.get(2).matches("[1-9][0-9]{0,3}")) {
            System.err.println("usage: DevTokens [key-directory] <user> <role>[,<role>...] [hours]");
            System.exit(2);
        }
        Duration ttl = Duration.ofHours(rest.size() == 3 ? Long.parseLong(rest.get(2)) : 8);
        System.out.println(in(directory).mint(rest.get(0), List.of(rest.get(1).split(",")), ttl));
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
