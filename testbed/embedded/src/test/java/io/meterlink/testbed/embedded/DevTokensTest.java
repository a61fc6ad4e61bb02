package io.meterlink.testbed.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev tokens verify against the PEM the services are given, carry the claims they check, and keys persist. */
class DevTokensTest {

    @TempDir
    Path dir;

    @Test
    void aTokenVerifiesWithThePublishedKeyAndCarriesTheCheckedClaims() throws Exception {
        DevTokens tokens = DevTokens.in(dir);
        String token = tokens.mint("alice \"ops\"", List.of("admin", "operator"), Duration.ofHours(2));
        String[] parts = token.split("\\.");
        assertTrue(parts.length == 3, token);
        assertTrue(verifies(token, tokens.publicKeyPem()));

        String header = decode(parts[0]);
        String payload = decode(parts[1]);
        assertTrue(header.contains("\"alg\":\"RS256\""), header);
        assertTrue(payload.contains("\"iss\":\"" + DevTokens.ISSUER + "\""), payload);
        assertTrue(payload.contains("\"upn\":\"alice \\\"ops\\\"\""), payload);
        assertTrue(payload.contains("\"groups\":[\"admin\",\"operator\"]"), payload);
        long exp = claim(payload, "exp");
        long lifetime = exp - claim(payload, "iat");
        assertTrue(lifetime == 7200, "lifetime " + lifetime);
        assertTrue(Math.abs(exp - Instant.now().plusSeconds(7200).getEpochSecond()) < 60, "exp " + exp);
    }

    @Test
    void theKeyPairIsKeptUntilReplaced() throws Exception {
        DevTokens first = DevTokens.in(dir);
        String pem = Files.readString(first.publicKeyPem());
        String again = DevTokens.in(dir).mint("bob", List.of("operator"), Duration.ofMinutes(5));
        assertTrue(verifies(again, first.publicKeyPem()), "reloaded key signs like the first");

        DevTokens replaced = DevTokens.fresh(dir);
        assertFalse(pem.equals(Files.readString(replaced.publicKeyPem())));
        assertFalse(verifies(again, replaced.publicKeyPem()), "a replaced key no longer verifies old tokens");
    }

    private static boolean verifies(String token, Path publicKeyPem) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(Files.readString(publicKeyPem)
                .replaceAll("-----[A-Z ]+-----", "").trim());
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        int lastDot = token.lastIndexOf('.');
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return rsa.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1)));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static long claim(String payload, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(payload);
        assertTrue(m.find(), name + " in " + payload);
        return Long.parseLong(m.group(1));
    }
}
