package io.meterlink.domain.topic;

/**
 * Outcome of reading a topic string, carrying the reason on failure because ingest stores why a
 * message could not be attributed to a meter.
 */
public sealed interface TopicParse permits TopicParse.Parsed, TopicParse.Rejected {

    boolean isParsed();

    /** The topic is a valid meter topic. */
    record Parsed(PlatformTopic topic) implements TopicParse {
        @Override
        public boolean isParsed() {
            return true;
        }
    }

    /** The topic is not a meter topic; {@code reason} says why. */
    record Rejected(String reason) implements TopicParse {
        @Override
        public boolean isParsed() {
            return false;
        }
    }
}
