package io.meterlink.command.gateway;

import java.util.regex.Pattern;

/**
 * Removes what signs an OpenAPI call from text that leaves the gateway. aliyun-java-sdk-core puts the request URL
 * (with AccessKeyId, Signature, SignatureNonce in its query) into its exception messages, and a signature mismatch
 * answer quotes the string to sign; none of it may reach a log, a metric or a command's {@code errorMessage}.
 */
public final class SignedUrls {

    private static final Pattern QUERY = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^\\s?#]*)\\?[^\\s]*");
    private static final Pattern SIGNED_PARAMETER = Pattern.compile(
            "(?i)\\b(AccessKeyId|Signature|SignatureNonce|SecurityToken|BearerToken)(=|%3D|:\\s*)[^&\\s,;\"]*");
    private static final Pattern STRING_TO_SIGN = Pattern.compile("(?is)(string to sign is:).*");

    private SignedUrls() {
    }

    /** {@code text} without URL queries, signing parameters and quoted strings to sign; null stays null. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String s = STRING_TO_SIGN.matcher(text).replaceAll("$1 (removed)");
        s = QUERY.matcher(s).replaceAll("$1?(query removed)");
        return SIGNED_PARAMETER.matcher(s).replaceAll("$1=(removed)");
    }
}
