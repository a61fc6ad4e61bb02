package io.meterlink.alert.repository;

/** Where an alert is in its life: open until its condition clears; acknowledging stops repeat SMS but keeps it open. */
public enum AlertStatus {
    OPEN, ACKNOWLEDGED, RESOLVED
}
