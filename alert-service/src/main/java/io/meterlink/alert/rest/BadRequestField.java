package io.meterlink.alert.rest;

/** Thrown by resources when a request field is invalid; mapped to 400 naming the field. */
public class BadRequestField extends RuntimeException {

    private final String field;

    public BadRequestField(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
