package io.meterlink.alert.rest;

/** How the API shows an on-call number to someone who may not see it whole (personal data): operators. */
final class PhoneNumbers {

    private PhoneNumbers() {
    }

    /** Keeps the first three and last four digits: enough to recognise a number, not to call it. */
    static String mask(String number) {
        if (number.length() <= 7) {
            return "*".repeat(number.length());
        }
        return number.substring(0, 3) + "*".repeat(number.length() - 7) + number.substring(number.length() - 4);
    }
}
