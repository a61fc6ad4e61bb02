package io.meterlink.testbed.localrun;

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
import java.util.stream.Collectors;

/**
 * The local run's JWT issuer: an RSA key pair kept in the run directory (public key in PEM for the services'
 * {@code mp.jwt.verify.publickey.location}) and RS256 tokens with the MicroProfile JWT claims the services check
 * ({@code iss}, {@code upn}, {@code groups}). Only for the local run and the cross-service tests; production tokens come
 * from the utility's identity provider.
 */
public final class DevTokens {

    public static final String ISSUER = "https://meterlink.local/dev";

    private final PrivateKey privateKey;
    private final Path publicKeyPem;

    private DevTokens(PrivateKey privateKey, Path publicKeyPem) {
        this.privateKey = privateKey;
        this.publicKeyPem = publicKeyPem;
    }

    /** Loads the key pair from {@code directory}, creating it on first use. */
    public static DevTokens in(Path directory) {
        Path privatePem = directory.resolve("jwt-private.pem");
        Path publicPem = directory.resolve("jwt-public.pem");
        try {
            Files.createDirectories(directory);
            if (!Files.exists(privatePem) || !Files.exists(publicPem)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            byte[] der = Base64.getMimeDecoder().decode(Files.readString(privatePem)
                    .replaceAll("-----[A-Z ]+-----", "").trim());
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new DevTokens(key, publicPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the dev JWT key pair", e);
        }
    }

    public Path publicKeyPem() {
        return publicKeyPem;
    }

    /** A signed token for {@code user} with the given roles, valid for {@code ttl}. */
    public String mint(String user, List<String> roles, Duration ttl) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + json(user) + "\",\"upn\":\"" + json(user)
                + "\",\"groups\":[" + roles.stream().map(r -> "\"" + json(r) + "\"").collect(Collectors.joining(","))
                + "],\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plus(ttl).getEpochSecond()
                + ",\"jti\":\"" + java.util.UUID.randomUUID() + "\"}";
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

    /** Prints a token: {@code java -cp ... DevTokens <dir> <user> <role>[,<role>]}, used by the printed curl example. */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: DevTokens <run-directory> <user> <role>[,<role>...]");
            System.exit(2);
        }
        System.out.println(in(Path.of(args[0])).mint(args[1], List.of(args[2].split(",")), Duration.ofHours(8)));
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
