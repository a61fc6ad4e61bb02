package io.meterlink.command;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.testbed.quarkus.ReadmeApiPaths;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at {@code /q/openapi} is the public contract of this service: exactly its public paths, all
 * under {@code /api/v1}, every operation with the roles it needs and its error responses as problem details.
 */
@QuarkusTest
class OpenApiTest {

    /** Every public path of command-service (README.md lists the same). */
    static final Set<String> PUBLIC_PATHS = Set.of(
            "/api/v1/meters",
            "/api/v1/meters/{productKey}/{deviceName}",
            "/api/v1/meters/{productKey}/{deviceName}/commands",
            "/api/v1/meters/{productKey}/{deviceName}/route",
            "/api/v1/commands/{id}",
            "/api/v1/command-jobs",
            "/api/v1/command-jobs/{id}",
            "/api/v1/command-jobs/{id}/commands",
            "/api/v1/command-jobs/{id}/pause",
            "/api/v1/command-jobs/{id}/resume",
            "/api/v1/command-jobs/{id}/cancel",
            "/api/v1/migration");

    /** The path prefixes command-service owns behind the one Ingress. */
    static final List<String> OWNED_PREFIXES = List.of("/api/v1/meters", "/api/v1/commands", "/api/v1/command-jobs",
            "/api/v1/migration");

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private static JsonPath document() {
        return given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void listsExactlyThePublicPathsAllUnderApiV1() {
        Map<String, Object> paths = document().getMap("paths");
        assertEquals(new TreeSet<>(PUBLIC_PATHS), new TreeSet<>(paths.keySet()));
        paths.keySet().forEach(path -> assertTrue(path.startsWith("/api/v1/"), path));
    }

    /**
     * The READMEs name the same paths (this module's names every one of them, the project's names none it does not
     * serve), so they cannot drift from what the service serves.
     */
    @Test
    void theReadmesNameThesePathsAndNoOthers() {
        Map<String, Object> paths = document().getMap("paths");
        assertEquals(List.of(), ReadmeApiPaths.discrepancies(paths.keySet(), OWNED_PREFIXES, Path.of("README.md"),
                Path.of("..", "README.md")));
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItem("/api/v1/meters/{productKey}/{deviceName}/commands"))
                .body("paths.keySet()", hasItem("/api/v1/command-jobs/{id}/pause"))
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"));
    }

    @Test
    void everyOperationNamesItsRolesAndItsErrorsAsProblemDetails() {
        JsonPath doc = document();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                operations++;
                String where = operation.getKey().toUpperCase() + " " + path.getKey();
                String prefix = "paths.'" + path.getKey() + "'." + operation.getKey();
                List<String> roles = doc.getList(prefix + ".security[0].SecurityScheme");
                assertTrue(roles != null && !roles.isEmpty() && Set.of("operator", "admin").containsAll(roles),
                        where + " roles: " + roles);
                Map<String, Map<String, Object>> responses = doc.getMap(prefix + ".responses");
                for (String status : List.of("401", "403", "429", "500", "503")) {
                    assertTrue(responses.containsKey(status), where + " does not document " + status);
                }
                for (var response : responses.entrySet()) {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        Map<String, Object> content = doc.getMap(prefix + ".responses.'" + response.getKey()
                                + "'.content");
                        assertEquals(Set.of("application/problem+json"), content == null ? Set.of()
                                : content.keySet(), where + " " + response.getKey());
                        assertEquals("#/components/schemas/Problem", doc.getString(prefix + ".responses.'"
                                + response.getKey() + "'.content.'application/problem+json'.schema.$ref"),
                                where + " " + response.getKey());
                    }
                }
                assertFalse(responses.keySet().stream().noneMatch(s -> s.startsWith("2")), where + " has no 2xx");
            }
        }
        assertEquals(15, operations);
        // Only admins run jobs and change the registry; operators read and command one meter.
        assertEquals(List.of("admin"), doc.getList("paths.'/api/v1/command-jobs'.post.security[0].SecurityScheme"));
        assertEquals(Set.of("operator", "admin"), Set.copyOf(doc.getList(
                "paths.'/api/v1/meters/{productKey}/{deviceName}/commands'.post.security[0].SecurityScheme")));
    }
}
