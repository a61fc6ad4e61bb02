package io.meterlink.alert;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.support.AlertServiceTestBase;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static io.meterlink.testbed.quarkus.ReadingEvents.alarm;
import static io.meterlink.testbed.quarkus.ReadingEvents.normal;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The REST API: who may do what, searching, acknowledging, the SMS list and on-call routing. */
@QuarkusTest
class AlertApiTest extends AlertServiceTestBase {

    private static final String PRODUCT = "pk-api";
    private static final String PROBLEM = "application/problem+json";

    private static String operator() {
        return TestTokens.operator("olga");
    }

    private static String admin() {
        return TestTokens.admin("adam");
    }

    /** One request per public operation, each as an empty-bodied call its roles would accept. */
    private static final List<Operation> OPERATIONS = List.of(
            new Operation("GET /api/v1/alerts", false, r -> r.get("/api/v1/alerts")),
            new Operation("GET /api/v1/alerts/{id}", false, r -> r.get("/api/v1/alerts/1")),
            new Operation("POST /api/v1/alerts/{id}/acknowledge", false,
                    r -> r.post("/api/v1/alerts/1/acknowledge")),
            new Operation("GET /api/v1/sms", false, r -> r.get("/api/v1/sms")),
            new Operation("GET /api/v1/oncall", false, r -> r.get("/api/v1/oncall")),
            new Operation("PUT /api/v1/oncall/{productKey}", true, r -> r.contentType(ContentType.JSON)
                    .body("{\"phoneNumbers\":[\"+8613700000000\"]}").put("/api/v1/oncall/pk-x")),
            new Operation("DELETE /api/v1/oncall/{productKey}", true, r -> r.delete("/api/v1/oncall/pk-x")));

    private record Operation(String name, boolean adminOnly,
            Function<RequestSpecification, io.restassured.response.Response> call) {
    }

    @Test
    void theApiNeedsATokenWithARole() {
        given().get("/api/v1/alerts").then().statusCode(401);
        given().auth().oauth2(TestTokens.mint("vera", "viewer")).get("/api/v1/alerts").then().statusCode(403);
        given().auth().oauth2(operator()).get("/api/v1/alerts").then().statusCode(200);
        given().auth().oauth2(operator()).contentType(ContentType.JSON)
                .body("{\"phoneNumbers\":[\"+8613700000000\"]}")
                .put("/api/v1/oncall/pk-x").then().statusCode(403);
    }

    @Test
    void everyOperationAnswers401WithoutATokenAnd403WithAnotherRoleAsProblems() {
        for (Operation op : OPERATIONS) {
            op.call().apply(given()).then().statusCode(401).contentType(PROBLEM)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("status", equalTo(401)).body("title", equalTo("Unauthorized"));
            op.call().apply(given().auth().oauth2("not-a-jwt")).then().statusCode(401).contentType(PROBLEM)
                    .body("status", equalTo(401));
            op.call().apply(given().auth().oauth2(TestTokens.mint("vera", "viewer"))).then().statusCode(403)
                    .contentType(PROBLEM).body("status", equalTo(403)).body("title", equalTo("Forbidden"));
            if (op.adminOnly()) {
                op.call().apply(given().auth().oauth2(operator())).then().statusCode(403).contentType(PROBLEM)
                        .body("status", equalTo(403));
            }
        }
    }

    @Test
    void alertsAreListedFilteredAndAcknowledgedOnce() {
        awaitCalm();
        String meter = newMeter("api");
        readings().send(PRODUCT, meter, alarm(42, 10));
        Alert alert = awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);

        given().auth().oauth2(operator())
                .queryParam("productKey", PRODUCT).queryParam("deviceName", meter).queryParam("status", "open")
                .queryParam("rule", "alarm_code")
                .get("/api/v1/alerts").then().statusCode(200)
                .body("total", equalTo(1))
                .body("page", equalTo(0))
                .body("size", equalTo(50))
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(alert.id.intValue()))
                .body("items[0].detail", equalTo("alarm am042"))
                .body("items[0].notification", equalTo("INDIVIDUAL"));
        given().auth().oauth2(operator()).queryParam("deviceName", meter).queryParam("status", "RESOLVED")
                .get("/api/v1/alerts").then().statusCode(200).body("total", equalTo(0));

        given().auth().oauth2(operator()).contentType(ContentType.JSON).body("{\"note\":\"crew sent\"}")
                .post("/api/v1/alerts/" + alert.id + "/acknowledge").then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"))
                .body("acknowledgedBy", equalTo("olga"))
                .body("acknowledgeNote", equalTo("crew sent"));
        given().auth().oauth2(admin()).post("/api/v1/alerts/" + alert.id + "/acknowledge").then()
                .statusCode(409).contentType(PROBLEM).body("status", equalTo(409))
                .body("field", equalTo("status")).body("detail", containsString("olga"));
        given().auth().oauth2(admin()).get("/api/v1/alerts/" + alert.id).then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));

        // An acknowledged alert still resolves when its condition clears; then it can no longer be acknowledged.
        readings().send(PRODUCT, meter, normal(11));
        awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.RESOLVED);
        given().auth().oauth2(operator()).post("/api/v1/alerts/" + alert.id + "/acknowledge").then()
                .statusCode(409).contentType(PROBLEM).body("field", equalTo("status"))
                .body("detail", containsString("resolved"));
        given().auth().oauth2(operator()).post("/api/v1/alerts/987654321/acknowledge").then().statusCode(404)
                .contentType(PROBLEM).body("status", equalTo(404));
        given().auth().oauth2(operator()).get("/api/v1/alerts/987654321").then().statusCode(404)
                .contentType(PROBLEM).body("detail", containsString("987654321"));
    }

    @Test
    void badFiltersAreRefusedNamingTheField() {
        String token = operator();
        given().auth().oauth2(token).queryParam("status", "burning").get("/api/v1/alerts").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("status"))
                .body("detail", containsString("OPEN, ACKNOWLEDGED, RESOLVED"));
        given().auth().oauth2(token).queryParam("rule", "status:lid_open").get("/api/v1/alerts").then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("rule"));
        given().auth().oauth2(token).queryParam("openedFrom", "yesterday").get("/api/v1/alerts").then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("openedFrom"));
        given().auth().oauth2(token).queryParam("size", "0").get("/api/v1/alerts").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("size"));
        given().auth().oauth2(token).queryParam("size", "501").get("/api/v1/alerts").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("size"));
        given().auth().oauth2(token).queryParam("page", "-1").get("/api/v1/sms").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("page"));
        given().auth().oauth2(token).queryParam("status", "LOST").get("/api/v1/sms").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("status"));
        given().auth().oauth2(token).queryParam("kind", "LETTER").get("/api/v1/sms").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("kind"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"note\":\"" + "x".repeat(501) + "\"}")
                .post("/api/v1/alerts/987654321/acknowledge").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("note"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"phoneNumbers\":[\"12\"]}")
                .put("/api/v1/oncall/pk-x").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("phoneNumbers"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"phoneNumbers\":[]}")
                .put("/api/v1/oncall/pk-x").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("phoneNumbers"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"phoneNumbers\":[\"+8613700000000\"]}")
                .put("/api/v1/oncall/pk x").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("productKey"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"phoneNumbers\":")
                .put("/api/v1/oncall/pk-x").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("body"));
    }

    @Test
    void unknownPathsAndMethodsAnswerProblems() {
        given().auth().oauth2(operator()).get("/api/alerts").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(operator()).get("/api/v1/nothing-here").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(admin()).delete("/api/v1/alerts").then().statusCode(405).contentType(PROBLEM);
    }

    @Test
    void smsAreListedWithTheirStatusAndNumbersMaskedForOperators() {
        awaitCalm();
        String meter = newMeter("api-sms");
        readings().send(PRODUCT, meter, alarm(43, 10));
        Alert alert = awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);
        SmsMessage sms = awaitSmsSettled(alert.id).get(0);

        given().auth().oauth2(operator()).queryParam("alertId", alert.id).queryParam("status", "sent")
                .get("/api/v1/sms").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].phoneNumber", equalTo("+86*******0000"))
                .body("items[0].status", equalTo("SENT"))
                .body("items[0].bizId", equalTo(sms.bizId))
                .body("items[0].outId", equalTo(sms.outId()))
                .body("items[0].kind", equalTo("ALERT"));
        given().auth().oauth2(admin()).queryParam("alertId", alert.id).get("/api/v1/sms").then().statusCode(200)
                .body("items[0].phoneNumber", equalTo("+8613800000000"));
        given().auth().oauth2(operator()).queryParam("phoneNumber", "+8613800000000").get("/api/v1/sms").then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("phoneNumber"));
    }

    @Test
    void operatorsReadOnCallNumbersMaskedOnlyAdminsInFull() {
        given().auth().oauth2(operator()).get("/api/v1/oncall").then().statusCode(200)
                .body("defaultRecipients", equalTo(List.of("+86*******0000")))
                .body("products.'pk-routed'.source", equalTo("config"))
                .body("products.'pk-routed'.phoneNumbers", equalTo(List.of("+86*******0001", "+86*******0002")));
        given().auth().oauth2(admin()).get("/api/v1/oncall").then().statusCode(200)
                .body("defaultRecipients", equalTo(List.of("+8613800000000")))
                .body("products.'pk-routed'.phoneNumbers", equalTo(List.of("+8613900000001", "+8613900000002")));
    }

    @Test
    void onCallNumbersSetThroughTheApiReceiveTheNextAlert() {
        awaitCalm();
        String product = "pk-api-routed";
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"phoneNumbers\":[\"+8613711111111\",\"+8613722222222\"]}")
                .put("/api/v1/oncall/" + product).then().statusCode(200).body("source", equalTo("database"));
        given().auth().oauth2(admin()).get("/api/v1/oncall").then().statusCode(200)
                .body("defaultRecipients", equalTo(List.of("+8613800000000")))
                .body("products.'" + product + "'.source", equalTo("database"))
                .body("products.'pk-routed'.source", equalTo("config"))
                .body("products.'pk-routed'.phoneNumbers", equalTo(List.of("+8613900000001", "+8613900000002")));

        String meter = newMeter("routed");
        readings().send(product, meter, alarm(44, 1));
        Alert alert = awaitAlert(product, meter, "alarm_code", AlertStatus.OPEN);
        List<String> numbers = awaitSmsSettled(alert.id).stream().map(s -> s.phoneNumber).sorted().toList();
        assertEquals(List.of("+8613711111111", "+8613722222222"), numbers);
        assertEquals(2, acceptedSmsAbout(meter).size());

        given().auth().oauth2(admin()).delete("/api/v1/oncall/" + product).then().statusCode(204);
        given().auth().oauth2(admin()).delete("/api/v1/oncall/" + product).then().statusCode(404)
                .contentType(PROBLEM).body("detail", containsString(product));
    }
}
