package io.meterlink.testbed.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeApiPathsTest {

    @TempDir
    Path dir;

    @Test
    void namesPathsWithAnyParameterNamesOptionalTailsAndNoQuery() throws Exception {
        Path readme = write("a.md", "Try `GET /api/v1/readings/{pk}/{dn}[/latest]` or "
                + "curl http://h/api/v1/alerts?status=OPEN. See /api/v1/alerts/{id}/acknowledge, and /q/health.");
        assertEquals(Set.of("/api/v1/readings/{}/{}", "/api/v1/readings/{}/{}/latest", "/api/v1/alerts",
                "/api/v1/alerts/{}/acknowledge"), ReadmeApiPaths.named(readme));
    }

    @Test
    void agreeingDocumentsHaveNoDiscrepancy() throws Exception {
        Path service = write("svc.md", "`/api/v1/alerts`, `/api/v1/alerts/{alertId}`");
        Path project = write("root.md", "`/api/v1/alerts/{id}`, the prefix `/api/v1/alerts/{id}` routes, and "
                + "another service's `/api/v1/meters/{pk}`");
        assertEquals(List.of(), ReadmeApiPaths.discrepancies(Set.of("/api/v1/alerts", "/api/v1/alerts/{id}"),
                List.of("/api/v1/alerts"), service, project));
    }

    @Test
    void stalePathsUndocumentedPathsAndPathsOutsideApiV1AreReported() throws Exception {
        Path service = write("svc.md", "`/api/v1/alerts` and the old `/api/v1/alerts/{id}/ack`");
        Path project = write("root.md", "`/api/v1/alertsummary` is not ours, `/api/v1/alerts/gone` is");
        List<String> problems = ReadmeApiPaths.discrepancies(Set.of("/api/v1/alerts", "/api/v1/alerts/{id}",
                "/api/alerts"), List.of("/api/v1/alerts"), service, project);
        assertTrue(problems.stream().anyMatch(p -> p.contains("/api/alerts") && p.contains("not under /api/v1")),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("does not name /api/v1/alerts/{}")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("names /api/v1/alerts/{}/ack")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("names /api/v1/alerts/gone")), problems::toString);
        assertTrue(problems.stream().noneMatch(p -> p.contains("alertsummary")), problems::toString);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
