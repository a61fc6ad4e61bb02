package io.meterlink.command.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.api.ApiProblem;
import io.meterlink.domain.frame.CommandFrameCodec;
import io.meterlink.domain.frame.CommandFrameResult;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request arguments checked against meter-domain's frame rules, with errors naming the field. */
class CommandArgsTest {

    @Test
    void joinsValidArgumentsAsTheFrameCarriesThem() {
        assertEquals("ad322,x1", CommandArgs.validate("args", List.of("ad322", "x1")));
    }

    @Test
    void namesTheArgumentThatBreaksTheFrameRules() {
        ApiProblem p = assertThrows(ApiProblem.class, () -> CommandArgs.validate("args", List.of("ok", "a-b")));
        assertEquals(400, p.status());
        assertEquals("args[1]", p.field());
        assertTrue(p.getMessage().contains("A-Z, a-z, 0-9"), p.getMessage());

        p = assertThrows(ApiProblem.class, () -> CommandArgs.validate("args", List.of("a".repeat(33))));
        assertEquals("args[0]", p.field());

        p = assertThrows(ApiProblem.class, () -> CommandArgs.validate("args", Arrays.asList("ok", null)));
        assertEquals("args[1]", p.field());
        assertEquals("missing", p.getMessage());

        p = assertThrows(ApiProblem.class, () -> CommandArgs.validate("args", List.of()));
        assertEquals("args", p.field());
    }

    @Test
    void refusesArgumentsThatWouldOverflowTheFrameWithTheLongestSeq() {
        // 8 x 31 characters + separators + "CMD,99999" = 265 bytes > 256.
        List<String> args = Collections.nCopies(8, "a".repeat(31));
        ApiProblem p = assertThrows(ApiProblem.class, () -> CommandArgs.validate("args", args));
        assertEquals("args", p.field());
        assertTrue(p.getMessage().contains("256"), p.getMessage());
    }

    @Test
    void anythingAcceptedBuildsAValidFrameForEverySeq() {
        List<String> args = Collections.nCopies(8, "a".repeat(29));
        CommandArgs.validate("args", args);
        for (int seq : new int[] {CommandFrameCodec.MIN_SEQ, 9, 10, 9999, 10000, CommandFrameCodec.MAX_SEQ}) {
            assertTrue(CommandFrameCodec.parse(CommandFrameCodec.build(seq, args)) instanceof CommandFrameResult.Parsed);
        }
    }

    @Test
    void namesInvalidMeterNames() {
        ApiProblem p = assertThrows(ApiProblem.class,
                () -> CommandArgs.validateMeter("productKey", "a1/b", "deviceName", "meter-000001"));
        assertEquals("productKey", p.field());
        p = assertThrows(ApiProblem.class,
                () -> CommandArgs.validateMeter("productKey", "a1MeterLink", "deviceName", "m#1"));
        assertEquals("deviceName", p.field());
    }
}
