package io.meterlink.testbed.cloudapi;

import java.util.regex.Pattern;

/** What SendSms accepts as a recipient: mainland China mobile numbers, optionally with the country code. */
final class SmsRules {

    /** Alibaba's limit on numbers per SendSms call. */
    static final int MAX_PHONE_NUMBERS = 1000;

    private static final Pattern MAINLAND_MOBILE = Pattern.compile("(?:\\+86|0086)?1[3-9]\\d{9}");

    private SmsRules() {
    }

    static boolean isMobileNumber(String phone) {
        return phone != null && MAINLAND_MOBILE.matcher(phone).matches();
    }

    /** The number without a {@code +86}/{@code 0086} prefix, so differently written numbers compare equal. */
    static String nationalNumber(String phone) {
        if (phone.startsWith("+86")) {
            return phone.substring(3);
        }
        if (phone.startsWith("0086")) {
            return phone.substring(4);
        }
        return phone;
    }
}
