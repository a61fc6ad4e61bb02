package io.meterlink.command;

import static io.meterlink.command.Testbed.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.meterlink.api.Problem;
import io.meterlink.testbed.quarkus.ReadingEvents;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The registry the service routes by: imported meters start LEGACY, a reading on {@code meter.readings} (which only
 * the platform path produces) makes them PLATFORM, and the migration report counts them per product.
 */
@QuarkusTest
class MigrationTest {

    private final String admin = TestTokens.admin("mira");

    @Test
    void countsPlatformLegacyAndNeverSeenMetersPerProduct() {
        String pk = "a1Migration";
        List<String> names = IntStream.rangeClosed(1, 10).mapToObj(i -> "mig-%04d".formatted(i)).toList();
        Testbed.register(pk, names);
        Testbed.register("a1OtherProd", List.of("other-0001"));

        // Six meters report through the platform, one of them twice (out of order); one reading is garbage.
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        for (int i = 0; i < 6; i++) {
            Testbed.readings().send(ReadingEvents.event(pk, names.get(i), "DE02,10,17,011101010,am000,1d478f",
                    t0));
        }
        Testbed.readings().send(ReadingEvents.event(pk, names.get(0), "DE02,11,20,110000001,am024,1d4790",
                t0.plusSeconds(900)));
        Testbed.readings().send(ReadingEvents.event(pk, names.get(0), "DE02,10,17,011101010,am000,1d478e",
                t0.minusSeconds(900)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(admin).get("/api/v1/migration").then()
                .statusCode(200)
                .body("products.find { it.productKey == 'a1Migration' }.total", equalTo(10))
                .body("products.find { it.productKey == 'a1Migration' }.platform", equalTo(6))
                .body("products.find { it.productKey == 'a1Migration' }.legacy", equalTo(0))
                .body("products.find { it.productKey == 'a1Migration' }.neverSeen", equalTo(4))
                .body("products.find { it.productKey == 'a1OtherProd' }.neverSeen", equalTo(1)));

        // The newest frame wins, however the readings arrived.
        as(admin).get("/api/v1/meters/" + pk + "/" + names.get(0)).then().statusCode(200)
                .body("migrationState", equalTo("PLATFORM"))
                .body("route", equalTo("PLATFORM"))
                .body("lastSeenAt", equalTo("2026-11-25T10:15:00Z"))
                .body("firstPlatformAt", notNullValue())
                .body("lastFrame.payload", equalTo("DE02,11,20,110000001,am024,1d4790"))
                .body("lastFrame.firmwareVersion", equalTo(11))
                .body("lastFrame.signalQuality", equalTo(20))
                .body("lastFrame.alarmCode", equalTo("am024"))
                .body("lastFrame.statusFlags", equalTo(List.of("relay_closed", "power_on", "overload")))
                .body("lastFrame.energyKwh", equalTo(19188.64f));

        as(admin).get("/api/v1/meters?productKey=" + pk + "&migrationState=LEGACY").then().statusCode(200)
                .body("total", equalTo(4)).body("items.deviceName", hasItems("mig-0007", "mig-0010"));
        as(admin).get("/api/v1/meters?productKey=" + pk + "&silentSince=2026-11-25T10:10:00Z").then()
                .statusCode(200).body("total", equalTo(9));
    }

    @Test
    void aMeterFirstSeenInAReadingIsRegisteredAsPlatform() {
        Testbed.readings().send(ReadingEvents.event("a1Unlisted", "new-0001", "DE02,10,17,011101010,am000,00ff",
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(admin)
                .get("/api/v1/meters/a1Unlisted/new-0001").then().statusCode(200)
                .body("migrationState", equalTo("PLATFORM")).body("registeredBy", equalTo("meter.readings")));
    }

    @Test
    void anUnreadableRecordIsSkippedAndLaterReadingsStillCount() throws Exception {
        Testbed.readings().sendRaw("junk-0001", "{not json".getBytes(StandardCharsets.UTF_8));
        Testbed.readings().send(ReadingEvents.event("a1Skip", "skip-0001", "DE02,10,17,011101010,am000,01",
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(admin)
                .get("/api/v1/meters/a1Skip/skip-0001").then().statusCode(200));
    }

    @Test
    void anAdminOverrideWinsOverTheMigrationStateAndCanBeLifted() {
        String pk = "a1Override";
        Testbed.register(pk, List.of("ovr-0001"));
        as(admin).body(Map.of("override", "PLATFORM")).put("/api/v1/meters/" + pk + "/ovr-0001/route").then()
                .statusCode(200).body("migrationState", equalTo("LEGACY")).body("route", equalTo("PLATFORM"));
        as(admin).get("/api/v1/migration").then()
                .body("products.find { it.productKey == 'a1Override' }.overridden", equalTo(1));
        as(admin).body("{\"override\": null}").put("/api/v1/meters/" + pk + "/ovr-0001/route").then()
                .statusCode(200).body("route", equalTo("LEGACY")).body("routeOverride", nullValue());
        as(admin).body(Map.of("override", "SIDEWAYS")).put("/api/v1/meters/" + pk + "/ovr-0001/route").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE).body("field", equalTo("override"));
    }

    @Test
    void importsTheRegistryFileWithoutKeepingItsSecrets() {
        String csv = "productKey,deviceName,deviceSecret\na1Import,imp-0001,secretA\na1Import,imp-0002,secretB\n";
        as(admin).contentType("text/csv").body(csv).post("/api/v1/meters").then().statusCode(200)
                .body("received", equalTo(2)).body("created", equalTo(2));
        as(admin).contentType("text/csv").body(csv).post("/api/v1/meters").then().statusCode(200)
                .body("created", equalTo(0)).body("alreadyKnown", equalTo(2));
        as(admin).get("/api/v1/meters/a1Import/imp-0002").then().statusCode(200)
                .body("migrationState", equalTo("LEGACY")).body("registeredBy", equalTo("mira"))
                .body(not(containsString("secret")));
        as(admin).contentType("text/csv").body("a1Import,imp-0003\nno-comma-here\n").post("/api/v1/meters").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE).body("field", equalTo("line 2"));
        as(admin).body(Map.of("meters", List.of(Map.of("productKey", "a1Import", "deviceName", "x")))).post(
                "/api/v1/meters").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("meters[0].deviceName"));
        as(admin).body(Map.of("meters", List.of(Map.of("productKey", "a1Import")))).post("/api/v1/meters").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE).body("field", equalTo("meters[0].deviceName"));
    }
}
