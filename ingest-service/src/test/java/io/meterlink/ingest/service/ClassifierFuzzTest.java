package io.meterlink.ingest.service;

import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.DataFrameResult;
import io.meterlink.domain.frame.RejectionReason;
import io.meterlink.domain.topic.DeviceIdentityRules;
import io.meterlink.domain.topic.PlatformTopic;
import io.meterlink.domain.topic.TopicDirection;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.domain.topic.TopicParse;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Throws a million random and mutated deliveries at {@link DeliveryClassifier} (plain, no Quarkus): valid frames with
 * flips, insertions, deletions and truncations, random ASCII and bytes, oversize and non-binary bodies, and property
 * sets with missing, wrong-typed and absurd topic, messageId and generateTime. The classifier must never throw, must
 * give every delivery a verdict, and that verdict must be the one the README's checks ("Per message", cheapest first)
 * call for: an accepted delivery's frame parses with meter-domain's {@link DataFrameCodec} and its properties are
 * valid, and every rejection carries its stable reason, a detail, and only text PostgreSQL can store.
 *
 * <p>Reproducible: the seed is printed with the summary; {@code -Dfuzz.seed=<n>} replays or explores, and
 * {@code -Dfuzz.count=<n>} changes the number of deliveries. Property values wrong-typed on the wire reach the
 * classifier as {@code DataUpReceiver} hands them over: topic and messageId as their {@code toString()}, generateTime
 * as the object itself.
 */
class ClassifierFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 0x11_F022_2025L);
    static final int COUNT = Integer.getInteger("fuzz.count", 1_000_000);

    /** A fixed clock, so the window checks do not depend on when the test runs. */
    private static final long NOW = 1_764_050_000_000L;
    private static final int MAX_PAYLOAD = 256;
    private static final Duration SKEW = Duration.ofHours(1);
    private static final int RETENTION_DAYS = 400;
    private static final long SKEW_MS = SKEW.toMillis();
    private static final long RETENTION_MS = RETENTION_DAYS * 86_400_000L;

    private static final byte[] INTERESTING =
            "0123456789abcdefABCDEFamDECM,,,,-+ xX\u007f\u0000".getBytes(StandardCharsets.ISO_8859_1);
    private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ODD_CHARS = "/+#\u0000 \t\n\u00e9\u20ac\ud83d\ude00\ud800\u0085\ufeff\uffff-_@.:";
    /** Built once: generating a 100,000-character id per delivery would measure the generator, not the classifier. */
    private static final List<String> LONG_TEXT = List.of("7".repeat(1_000), "m".repeat(10_000) + "\u0000",
            "x".repeat(100_000), "\u00e9".repeat(5_000), " ".repeat(300) + "1");

    private static final Pattern DECIMAL_MS = Pattern.compile("[0-9]{1,18}");

    private static final String LONG_TOPIC = "/a1MeterLink/" + "d".repeat(100_000) + "/user/data/up";

    private static final Set<String> REASONS = Stream.concat(
            Arrays.stream(IngestRejection.values()).map(IngestRejection::code),
            Arrays.stream(RejectionReason.values()).map(RejectionReason::code)).collect(Collectors.toSet());

    private final DeliveryClassifier classifier = new DeliveryClassifier(MAX_PAYLOAD, SKEW, RETENTION_DAYS);

    @Test
    void everyDeliveryGetsTheVerdictItsPropertiesAndFrameCallFor() {
        Random random = new Random(SEED);
        Instant receivedAt = Instant.ofEpochMilli(NOW);
        long accepted = 0;
        long statuses = 0;
        Map<String, Long> rejected = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < COUNT; i++) {
            Delivery delivery = new Delivery(text(topic(random)), text(messageId(random)), generateTime(random),
                    payload(random), receivedAt, 0, Settlements.NONE);
            String problem;
            Verdict verdict = null;
            try {
                verdict = classifier.classify(delivery, NOW);
                problem = check(delivery, verdict);
            } catch (RuntimeException | Error e) {
                problem = "threw " + e;
            }
            if (problem != null) {
                if (failures.size() < 10) {
                    failures.add("iteration " + i + ": " + problem + "\n    " + describe(delivery)
                            + "\n    verdict " + verdict);
                }
                continue;
            }
            if (verdict instanceof Verdict.Accepted) {
                accepted++;
            } else if (verdict instanceof Verdict.DeviceStatus) {
                statuses++;
            } else {
                rejected.merge(((Verdict.Rejected) verdict).reason(), 1L, Long::sum);
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("ClassifierFuzzTest seed=" + SEED + " count=" + COUNT + " accepted=" + accepted
                + " deviceStatus=" + statuses + " rejected=" + rejected.values().stream().mapToLong(Long::longValue)
                .sum() + " " + rejected + " failures=" + failures.size() + " in " + ms + " ms");
        assertTrue(failures.isEmpty(), () -> "seed " + SEED + " (-Dfuzz.seed=" + SEED + "), first failures:\n"
                + String.join("\n", failures));
        // Guards the generator: a fuzz run that (almost) never reaches the frame parser or acceptance proves little.
        assertTrue(accepted > COUNT / 20, "too few accepted deliveries: " + accepted);
        // unstorable is the database's verdict; too_long cannot happen here, a payload over the frame limit (256 bytes,
        // max-payload-bytes by default) is oversize before the frame is read.
        assertTrue(COUNT < 100_000 || rejected.keySet().containsAll(REASONS.stream()
                        .filter(r -> !r.equals("unstorable") && !r.equals("too_long")).toList()),
                () -> "not every reason was reached: " + rejected.keySet());
    }

    /** Null when the verdict is right for the delivery, else what is wrong with it. */
    private static String check(Delivery delivery, Verdict verdict) {
        if (verdict == null) {
            return "no verdict";
        }
        if (verdict.delivery() != delivery) {
            return "verdict for another delivery";
        }
        Expected expected = expect(delivery);
        if (verdict instanceof Verdict.Rejected r) {
            if (r.reason() == null || !REASONS.contains(r.reason())) {
                return "unknown reason " + r.reason();
            }
            if (r.detail() == null || r.detail().isBlank()) {
                return "rejection without detail";
            }
            for (String text : new String[] {r.detail(), r.productKey(), r.deviceName(), r.messageId()}) {
                if (text != null && text.indexOf('\0') >= 0) {
                    return "rejection keeps U+0000, which PostgreSQL cannot store";
                }
            }
            if (!r.reason().equals(expected.reason)) {
                return "rejected as " + r.reason() + " (" + r.detail() + "), expected "
                        + (expected.reason == null ? expected.kind : expected.reason);
            }
            return null;
        }
        if (verdict instanceof Verdict.Accepted a) {
            if (!"accepted".equals(expected.kind)) {
                return "accepted, expected " + expected.reason;
            }
            DataFrameResult frame = DataFrameCodec.parse(delivery.payload());
            if (!(frame instanceof DataFrameResult.Parsed parsed) || !parsed.reading().equals(a.reading())) {
                return "accepted reading " + a.reading() + " is not what DataFrameCodec reads: " + frame;
            }
            PlatformTopic topic = ((TopicParse.Parsed) TopicMapping.parseOrReason(delivery.topic())).topic();
            if (!topic.productKey().equals(a.productKey()) || !topic.deviceName().equals(a.deviceName())
                    || !delivery.messageId().equals(a.messageId())
                    || a.generateTimeMs() != epochMs(delivery.generateTime())) {
                return "accepted with properties other than the delivery's";
            }
            return null;
        }
        Verdict.DeviceStatus s = (Verdict.DeviceStatus) verdict;
        if (!"status".equals(expected.kind)) {
            return "device status, expected " + (expected.reason == null ? expected.kind : expected.reason);
        }
        if (!delivery.topic().equals(DeliveryClassifier.STATUS_PREFIX + s.productKey() + "/" + s.deviceName())
                || !delivery.messageId().equals(s.messageId())
                || s.generateTimeMs() != epochMs(delivery.generateTime())) {
            return "device status with properties other than the delivery's";
        }
        return null;
    }

    private record Expected(String kind, String reason) {
        static Expected reject(IngestRejection reason) {
            return new Expected("rejected", reason.code());
        }
    }

    /** The README's checks, cheapest first, written out independently of the classifier. */
    private static Expected expect(Delivery d) {
        byte[] payload = d.payload();
        if (payload == null) {
            return Expected.reject(IngestRejection.UNSUPPORTED_BODY);
        }
        if (payload.length > MAX_PAYLOAD) {
            return Expected.reject(IngestRejection.OVERSIZE);
        }
        if (d.topic() == null) {
            return Expected.reject(IngestRejection.MISSING_PROPERTY);
        }
        boolean status = d.topic().startsWith(DeliveryClassifier.STATUS_PREFIX);
        if (status) {
            String[] names = d.topic().substring(DeliveryClassifier.STATUS_PREFIX.length()).split("/", -1);
            if (names.length != 2 || !DeviceIdentityRules.isValidProductKey(names[0])
                    || !DeviceIdentityRules.isValidDeviceName(names[1])) {
                return Expected.reject(IngestRejection.UNKNOWN_TOPIC);
            }
        } else if (!(TopicMapping.parseOrReason(d.topic()) instanceof TopicParse.Parsed parsed)
                || parsed.topic().direction() != TopicDirection.DATA_UP) {
            return Expected.reject(IngestRejection.UNKNOWN_TOPIC);
        }
        if (d.messageId() == null || d.messageId().isBlank()) {
            return Expected.reject(IngestRejection.MISSING_PROPERTY);
        }
        if (d.messageId().indexOf('\0') >= 0) {
            return Expected.reject(IngestRejection.INVALID_PROPERTY);
        }
        if (d.generateTime() == null) {
            return Expected.reject(IngestRejection.MISSING_PROPERTY);
        }
        Long ms = epochMs(d.generateTime());
        if (ms == null || ms > NOW + SKEW_MS || ms < NOW - RETENTION_MS) {
            return Expected.reject(IngestRejection.INVALID_PROPERTY);
        }
        if (status) {
            return new Expected("status", null);
        }
        if (DataFrameCodec.parse(payload) instanceof DataFrameResult.Rejected r) {
            return new Expected("rejected", r.rejection().reason().code());
        }
        return new Expected("accepted", null);
    }

    /**
     * generateTime as the README defines it: epoch milliseconds as an integral AMQP number (long, int, short) or as
     * decimal text (ASCII digits only, at most 18 of them, so it fits a long); positive. Null for anything else.
     */
    private static Long epochMs(Object value) {
        long ms;
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            ms = ((Number) value).longValue();
        } else if (value instanceof String text && DECIMAL_MS.matcher(text).matches()) {
            ms = Long.parseLong(text);
        } else {
            return null;
        }
        return ms > 0 ? ms : null;
    }

    // ---- generators: roughly half the deliveries are plausible, the rest hostile ----

    private static Object topic(Random random) {
        int pick = random.nextInt(100);
        if (pick < 60) {
            return dataUp(random);
        }
        return switch (pick) {
            case 60, 61, 62, 63, 64, 65, 66, 67, 68, 69 -> mutateText(random, dataUp(random));
            case 70, 71, 72 -> "/" + productKey(random) + "/" + deviceName(random) + "/user/cmd/down";
            case 73, 74, 75, 76 -> DeliveryClassifier.STATUS_PREFIX + productKey(random) + "/" + deviceName(random);
            case 77, 78 -> mutateText(random, DeliveryClassifier.STATUS_PREFIX + productKey(random) + "/"
                    + deviceName(random));
            case 79, 80, 81 -> null;
            case 82 -> "";
            case 83 -> random.nextLong(); // wrong-typed: a number where text belongs
            case 84 -> List.of(dataUp(random));
            case 85 -> TopicMapping.LEGACY_DATA_POST;
            case 86 -> "/" + "p".repeat(33) + "/" + deviceName(random) + "/user/data/up";
            case 87 -> "/" + productKey(random) + "/abc/user/data/up";
            case 88 -> "/" + productKey(random) + "/+/user/data/up";
            // The 100,000-character one is rare: every check that quotes it in a detail copies it.
            case 89 -> random.nextInt(100) == 0 ? LONG_TOPIC
                    : "/" + productKey(random) + "/" + "d".repeat(33 + random.nextInt(2_000)) + "/user/data/up";
            case 90 -> "/sys/" + productKey(random) + "/" + deviceName(random) + "/thing/event/property/post";
            case 91 -> dataUp(random) + "/";
            case 92 -> dataUp(random).toUpperCase();
            case 93 -> "/" + productKey(random) + "/" + deviceName(random) + "\u0000/user/data/up";
            case 94 -> DeliveryClassifier.STATUS_PREFIX;
            case 95 -> DeliveryClassifier.STATUS_PREFIX + productKey(random) + "/" + deviceName(random) + "/x";
            default -> randomText(random, random.nextInt(80));
        };
    }

    private static Object messageId(Random random) {
        int pick = random.nextInt(100);
        if (pick < 65) {
            return random.nextBoolean() ? Long.toString(random.nextLong() >>> 1)
                    : new java.util.UUID(random.nextLong(), random.nextLong()).toString();
        }
        return switch (pick) {
            case 65, 66, 67, 68 -> null;
            case 69, 70 -> "";
            case 71, 72 -> " \t\n".substring(random.nextInt(3));
            case 73, 74, 75, 76, 77 -> mutateText(random, Long.toString(random.nextLong() >>> 1)) + "\u0000";
            case 78, 79, 80 -> insertAt(random, Long.toString(random.nextLong() >>> 1), '\u0000');
            case 81, 82, 83, 84 -> LONG_TEXT.get(random.nextInt(LONG_TEXT.size())); // accepted when the rest is fine
            case 85, 86, 87 -> random.nextLong(); // wrong-typed
            case 88 -> new byte[] {1, 2};
            case 89 -> "\u0000";
            default -> randomText(random, 1 + random.nextInt(60));
        };
    }

    private static Object generateTime(Random random) {
        int pick = random.nextInt(100);
        long inWindow = NOW - (long) (random.nextDouble() * (RETENTION_MS - 1)) + random.nextLong(SKEW_MS);
        if (pick < 60) {
            return inWindow;
        }
        return switch (pick) {
            case 60, 61, 62, 63, 64, 65, 66, 67 -> Long.toString(inWindow);
            case 68, 69, 70 -> null;
            case 71 -> -inWindow;
            case 72 -> 0L;
            case 73 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            case 74, 75 -> NOW + SKEW_MS + 1 + random.nextLong(Long.MAX_VALUE - NOW - SKEW_MS - 1); // far future
            case 76, 77 -> 1 + random.nextLong(NOW - RETENTION_MS - 1); // far past
            case 78 -> random.nextBoolean() ? NOW + SKEW_MS : NOW + SKEW_MS + 1; // the edges of the window
            case 79 -> random.nextBoolean() ? NOW - RETENTION_MS : NOW - RETENTION_MS - 1;
            case 80 -> (int) inWindow; // wrong-typed: an int cannot hold epoch ms; what is left is 1970 or negative
            case 81 -> (short) random.nextInt();
            case 82 -> (double) inWindow;
            case 83 -> BigInteger.valueOf(inWindow);
            case 84 -> BigDecimal.valueOf(inWindow);
            case 85 -> UnsignedLong.valueOf(inWindow);
            case 86 -> "-" + inWindow;
            case 87 -> " " + inWindow;
            case 88 -> inWindow + ".0";
            case 89 -> "9".repeat(18 + random.nextInt(3));
            case 90 -> "\u0661\u0667\u0666\u0664" + inWindow; // Arabic-Indic digits: Character.isDigit, not ASCII
            case 91 -> insertAt(random, Long.toString(inWindow), '\u0000');
            case 92 -> "yesterday";
            case 93 -> "";
            case 94 -> Boolean.TRUE;
            case 95 -> Instant.ofEpochMilli(inWindow);
            case 96 -> new byte[] {1};
            case 97 -> 'x';
            default -> mutateText(random, Long.toString(inWindow));
        };
    }

    private static byte[] payload(Random random) {
        int pick = random.nextInt(100);
        if (pick < 45) {
            return validFrame(random);
        }
        if (pick < 70) {
            return mutate(random, validFrame(random));
        }
        return switch (pick) {
            case 70, 71, 72, 73, 74, 75 -> randomAscii(random, random.nextInt(401));
            case 76, 77, 78, 79, 80, 81 -> randomBytes(random, random.nextInt(401));
            case 82, 83 -> (new String(validFrame(random), StandardCharsets.US_ASCII) + "\u00e9\u20ac")
                    .getBytes(StandardCharsets.UTF_8);
            case 84, 85 -> insertAt(random, validFrame(random), (byte) 0);
            case 86, 87 -> randomAscii(random, MAX_PAYLOAD + 1 + random.nextInt(2_000));
            case 88 -> randomAscii(random, MAX_PAYLOAD - 1 + random.nextInt(3)); // the size edge
            case 89, 90 -> null; // not binary data
            case 91, 92 -> new byte[0];
            case 93, 94 -> "{\"status\":\"online\",\"time\":\"2025-11-25 06:00:00.000\"}".getBytes(
                    StandardCharsets.US_ASCII);
            default -> (new String(validFrame(random), StandardCharsets.US_ASCII)
                    + (random.nextInt(10) == 0 ? "\r\n" : "\n")).getBytes(StandardCharsets.US_ASCII);
        };
    }

    private static String dataUp(Random random) {
        return "/" + productKey(random) + "/" + deviceName(random) + "/user/data/up";
    }

    private static String productKey(Random random) {
        return name(random, NAME_CHARS, random.nextInt(10) == 0 ? 1 + random.nextInt(32) : 11);
    }

    private static String deviceName(Random random) {
        return name(random, NAME_CHARS + "-_@.:", 4 + random.nextInt(29));
    }

    private static String name(Random random, String alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(chars);
    }

    private static String randomText(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = random.nextInt(4) == 0 ? ODD_CHARS.charAt(random.nextInt(ODD_CHARS.length()))
                    : (char) (0x20 + random.nextInt(0x5F));
        }
        return new String(chars);
    }

    /** One to three character edits: replace, insert, delete or cut, with separators, wildcards and NUL in reach. */
    private static String mutateText(Random random, String text) {
        StringBuilder out = new StringBuilder(text);
        for (int e = 1 + random.nextInt(3); e > 0; e--) {
            int pos = out.isEmpty() ? 0 : random.nextInt(out.length());
            char c = random.nextBoolean() ? ODD_CHARS.charAt(random.nextInt(ODD_CHARS.length()))
                    : (char) (0x20 + random.nextInt(0x5F));
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (!out.isEmpty()) {
                        out.setCharAt(pos, c);
                    }
                }
                case 1 -> out.insert(pos, c);
                case 2 -> {
                    if (!out.isEmpty()) {
                        out.deleteCharAt(pos);
                    }
                }
                default -> out.setLength(random.nextInt(out.length() + 1));
            }
        }
        return out.toString();
    }

    private static String insertAt(Random random, String text, char c) {
        int pos = random.nextInt(text.length() + 1);
        return text.substring(0, pos) + c + text.substring(pos);
    }

    private static byte[] insertAt(Random random, byte[] bytes, byte b) {
        int pos = random.nextInt(bytes.length + 1);
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, pos);
        out[pos] = b;
        System.arraycopy(bytes, pos, out, pos + 1, bytes.length - pos);
        return out;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] randomAscii(Random random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = random.nextInt(4) == 0 ? INTERESTING[random.nextInt(INTERESTING.length)]
                    : (byte) (0x20 + random.nextInt(0x5F));
        }
        return bytes;
    }

    /** A valid {@code DE02} frame across the value ranges (as meter-domain's FrameRobustnessTest builds them). */
    private static byte[] validFrame(Random random) {
        int csq = random.nextInt(10) == 0 ? 99 : random.nextInt(32);
        String energy = Long.toHexString(random.nextLong() >>> (32 + random.nextInt(33)));
        if (random.nextBoolean()) {
            energy = energy.toUpperCase();
        }
        String status = Integer.toBinaryString(512 | random.nextInt(512)).substring(1);
        return ("DE02," + random.nextInt(100) + "," + csq + "," + status + ",am" + String.format("%03d",
                random.nextInt(1000)) + "," + energy).getBytes(StandardCharsets.US_ASCII);
    }

    /** One to three edits of the kinds real links produce: flips, insertions, deletions, truncations, padding. */
    private static byte[] mutate(Random random, byte[] frame) {
        byte[] out = frame;
        for (int e = 1 + random.nextInt(3); e > 0; e--) {
            int pos = out.length == 0 ? 0 : random.nextInt(out.length);
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (out.length > 0) {
                        out[pos] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> {
                    if (out.length > 0) {
                        out[pos] = INTERESTING[random.nextInt(INTERESTING.length)];
                    }
                }
                case 2 -> out = insertAt(random, out, random.nextBoolean() ? (byte) random.nextInt(256)
                        : INTERESTING[random.nextInt(INTERESTING.length)]);
                case 3 -> {
                    if (out.length > 0) {
                        byte[] smaller = new byte[out.length - 1];
                        System.arraycopy(out, 0, smaller, 0, pos);
                        System.arraycopy(out, pos + 1, smaller, pos, out.length - pos - 1);
                        out = smaller;
                    }
                }
                case 4 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1));
                default -> {
                    byte[] padded = Arrays.copyOf(out, out.length + random.nextInt(300));
                    for (int i = out.length; i < padded.length; i++) {
                        padded[i] = INTERESTING[random.nextInt(INTERESTING.length)];
                    }
                    out = padded;
                }
            }
        }
        return out;
    }

    /** As {@code DataUpReceiver} turns a property into text: {@code toString()} of whatever type it arrived as. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String describe(Delivery d) {
        return "topic " + quote(d.topic()) + ", messageId " + quote(d.messageId()) + ", generateTime "
                + (d.generateTime() == null ? "null" : d.generateTime().getClass().getSimpleName() + " "
                + quote(String.valueOf(d.generateTime()))) + ", payload "
                + (d.payload() == null ? "null" : d.payload().length + " bytes hex "
                + HexFormat.of().formatHex(d.payload(), 0, Math.min(d.payload().length, 300)));
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() <= 120 ? text : text.substring(0, 120) + "...(" + text.length() + " chars)";
        return "'" + shown.replace("\u0000", "\\u0000") + "'";
    }
}
