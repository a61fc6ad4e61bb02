package io.meterlink.command;

import static io.meterlink.command.Testbed.as;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.meterlink.api.Problem;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The shared error contract as a caller meets it at the edges JAX-RS handles itself: parameters that do not convert,
 * unknown paths, wrong methods. Each answers an RFC 9457 problem, and a bad parameter is a 400 naming it.
 */
@QuarkusTest
class ProblemContractTest {

    @Test
    void aPageThatIsNotANumberIsA400NamingItNotABare404() {
        as(TestTokens.operator("olga")).get("/api/v1/command-jobs?page=abc").then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("page"))
                .body("errors[0].message", equalTo("page must be a whole number, not 'abc'"));
    }

    @Test
    void aSizeOutOfRangeIsA400NamingIt() {
        as(TestTokens.operator("olga")).get("/api/v1/command-jobs?size=0").then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("size"));
    }

    @Test
    void anUnknownPathIsA404Problem() {
        as(TestTokens.operator("olga")).get("/api/v1/no-such-thing").then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(404));
    }

    @Test
    void aWrongMethodIsA405Problem() {
        as(TestTokens.operator("olga")).delete("/api/v1/migration").then()
                .statusCode(405)
                .contentType(Problem.MEDIA_TYPE)
                .body("title", equalTo("Method Not Allowed"));
    }
}
