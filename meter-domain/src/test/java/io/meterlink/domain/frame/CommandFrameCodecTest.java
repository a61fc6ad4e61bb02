package io.meterlink.domain.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Command frame rules on both the building (API) side and the parsing (device) side. */
class CommandFrameCodecTest {

    static CommandFrame parsed(String frame) {
        CommandFrameResult result = CommandFrameCodec.parse(frame);
        assertTrue(result.isParsed(), () -> frame + " -> " + result);
        return assertInstanceOf(CommandFrameResult.Parsed.class, result).frame();
    }

    static FrameRejection rejected(String frame) {
        CommandFrameResult result = CommandFrameCodec.parse(frame);
        assertFalse(result.isParsed(), () -> frame + " -> " + result);
        return assertInstanceOf(CommandFrameResult.Rejected.class, result).rejection();
    }

    static FrameRejection buildFails(int seq, List<String> args) {
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> CommandFrameCodec.build(seq, args));
        assertEquals(e.rejection().message(), e.getMessage());
        CommandFrameResult validated = CommandFrameCodec.validate(seq, args);
        assertEquals(new CommandFrameResult.Rejected(e.rejection()), validated);
        return e.rejection();
    }

    static String args(int count, int length) {
        return String.join(",", Collections.nCopies(count, "a".repeat(length)));
    }

    @Test
    void buildsAndParsesTheDocumentedExample() {
        assertEquals("CMD,82923,ad322", CommandFrameCodec.build(82923, List.of("ad322")));
        CommandFrame frame = parsed("CMD,82923,ad322");
        assertEquals(82923, frame.seq());
        assertEquals(List.of("ad322"), frame.args());
        assertEquals("CMD,82923,ad322", frame.toFrame());
        assertEquals(CommandFrameCodec.parse("CMD,82923,ad322"),
                CommandFrameCodec.parse("CMD,82923,ad322".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void multipleArgumentsAndBoundaries() {
        assertEquals("CMD,1,a,B,9", CommandFrameCodec.build(1, List.of("a", "B", "9")));
        assertEquals(new CommandFrame(99999, List.of("x")), parsed("CMD,99999,x"));
        List<String> eight = Collections.nCopies(8, "Z9");
        assertEquals(new CommandFrame(5, eight), parsed(CommandFrameCodec.build(5, eight)));
        String longest = "a".repeat(32);
        assertEquals(List.of(longest), parsed("CMD,7," + longest).args());
        // leading zeros are read as the number they denote; build always writes the canonical form
        assertEquals(42, parsed("CMD,00042,a").seq());
    }

    @Test
    void frameOfExactly256BytesIsAllowed() {
        List<String> args = new ArrayList<>(Collections.nCopies(7, "a".repeat(32)));
        args.add("b".repeat(15));
        String frame = CommandFrameCodec.build(12345, args);
        assertEquals(256, frame.length());
        assertEquals(new CommandFrame(12345, args), parsed(frame));

        args.set(7, "b".repeat(16));
        FrameRejection r = buildFails(12345, args);
        assertEquals(RejectionReason.TOO_LONG, r.reason());
        assertEquals("frame would be 257 bytes, max 256", r.message());
        assertEquals(RejectionReason.TOO_LONG, rejected("CMD,12345," + String.join(",", args)).reason());
    }

    @Test
    void validateReturnsParsedForGoodValues() {
        assertEquals(new CommandFrameResult.Parsed(new CommandFrame(3, List.of("on"))),
                CommandFrameCodec.validate(3, List.of("on")));
    }

    @Test
    void argsAreAnImmutableCopy() {
        List<String> source = new ArrayList<>(List.of("a"));
        CommandFrame frame = new CommandFrame(1, source);
        source.add("b");
        assertEquals(List.of("a"), frame.args());
        assertThrows(UnsupportedOperationException.class, () -> frame.args().add("c"));
    }

    // --- build / validate rejections ---------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 100000, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void buildRejectsSeqOutOfRange(int seq) {
        FrameRejection r = buildFails(seq, List.of("a"));
        assertEquals(RejectionReason.INVALID_FIELD, r.reason());
        assertEquals("seq", r.field());
    }

    @Test
    void buildRejectsArgumentLists() {
        assertEquals("field args: missing", buildFails(1, null).message());
        assertEquals("field args: 0 arguments, expected 1-8", buildFails(1, List.of()).message());
        assertEquals("field args: 9 arguments, expected 1-8", buildFails(1, Collections.nCopies(9, "a")).message());
        assertEquals("field arg[1]: missing", buildFails(1, Arrays.asList("a", null)).message());
    }

    @Test
    void buildRejectsArguments() {
        assertEquals("field arg[0]: '' is empty", buildFails(1, List.of("")).message());
        assertEquals("field arg[1]: '" + "a".repeat(33) + "' is longer than 32 characters",
                buildFails(1, List.of("ok", "a".repeat(33))).message());
        for (String bad : List.of("a-b", "a b", "a,b", "\u00e9", "a\n", "\u0660", "\uff21")) {
            FrameRejection r = buildFails(1, List.of("fine", bad));
            assertEquals(RejectionReason.INVALID_FIELD, r.reason(), bad);
            assertEquals("arg[1]", r.field(), bad);
        }
        assertThrows(InvalidFrameException.class, () -> new CommandFrame(1, List.of("a-b")));
    }

    // --- parse rejections --------------------------------------------------------------------

    @Test
    void parseEnvelope() {
        assertEquals(RejectionReason.EMPTY, rejected("").reason());
        assertEquals(RejectionReason.EMPTY, rejected(null).reason());
        assertEquals(RejectionReason.EMPTY, ((CommandFrameResult.Rejected) CommandFrameCodec.parse((byte[]) null)).rejection().reason());
        assertEquals(RejectionReason.TOO_LONG, rejected("CMD,1," + "a".repeat(251)).reason());
        assertEquals(RejectionReason.NOT_ASCII, rejected("CMD,1,a\n").reason());
        assertEquals(RejectionReason.NOT_ASCII, rejected("CMD,1,\u00e9").reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"CMD|1", "CMD,1|2", "CMD,1,a,a,a,a,a,a,a,a,a|11", "a|1"})
    void parseFieldCount(String frame, int found) {
        FrameRejection r = rejected(frame);
        assertEquals(RejectionReason.FIELD_COUNT, r.reason());
        assertNull(r.field());
        assertTrue(r.message().startsWith("found " + found + " comma-separated fields"), r::message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmd,1,a", "CMX,1,a", "CMDX,1,a", ",1,a", "DE02,10,17,011101010,am024,1d478f", " CMD,1,a"})
    void parseUnknownType(String frame) {
        FrameRejection r = rejected(frame);
        assertEquals(RejectionReason.UNKNOWN_FRAME_TYPE, r.reason());
        assertEquals("type", r.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "00000", "100000", "000001", "+1", "-1", "", "1a", " 1", "1 ", "0x1"})
    void parseInvalidSeq(String seq) {
        FrameRejection r = rejected("CMD," + seq + ",a");
        assertEquals(RejectionReason.INVALID_FIELD, r.reason());
        assertEquals("seq", r.field());
    }

    @Test
    void parseInvalidArgs() {
        assertEquals("field arg[0]: '' is empty", rejected("CMD,1,").message());
        assertEquals("field arg[1]: '' is empty", rejected("CMD,1,a,").message());
        assertEquals("field arg[2]: '' is empty", rejected("CMD,1,a,b,,c").message());
        assertEquals("arg[0]", rejected("CMD,1,a b").field());
        assertEquals("arg[0]", rejected("CMD,1,a-b").field());
        assertEquals("field arg[0]: '" + "a".repeat(33) + "' is longer than 32 characters",
                rejected("CMD,1," + "a".repeat(33)).message());
        assertEquals(RejectionReason.INVALID_FIELD, rejected("CMD,1,a_b").reason());
    }
}
