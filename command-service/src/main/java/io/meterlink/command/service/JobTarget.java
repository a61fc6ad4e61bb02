package io.meterlink.command.service;

/** One meter a job addresses. */
public record JobTarget(String productKey, String deviceName) {
}
