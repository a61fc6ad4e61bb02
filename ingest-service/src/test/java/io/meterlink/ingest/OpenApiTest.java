package io.meterlink.ingest;

import io.meterlink.api.Problem;
import io.meterlink.api.Roles;
import io.meterlink.testbed.quarkus.ReadmeApiPaths;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document (served without a token, like Swagger UI) declares exactly the public read API, under
 * /api/v1, with its roles and its problem+json error responses; and the service's README names exactly those paths (the project's README none that is not served).
 */
@QuarkusTest
class OpenApiTest {

    private static final String RANGE = "/api/v1/readings/{productKey}/{deviceName}";
    private static final String LATEST = RANGE + "/latest";

    @Test
    void documentDeclaresExactlyThePublicPathsWithRolesAndErrorResponses() {
        Map<String, Object> document = given().when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("");
        Map<String, Map<String, Object>> paths = cast(document.get("paths"));
        assertEquals(Set.of(RANGE, LATEST), paths.keySet());
        paths.keySet().forEach(p -> assertTrue(p.startsWith("/api/v1/"), p));

        Map<String, Object> components = cast(document.get("components"));
        Map<String, Object> schemes = cast(components.get("securitySchemes"));
        assertEquals("bearer", ((Map<?, ?>) schemes.get("SecurityScheme")).get("scheme"));

        assertOperation(paths, RANGE, Set.of("200", "400", "401", "403", "500", "503"));
        assertOperation(paths, LATEST, Set.of("200", "401", "403", "404", "500", "503"));
    }

    @Test
    void readmeNamesExactlyTheServedPaths() {
        List<String> problems = ReadmeApiPaths.discrepancies(Set.of(RANGE, LATEST), List.of("/api/v1/readings"),
                Path.of("README.md"), Path.of("..", "README.md"));
        assertEquals(List.of(), problems);
    }

    private static void assertOperation(Map<String, Map<String, Object>> paths, String path, Set<String> statuses) {
        Map<String, Object> get = cast(paths.get(path).get("get"));
        assertEquals(Set.of("get"), paths.get(path).keySet(), path);
        List<Map<String, List<String>>> security = cast(get.get("security"));
        assertEquals(Set.of(Roles.OPERATOR, Roles.ADMIN), Set.copyOf(security.get(0).get("SecurityScheme")), path);
        Map<String, Map<String, Object>> responses = cast(get.get("responses"));
        assertEquals(statuses, responses.keySet(), path);
        for (String status : statuses) {
            if (!status.equals("200")) {
                Map<String, Object> content = cast(responses.get(status).get("content"));
                assertEquals(Set.of(Problem.MEDIA_TYPE), content.keySet(), path + " " + status);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
