package io.meterlink.api;

/** The roles a token's {@code groups} claim may carry, the same in every service (one token works for all). */
public final class Roles {

    /** Reads everything (readings, alerts, commands), acknowledges alerts, sends commands to one meter at a time. */
    public static final String OPERATOR = "operator";
    /** Everything an operator does, plus bulk jobs, meter registration, route overrides and on-call routing. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
