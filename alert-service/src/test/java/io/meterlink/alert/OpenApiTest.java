package io.meterlink.alert;

import io.meterlink.alert.support.AlertServiceTestBase;
import io.meterlink.testbed.quarkus.ReadmeApiPaths;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document is the public contract: it lists exactly the public paths, all under /api/v1, and says for
 * every operation which roles it allows and which problems it answers.
 */
@QuarkusTest
class OpenApiTest extends AlertServiceTestBase {

    /** The public API of alert-service; README.md names the same paths. */
    private static final Set<String> PUBLIC_PATHS = Set.of(
            "/api/v1/alerts",
            "/api/v1/alerts/{id}",
            "/api/v1/alerts/{id}/acknowledge",
            "/api/v1/sms",
            "/api/v1/oncall",
            "/api/v1/oncall/{productKey}");

    private static final String PROBLEM = "application/problem+json";

    private static JsonPath document() {
        return given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void listsExactlyThePublicPathsAllUnderApiV1() {
        Map<String, Object> paths = document().getMap("paths");
        assertEquals(new TreeSet<>(PUBLIC_PATHS), new TreeSet<>(paths.keySet()));
        paths.keySet().forEach(p -> assertTrue(p.startsWith("/api/v1/"), p));
    }

    @Test
    void everyOperationNamesItsRolesAndItsProblemResponses() {
        JsonPath doc = document();
        Map<String, Object> schemes = doc.getMap("components.securitySchemes");
        assertEquals(1, schemes.size(), "one security scheme: " + schemes);
        String scheme = schemes.keySet().iterator().next();
        assertEquals("bearer", doc.getString("components.securitySchemes." + scheme + ".scheme"));
        assertNotNull(doc.get("components.schemas.Problem"), "Problem schema");

        int operations = 0;
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            for (String method : path.getValue().keySet()) {
                String at = "paths.'" + path.getKey() + "'." + method;
                String name = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                List<Map<String, List<String>>> security = doc.getList(at + ".security");
                assertNotNull(security, name + " has a security requirement");
                List<String> roles = security.get(0).get(scheme);
                assertNotNull(roles, name + " requires " + scheme);
                assertFalse(roles.isEmpty(), name + " names its roles");
                boolean adminOnly = !method.equals("get") && path.getKey().startsWith("/api/v1/oncall/");
                assertEquals(adminOnly ? Set.of("admin") : Set.of("operator", "admin"), Set.copyOf(roles), name);
                for (String status : List.of("401", "403")) {
                    assertNotNull(doc.get(at + ".responses.'" + status + "'.content.'" + PROBLEM + "'.schema"),
                            name + " documents its " + status + " as a problem");
                }
                Map<String, Object> responses = doc.getMap(at + ".responses");
                for (String status : responses.keySet()) {
                    if (status.startsWith("4") || status.startsWith("5")) {
                        assertNotNull(doc.get(at + ".responses.'" + status + "'.content.'" + PROBLEM + "'"),
                                name + " " + status + " is a problem");
                    }
                }
                operations++;
            }
        }
        assertEquals(7, operations, "GET/acknowledge alerts, GET sms, GET/PUT/DELETE oncall");
    }

    /** The README's API table names the same operations as the document, so the two cannot drift apart. */
    @Test
    void theReadmeNamesExactlyTheDocumentedOperations() throws Exception {
        Set<String> documented = new TreeSet<>();
        Map<String, Map<String, Object>> paths = document().getMap("paths");
        paths.forEach((path, operations) -> operations.keySet()
                .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        String readme = Files.readString(Path.of("README.md"));
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/[^`?\\s]*)").matcher(readme);
        while (m.find()) {
            named.add(m.group(1) + " " + m.group(2));
        }
        assertEquals(documented, named, "operations in README.md vs the OpenAPI document");
    }

    /** The project's README names only paths the service serves, and this module's README names all of them. */
    @Test
    void theReadmesNameOnlyServedPaths() {
        Map<String, Object> paths = document().getMap("paths");
        assertEquals(List.of(), ReadmeApiPaths.discrepancies(paths.keySet(),
                List.of("/api/v1/alerts", "/api/v1/sms", "/api/v1/oncall"), Path.of("README.md"),
                Path.of("..", "README.md")));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
