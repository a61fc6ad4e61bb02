package io.meterlink.command.rest;

/** The roles a token's {@code groups} claim may carry. */
public final class Roles {

    /** Reads everything, sends commands to one meter at a time. */
    public static final String OPERATOR = "operator";
    /** Everything an operator does, plus bulk jobs, meter registration and route overrides. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
