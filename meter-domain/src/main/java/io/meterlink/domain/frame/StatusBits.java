package io.meterlink.domain.frame;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The nine status flags of a reading packed into an int, so readings stay small and compare
 * cheaply. Bit {@code 1 << p} holds the character at position {@code p} counted from the left,
 * i.e. {@code "100000000"} has mask 1.
 *
 * @param mask 0..511
 */
public record StatusBits(int mask) {

    /** All flags clear. */
    public static final StatusBits NONE = new StatusBits(0);

    private static final int ALL = (1 << StatusBit.COUNT) - 1;

    public StatusBits {
        if ((mask & ~ALL) != 0) {
            throw new IllegalArgumentException("status mask " + mask + " is not 0-511");
        }
    }

    public boolean isSet(StatusBit bit) {
        return (mask & bit.maskBit()) != 0;
    }

    /** The set flags, in position order. */
    public Set<StatusBit> set() {
        EnumSet<StatusBit> set = EnumSet.noneOf(StatusBit.class);
        for (StatusBit bit : StatusBit.values()) {
            if (isSet(bit)) {
                set.add(bit);
            }
        }
        return Collections.unmodifiableSet(set);
    }

    /** The frame representation, e.g. {@code "011101010"}. */
    public String asString() {
        char[] chars = new char[StatusBit.COUNT];
        for (int p = 0; p < StatusBit.COUNT; p++) {
            chars[p] = (mask & (1 << p)) != 0 ? '1' : '0';
        }
        return new String(chars);
    }

    /** A copy with {@code bit} set, for building readings in simulators and tests. */
    public StatusBits with(StatusBit bit) {
        return new StatusBits(mask | bit.maskBit());
    }

    public static StatusBits of(StatusBit... bits) {
        int m = 0;
        for (StatusBit bit : bits) {
            m |= bit.maskBit();
        }
        return new StatusBits(m);
    }

    /**
     * Parses the nine-character field of a data frame.
     *
     * @throws IllegalArgumentException unless {@code text} is exactly nine {@code 0}/{@code 1}
     */
    public static StatusBits parse(CharSequence text) {
        if (text == null || text.length() != StatusBit.COUNT) {
            throw new IllegalArgumentException("status '" + text + "' is not exactly nine 0/1 characters");
        }
        int m = 0;
        for (int p = 0; p < StatusBit.COUNT; p++) {
            char c = text.charAt(p);
            if (c == '1') {
                m |= 1 << p;
            } else if (c != '0') {
                throw new IllegalArgumentException("status '" + text + "' is not exactly nine 0/1 characters");
            }
        }
        return new StatusBits(m);
    }

    @Override
    public String toString() {
        return "StatusBits[" + asString() + "]";
    }
}
