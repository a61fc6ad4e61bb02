package io.meterlink.domain.frame;

import java.util.List;

/**
 * A downlink command such as {@code CMD,82923,ad322}. The constructor applies the same rules as
 * {@link CommandFrameCodec#validate}, so holding an instance means the frame can be sent as-is.
 *
 * @param seq  1..99999, echoed by the meter so replies can be matched to commands
 * @param args 1..8 arguments of 1..32 ASCII letters or digits; stored as an immutable copy
 * @throws InvalidFrameException when any rule is broken
 */
public record CommandFrame(int seq, List<String> args) {

    public CommandFrame {
        FrameRejection rejection = CommandFrameCodec.check(seq, args);
        if (rejection != null) {
            throw new InvalidFrameException(rejection);
        }
        args = List.copyOf(args);
    }

    /** The wire text, e.g. {@code CMD,82923,ad322}. */
    public String toFrame() {
        return CommandFrameCodec.format(this);
    }
}
