package io.meterlink.ingest.service;

import java.util.List;

/**
 * What a durable batch amounted to. Every delivery of the batch is in exactly one list, and all of them may be
 * accepted at the platform.
 *
 * @param stored            readings inserted and published for the first time
 * @param duplicates        readings (or rejections) of messageIds handled before: nothing written, nothing sent
 * @param rejected          rejections stored and dead-lettered for the first time
 * @param statuses          device status notifications passed on to Kafka
 */
public record BatchOutcome(List<Verdict.Accepted> stored, List<Verdict> duplicates, List<Verdict.Rejected> rejected,
        List<Verdict.DeviceStatus> statuses) {
}
