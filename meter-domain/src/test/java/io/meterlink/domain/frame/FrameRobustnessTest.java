package io.meterlink.domain.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Throws random and mutated frames at both parsers. The seed is fixed so failures reproduce; pass
 * {@code -Dmeterlink.fuzz.seed=<n>} to explore other inputs.
 */
class FrameRobustnessTest {

    static final long SEED = Long.getLong("meterlink.fuzz.seed", 0x5EED_2024_0002L);
    static final int ITERATIONS = 120_000;
    static final byte[] INTERESTING = "0123456789abcdefABCDEFamDECM,,,,-+ xX\u007f".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void dataFrameParserNeverThrowsAndRoundtrips() {
        Random random = new Random(SEED);
        int parsedCount = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = switch (i % 4) {
                case 0 -> randomBytes(random);
                case 1 -> randomAscii(random);
                case 2 -> mutate(random, validDataFrame(random));
                default -> validDataFrame(random);
            };
            DataFrameResult result = run(i, input, DataFrameCodec::parse);
            if (result instanceof DataFrameResult.Parsed parsed) {
                parsedCount++;
                MeterReading reading = parsed.reading();
                String reformatted = DataFrameCodec.format(reading);
                assertEquals(new DataFrameResult.Parsed(reading), DataFrameCodec.parse(reformatted),
                        () -> context(input) + " reformatted " + reformatted);
            } else if (result instanceof DataFrameResult.Rejected rejected) {
                assertNotNull(rejected.rejection(), () -> context(input));
                assertNotNull(rejected.rejection().message(), () -> context(input));
            } else {
                fail("unexpected result " + result + " " + context(input));
            }
            if (input.length <= 128) {
                DataFrameResult fromString = run(i, new String(input, StandardCharsets.ISO_8859_1), DataFrameCodec::parse);
                assertEquals(result.isParsed(), fromString.isParsed(), () -> context(input));
                if (result instanceof DataFrameResult.Rejected a && fromString instanceof DataFrameResult.Rejected b) {
                    assertEquals(a.rejection().reason(), b.rejection().reason(), () -> context(input));
                }
            }
        }
        assertTrue(parsedCount > ITERATIONS / 5, "too few valid frames generated: " + parsedCount + " seed " + SEED);
    }

    @Test
    void commandFrameParserNeverThrowsAndRoundtrips() {
        Random random = new Random(SEED + 1);
        int parsedCount = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = switch (i % 4) {
                case 0 -> randomBytes(random);
                case 1 -> randomAscii(random);
                case 2 -> mutate(random, validCommandFrame(random));
                default -> validCommandFrame(random);
            };
            CommandFrameResult result = run(i, input, CommandFrameCodec::parse);
            if (result instanceof CommandFrameResult.Parsed parsed) {
                parsedCount++;
                String reformatted = CommandFrameCodec.format(parsed.frame());
                assertEquals(result, CommandFrameCodec.parse(reformatted),
                        () -> context(input) + " reformatted " + reformatted);
                assertEquals(result, CommandFrameCodec.validate(parsed.frame().seq(), parsed.frame().args()),
                        () -> context(input));
            } else if (result instanceof CommandFrameResult.Rejected rejected) {
                assertNotNull(rejected.rejection(), () -> context(input));
                assertNotNull(rejected.rejection().message(), () -> context(input));
            } else {
                fail("unexpected result " + result + " " + context(input));
            }
        }
        assertTrue(parsedCount > ITERATIONS / 5, "too few valid frames generated: " + parsedCount + " seed " + SEED);
    }

    @Test
    void stringInputIsMeasuredLikeItsUtf8Bytes() {
        Random random = new Random(SEED + 2);
        char[] alphabet = {'a', ',', '0', '\u00e9', '\u20ac', '\ud83d', '\ude00', '\n', '\u007f', '\u0800'};
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[random.nextInt(300)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = alphabet[random.nextInt(alphabet.length)];
            }
            String text = new String(chars);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            for (Function<Object, RejectionReason> parser : List.<Function<Object, RejectionReason>>of(
                    in -> reason(in instanceof String t ? DataFrameCodec.parse(t) : DataFrameCodec.parse((byte[]) in)),
                    in -> reason(in instanceof String t ? CommandFrameCodec.parse(t) : CommandFrameCodec.parse((byte[]) in)))) {
                RejectionReason fromString = run(i, (Object) text, parser);
                RejectionReason fromBytes = run(i, (Object) utf8, parser);
                assertEquals(fromBytes == RejectionReason.TOO_LONG, fromString == RejectionReason.TOO_LONG,
                        () -> context(utf8));
                assertEquals(fromBytes == RejectionReason.EMPTY, fromString == RejectionReason.EMPTY, () -> context(utf8));
            }
        }
    }

    private static RejectionReason reason(Object result) {
        if (result instanceof DataFrameResult.Rejected r) {
            return r.rejection().reason();
        }
        if (result instanceof CommandFrameResult.Rejected r) {
            return r.rejection().reason();
        }
        return null;
    }

    private static <T, R> R run(int iteration, T input, Function<T, R> parser) {
        R result;
        try {
            result = parser.apply(input);
        } catch (RuntimeException | Error e) {
            throw new AssertionError("parser threw at iteration " + iteration + " "
                    + context(input instanceof byte[] b ? b : ((String) input).getBytes(StandardCharsets.UTF_8)), e);
        }
        assertNotNull(result, () -> "null result at iteration " + iteration + " seed " + SEED);
        return result;
    }

    private static String context(byte[] input) {
        return "(seed " + SEED + ", input hex " + HexFormat.of().formatHex(input) + ", text '"
                + new String(input, StandardCharsets.ISO_8859_1) + "')";
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(401)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] randomAscii(Random random) {
        byte[] bytes = new byte[random.nextInt(401)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = random.nextInt(4) == 0 ? INTERESTING[random.nextInt(INTERESTING.length)]
                    : (byte) (0x20 + random.nextInt(0x5F));
        }
        return bytes;
    }

    private static byte[] validDataFrame(Random random) {
        int csq = random.nextInt(10) == 0 ? 99 : random.nextInt(32);
        String energy = Long.toHexString(random.nextLong() >>> (32 + random.nextInt(33)));
        if (random.nextBoolean()) {
            energy = energy.toUpperCase();
        }
        if (random.nextInt(5) == 0 && energy.length() < 8) {
            energy = "0".repeat(random.nextInt(9 - energy.length())) + energy;
        }
        String status = Integer.toBinaryString(512 | random.nextInt(512)).substring(1);
        String frame = "DE02," + random.nextInt(100) + "," + csq + "," + status + ",am"
                + String.format("%03d", random.nextInt(1000)) + "," + energy;
        return frame.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] validCommandFrame(Random random) {
        int count = 1 + random.nextInt(8);
        List<String> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            char[] arg = new char[1 + random.nextInt(random.nextBoolean() ? 32 : 6)];
            for (int j = 0; j < arg.length; j++) {
                arg[j] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(62));
            }
            args.add(new String(arg));
        }
        String frame = "CMD," + (1 + random.nextInt(99999)) + "," + String.join(",", args);
        return frame.getBytes(StandardCharsets.US_ASCII);
    }

    /** One to three edits of the kinds real links produce: flips, insertions, losses, reordering. */
    private static byte[] mutate(Random random, byte[] frame) {
        byte[] out = frame;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int pos = out.length == 0 ? 0 : random.nextInt(out.length);
            switch (random.nextInt(7)) {
                case 0 -> { // flip to a random byte
                    if (out.length > 0) {
                        out[pos] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> { // flip to a plausible character
                    if (out.length > 0) {
                        out[pos] = INTERESTING[random.nextInt(INTERESTING.length)];
                    }
                }
                case 2 -> { // insertion
                    byte[] bigger = new byte[out.length + 1];
                    System.arraycopy(out, 0, bigger, 0, pos);
                    bigger[pos] = random.nextBoolean() ? (byte) random.nextInt(256)
                            : INTERESTING[random.nextInt(INTERESTING.length)];
                    System.arraycopy(out, pos, bigger, pos + 1, out.length - pos);
                    out = bigger;
                }
                case 3 -> { // deletion
                    if (out.length > 0) {
                        byte[] smaller = new byte[out.length - 1];
                        System.arraycopy(out, 0, smaller, 0, pos);
                        System.arraycopy(out, pos + 1, smaller, pos, out.length - pos - 1);
                        out = smaller;
                    }
                }
                case 4 -> out = swapFields(random, out);
                case 5 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1)); // truncation
                default -> { // padding up to ~400 bytes
                    byte[] padded = Arrays.copyOf(out, out.length + random.nextInt(400 - Math.min(out.length, 399)));
                    for (int i = out.length; i < padded.length; i++) {
                        padded[i] = INTERESTING[random.nextInt(INTERESTING.length)];
                    }
                    out = padded;
                }
            }
        }
        return out;
    }

    private static byte[] swapFields(Random random, byte[] frame) {
        String[] fields = new String(frame, StandardCharsets.ISO_8859_1).split(",", -1);
        if (fields.length < 2) {
            return frame;
        }
        int a = random.nextInt(fields.length);
        int b = random.nextInt(fields.length);
        String tmp = fields[a];
        fields[a] = fields[b];
        fields[b] = tmp;
        return String.join(",", fields).getBytes(StandardCharsets.ISO_8859_1);
    }
}
