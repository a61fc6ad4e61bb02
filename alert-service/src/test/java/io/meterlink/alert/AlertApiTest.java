package io.meterlink.alert;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.support.AlertServiceTestBase;
import io.meterlink.testbed.quarkus.JwtKeysResource;
import io.meterlink.testbed.quarkus.IotPlatformResource;
import io.meterlink.testbed.quarkus.KafkaResource;
import io.meterlink.testbed.quarkus.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.meterlink.alert.support.Tokens;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.meterlink.alert.support.ReadingSender.alarm;
import static io.meterlink.alert.support.ReadingSender.normal;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The REST API: who may do what, searching, acknowledging, the SMS list and on-call routing. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "alert"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(IotPlatformResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class AlertApiTest extends AlertServiceTestBase {

    private static final String PRODUCT = "pk-api";

    @Test
    void theApiNeedsATokenWithARole() {
        given().get("/api/alerts").then().statusCode(401);
        given().auth().oauth2(Tokens.token("vera", "viewer")).get("/api/alerts").then().statusCode(403);
        given().auth().oauth2(Tokens.operator()).get("/api/alerts").then().statusCode(200);
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body("{\"phoneNumbers\":[\"+8613700000000\"]}")
                .put("/api/oncall/pk-x").then().statusCode(403);
    }

    @Test
    void alertsAreListedFilteredAndAcknowledgedOnce() {
        awaitCalm();
        String meter = newMeter("api");
        sender().send(PRODUCT, meter, alarm(42, 10));
        Alert alert = awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);

        given().auth().oauth2(Tokens.operator())
                .queryParam("productKey", PRODUCT).queryParam("deviceName", meter).queryParam("status", "open")
                .queryParam("rule", "alarm_code")
                .get("/api/alerts").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(alert.id.intValue()))
                .body("items[0].detail", equalTo("alarm am042"))
                .body("items[0].notification", equalTo("INDIVIDUAL"));
        given().auth().oauth2(Tokens.operator()).queryParam("deviceName", meter).queryParam("status", "RESOLVED")
                .get("/api/alerts").then().statusCode(200).body("total", equalTo(0));

        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body("{\"note\":\"crew sent\"}")
                .post("/api/alerts/" + alert.id + "/acknowledge").then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"))
                .body("acknowledgedBy", equalTo("olga"))
                .body("acknowledgeNote", equalTo("crew sent"));
        given().auth().oauth2(Tokens.admin()).post("/api/alerts/" + alert.id + "/acknowledge").then()
                .statusCode(409).body("field", equalTo("status")).body("error", containsString("olga"));
        given().auth().oauth2(Tokens.admin()).get("/api/alerts/" + alert.id).then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));

        // An acknowledged alert still resolves when its condition clears; then it can no longer be acknowledged.
        sender().send(PRODUCT, meter, normal(11));
        awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.RESOLVED);
        given().auth().oauth2(Tokens.operator()).post("/api/alerts/" + alert.id + "/acknowledge").then()
                .statusCode(409).body("error", containsString("resolved"));
        given().auth().oauth2(Tokens.operator()).post("/api/alerts/987654321/acknowledge").then().statusCode(404);
    }

    @Test
    void badFiltersAreRefusedNamingTheField() {
        String token = Tokens.operator();
        given().auth().oauth2(token).queryParam("status", "burning").get("/api/alerts").then().statusCode(400)
                .body("field", equalTo("status")).body("error", containsString("OPEN, ACKNOWLEDGED, RESOLVED"));
        given().auth().oauth2(token).queryParam("rule", "status:lid_open").get("/api/alerts").then().statusCode(400)
                .body("field", equalTo("rule"));
        given().auth().oauth2(token).queryParam("openedFrom", "yesterday").get("/api/alerts").then().statusCode(400)
                .body("field", equalTo("openedFrom"));
        given().auth().oauth2(token).queryParam("size", "0").get("/api/alerts").then().statusCode(400)
                .body("field", equalTo("size"));
        given().auth().oauth2(token).queryParam("status", "LOST").get("/api/sms").then().statusCode(400)
                .body("field", equalTo("status"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"phoneNumbers\":[\"12\"]}")
                .put("/api/oncall/pk-x").then().statusCode(400).body("field", equalTo("phoneNumbers"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"phoneNumbers\":")
                .put("/api/oncall/pk-x").then().statusCode(400).body("field", equalTo("body"));
    }

    @Test
    void smsAreListedWithTheirStatusAndNumbersMaskedForOperators() {
        awaitCalm();
        String meter = newMeter("api-sms");
        sender().send(PRODUCT, meter, alarm(43, 10));
        Alert alert = awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);
        SmsMessage sms = awaitSmsSettled(alert.id).get(0);

        given().auth().oauth2(Tokens.operator()).queryParam("alertId", alert.id).queryParam("status", "sent")
                .get("/api/sms").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].phoneNumber", equalTo("+86*******0000"))
                .body("items[0].status", equalTo("SENT"))
                .body("items[0].bizId", equalTo(sms.bizId))
                .body("items[0].outId", equalTo(sms.outId()))
                .body("items[0].kind", equalTo("ALERT"));
        given().auth().oauth2(Tokens.admin()).queryParam("alertId", alert.id).get("/api/sms").then().statusCode(200)
                .body("items[0].phoneNumber", equalTo("+8613800000000"));
        given().auth().oauth2(Tokens.operator()).queryParam("phoneNumber", "+8613800000000").get("/api/sms").then()
                .statusCode(400).body("field", equalTo("phoneNumber"));
    }

    @Test
    void onCallNumbersSetThroughTheApiReceiveTheNextAlert() {
        awaitCalm();
        String product = "pk-api-routed";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"phoneNumbers\":[\"+8613711111111\",\"+8613722222222\"]}")
                .put("/api/oncall/" + product).then().statusCode(200).body("source", equalTo("database"));
        given().auth().oauth2(Tokens.operator()).get("/api/oncall").then().statusCode(200)
                .body("defaultRecipients", equalTo(List.of("+8613800000000")))
                .body("products.'" + product + "'.source", equalTo("database"))
                .body("products.'pk-routed'.source", equalTo("config"))
                .body("products.'pk-routed'.phoneNumbers", equalTo(List.of("+8613900000001", "+8613900000002")));

        String meter = newMeter("routed");
        sender().send(product, meter, alarm(44, 1));
        Alert alert = awaitAlert(product, meter, "alarm_code", AlertStatus.OPEN);
        List<String> numbers = awaitSmsSettled(alert.id).stream().map(s -> s.phoneNumber).sorted().toList();
        assertEquals(List.of("+8613711111111", "+8613722222222"), numbers);
        assertEquals(2, acceptedSmsAbout(meter).size());

        given().auth().oauth2(Tokens.admin()).delete("/api/oncall/" + product).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).delete("/api/oncall/" + product).then().statusCode(404);
    }
}
