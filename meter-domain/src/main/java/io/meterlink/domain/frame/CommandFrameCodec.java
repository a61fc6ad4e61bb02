package io.meterlink.domain.frame;

import static io.meterlink.domain.frame.FrameEnvelope.decimal;
import static io.meterlink.domain.frame.FrameEnvelope.isAlphanumeric;
import static io.meterlink.domain.frame.FrameEnvelope.nextComma;
import static io.meterlink.domain.frame.FrameEnvelope.quote;

import io.meterlink.domain.frame.CommandFrameResult.Parsed;
import io.meterlink.domain.frame.CommandFrameResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and reads command frames {@code CMD,<seq>,<arg>[,<arg>...]}. The command service builds
 * them from API input (so it needs precise, typed reasons), the device simulator parses them;
 * both sides use this one definition of the format.
 */
public final class CommandFrameCodec {

    public static final String TYPE = "CMD";
    public static final int MIN_SEQ = 1;
    public static final int MAX_SEQ = 99999;
    public static final int MAX_ARGS = 8;
    public static final int MAX_ARG_LENGTH = 32;
    public static final int MAX_FRAME_BYTES = FrameEnvelope.MAX_FRAME_BYTES;

    public static final String FIELD_TYPE = "type";
    public static final String FIELD_SEQ = "seq";
    public static final String FIELD_ARGS = "args";

    private static final int MAX_SEQ_DIGITS = 5;
    private static final int MIN_FIELDS = 3;
    private static final int MAX_FIELDS = 2 + MAX_ARGS;

    private CommandFrameCodec() {
    }

    /** Field name used in rejections for the argument at zero-based {@code index}. */
    public static String argField(int index) {
        return "arg[" + index + "]";
    }

    /** Parses a received command frame; never throws. */
    public static CommandFrameResult parse(byte[] payload) {
        FrameRejection envelope = FrameEnvelope.check(payload);
        if (envelope != null) {
            return new Rejected(envelope);
        }
        int fields = FrameEnvelope.countFields(payload);
        if (fields < MIN_FIELDS || fields > MAX_FIELDS) {
            return new Rejected(FrameRejection.of(RejectionReason.FIELD_COUNT, "found " + fields
                    + " comma-separated fields, expected 3-10 (CMD, seq and 1-8 args)"));
        }
        byte[] p = payload;
        int n = p.length;

        int s = 0;
        int e = nextComma(p, s, n);
        if (e - s != 3 || p[0] != 'C' || p[1] != 'M' || p[2] != 'D') {
            return new Rejected(new FrameRejection(RejectionReason.UNKNOWN_FRAME_TYPE, FIELD_TYPE,
                    quote(p, s, e) + " is not " + TYPE));
        }

        s = e + 1;
        e = nextComma(p, s, n);
        int seq = decimal(p, s, e, MAX_SEQ_DIGITS);
        if (seq < MIN_SEQ) {
            return new Rejected(FrameRejection.invalid(FIELD_SEQ, quote(p, s, e) + " is not 1-99999"));
        }

        List<String> args = new ArrayList<>(fields - 2);
        for (int i = 0; i < fields - 2; i++) {
            s = e + 1;
            e = nextComma(p, s, n);
            String problem = argProblem(p, s, e);
            if (problem != null) {
                return new Rejected(FrameRejection.invalid(argField(i), problem));
            }
            args.add(new String(p, s, e - s, StandardCharsets.ISO_8859_1));
        }
        return new Parsed(new CommandFrame(seq, args));
    }

    /** Same as {@link #parse(byte[])}; length is judged on the UTF-8 encoding. Never throws. */
    public static CommandFrameResult parse(String payload) {
        Object bytes = FrameEnvelope.bytesOf(payload);
        if (bytes instanceof FrameRejection rejection) {
            return new Rejected(rejection);
        }
        return parse((byte[]) bytes);
    }

    /** Checks values from an API request without throwing; never throws, even for nulls. */
    public static CommandFrameResult validate(int seq, List<String> args) {
        FrameRejection rejection = check(seq, args);
        return rejection == null ? new Parsed(new CommandFrame(seq, args)) : new Rejected(rejection);
    }

    /**
     * The frame text for these values.
     *
     * @throws InvalidFrameException carrying the first broken rule
     */
    public static String build(int seq, List<String> args) {
        return format(new CommandFrame(seq, args));
    }

    /** The frame text of an already valid command. */
    public static String format(CommandFrame frame) {
        StringBuilder sb = new StringBuilder(64).append(TYPE).append(',').append(frame.seq());
        for (String arg : frame.args()) {
            sb.append(',').append(arg);
        }
        return sb.toString();
    }

    /** The first broken rule, or {@code null}; shared with the {@link CommandFrame} constructor. */
    static FrameRejection check(int seq, List<String> args) {
        if (seq < MIN_SEQ || seq > MAX_SEQ) {
            return FrameRejection.invalid(FIELD_SEQ, seq + " is not 1-99999");
        }
        if (args == null) {
            return FrameRejection.invalid(FIELD_ARGS, "missing");
        }
        int count = args.size();
        if (count < 1 || count > MAX_ARGS) {
            return FrameRejection.invalid(FIELD_ARGS, count + " arguments, expected 1-" + MAX_ARGS);
        }
        int length = TYPE.length() + 1 + digits(seq);
        for (int i = 0; i < count; i++) {
            String arg = args.get(i);
            if (arg == null) {
                return FrameRejection.invalid(argField(i), "missing");
            }
            String problem = argProblem(arg);
            if (problem != null) {
                return FrameRejection.invalid(argField(i), problem);
            }
            length += 1 + arg.length();
        }
        if (length > MAX_FRAME_BYTES) {
            return FrameRejection.of(RejectionReason.TOO_LONG,
                    "frame would be " + length + " bytes, max " + MAX_FRAME_BYTES);
        }
        return null;
    }

    private static String argProblem(byte[] p, int from, int to) {
        int len = to - from;
        if (len == 0) {
            return "'' is empty";
        }
        if (len > MAX_ARG_LENGTH) {
            return quote(p, from, to) + " is longer than " + MAX_ARG_LENGTH + " characters";
        }
        for (int i = from; i < to; i++) {
            if (!isAlphanumeric(p[i])) {
                return quote(p, from, to) + " may only contain A-Z, a-z, 0-9";
            }
        }
        return null;
    }

    private static String argProblem(String arg) {
        int len = arg.length();
        if (len == 0) {
            return "'' is empty";
        }
        boolean alphanumeric = true;
        for (int i = 0; i < len; i++) {
            char c = arg.charAt(i);
            if (c > 0x7F || !isAlphanumeric((byte) c)) {
                alphanumeric = false;
                break;
            }
        }
        String shown = len <= 40 ? arg : arg.substring(0, 40) + "...";
        if (len > MAX_ARG_LENGTH) {
            return "'" + shown + "' is longer than " + MAX_ARG_LENGTH + " characters";
        }
        return alphanumeric ? null : "'" + shown + "' may only contain A-Z, a-z, 0-9";
    }

    private static int digits(int seq) {
        int d = 1;
        for (int v = seq; v >= 10; v /= 10) {
            d++;
        }
        return d;
    }
}
