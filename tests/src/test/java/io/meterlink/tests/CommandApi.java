package io.meterlink.tests;

import io.meterlink.testbed.embedded.DevTokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * command-service's REST API as the mobile app calls it: JSON over HTTP with a bearer token minted by the local
 * identity provider. Kept to the few calls joint commissioning needs; the service's own tests cover the API in depth.
 */
final class CommandApi {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"?([^\",}]+)\"?");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern MIGRATION = Pattern.compile("\"migrationState\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String adminToken;

    CommandApi(String baseUrl, DevTokens tokens) {
        this.baseUrl = baseUrl;
        this.adminToken = tokens.mint("commissioning-admin", List.of("admin", "operator"), Duration.ofHours(1));
    }

    /** Sends a command and returns its id. */
    String send(String productKey, String deviceName, List<String> args) throws IOException, InterruptedException {
        String body = args.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",", "{\"args\":[", "]}"));
        HttpResponse<String> response = post("/api/v1/meters/" + productKey + "/" + deviceName + "/commands", body,
                UUID.randomUUID().toString());
        expect(202, response);
        return group(ID, response.body());
    }

    String commandState(String id) throws IOException, InterruptedException {
        return group(STATE, expect(200, get("/api/v1/commands/" + id)).body());
    }

    String migrationState(String productKey, String deviceName) throws IOException, InterruptedException {
        return group(MIGRATION, expect(200, get("/api/v1/meters/" + productKey + "/" + deviceName)).body());
    }

    private HttpResponse<String> post(String path, String json, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected HTTP " + status + " from " + response.request().uri() + " but got "
                    + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static String group(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new AssertionError(pattern + " not found in " + body);
        }
        return m.group(1);
    }
}
