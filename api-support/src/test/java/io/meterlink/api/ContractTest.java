package io.meterlink.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The contract's building blocks: what a refusal looks like and how paging parameters are judged. */
class ContractTest {

    @Test
    void invalidFieldsBecomeOneProblemNamingTheFirstAndListingAll() {
        Problem p = Problem.invalid(List.of(new Problem.FieldError("size", "too big"),
                new Problem.FieldError("page", "negative")));
        assertEquals(400, p.status());
        assertEquals(Problem.INVALID_REQUEST, p.type());
        assertEquals("size", p.field());
        assertEquals("size: too big; page: negative", p.detail());
        assertEquals(2, p.errors().size());
    }

    @Test
    void aProblemWithoutFieldIsAboutBlankTitledByItsStatus() {
        Problem p = ApiProblem.notFound("no alert 7").toProblem();
        assertEquals(Problem.ABOUT_BLANK, p.type());
        assertEquals("Not Found", p.title());
        assertEquals(404, p.status());
        assertEquals("no alert 7", p.detail());
        assertNull(p.field());
        assertNull(p.errors());
    }

    @Test
    void aConflictKeepsItsFieldWithoutBecomingAValidationProblem() {
        Problem p = ApiProblem.conflict("status", "already acknowledged").toProblem();
        assertEquals(409, p.status());
        assertEquals("status", p.field());
        assertEquals(Problem.ABOUT_BLANK, p.type());
    }

    @Test
    void pageParametersDefaultAndAreBounded() {
        assertEquals(new PageRequest(0, 50), PageRequest.of(null, null, 500));
        assertEquals(new PageRequest(0, 20), PageRequest.of(null, null, 20));
        assertEquals(300, PageRequest.of(3, 100, 500).offset());
        assertEquals("page", assertThrows(ApiProblem.class, () -> PageRequest.of(-1, 10, 500)).field());
        assertEquals("size", assertThrows(ApiProblem.class, () -> PageRequest.of(0, 0, 500)).field());
        assertEquals("size", assertThrows(ApiProblem.class, () -> PageRequest.of(0, 501, 500)).field());
    }

    @Test
    void queryParametersAreParsedWithErrorsNamingTheParameter() {
        assertEquals(Instant.parse("2026-01-31T08:00:00Z"), QueryParams.instant("from", " 2026-01-31T08:00:00Z "));
        assertNull(QueryParams.instant("from", " "));
        assertEquals("to", assertThrows(ApiProblem.class, () -> QueryParams.instant("to", "yesterday")).field());
        assertEquals("from", assertThrows(ApiProblem.class, () -> QueryParams.requiredInstant("from", null)).field());
        assertEquals(Thread.State.NEW, QueryParams.enumOf("state", "new", Thread.State.class));
        ApiProblem bad = assertThrows(ApiProblem.class, () -> QueryParams.enumOf("state", "asleep", Thread.State.class));
        assertEquals("state", bad.field());
        assertEquals("id", assertThrows(ApiProblem.class, () -> QueryParams.uuid("id", "42")).field());
    }

    @Test
    void onlyDatabaseFailuresThatPassByThemselvesAreTransient() {
        assertEquals("40P01", TransientDatabaseFailure.sqlState(new IllegalStateException("wrapped",
                new java.sql.SQLException("deadlock", "40P01"))).orElseThrow());
        assertEquals("08006", TransientDatabaseFailure.sqlState(new java.sql.SQLException("gone", "08006"))
                .orElseThrow());
        assertEquals(true, TransientDatabaseFailure.sqlState(new java.sql.SQLException("dup", "23505")).isEmpty());
        assertEquals(true, TransientDatabaseFailure.sqlState(new IllegalStateException("no SQL")).isEmpty());
    }
}
