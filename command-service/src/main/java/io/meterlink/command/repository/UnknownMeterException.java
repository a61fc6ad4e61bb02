package io.meterlink.command.repository;

/** A command named a meter the registry does not know (the database's foreign key said so). */
public class UnknownMeterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownMeterException(String productKey, String deviceName) {
        super("meter " + productKey + "/" + deviceName + " is not registered");
    }
}
