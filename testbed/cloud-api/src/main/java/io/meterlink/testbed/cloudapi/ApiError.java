package io.meterlink.testbed.cloudapi;

import java.util.Map;

/**
 * An error answer in Alibaba's vocabulary. Two kinds exist on the real service and the SDKs treat
 * them differently, so the stand-in keeps them apart:
 * <ul>
 * <li><b>gateway</b> errors (authentication, replay, throttling, missing parameters) come with an
 * HTTP 4xx/5xx status and {@code {"RequestId","HostId","Code","Message","Recommend"}}; the SDKs turn
 * them into exceptions ({@code ClientException}/{@code ServerException}, {@code TeaException});</li>
 * <li><b>business</b> errors come with HTTP 200: IoT answers {@code {"Success":false,"Code","ErrorMessage"}},
 * SMS answers {@code {"Code","Message"}}; the SDKs return them as ordinary responses.</li>
 * </ul>
 *
 * @param httpStatus 200 for business errors, the gateway status otherwise
 */
record ApiError(int httpStatus, String code, String message) {

    /** Gateway errors by code, with the status and message Alibaba's OpenAPI gateway uses. */
    private static final Map<String, ApiError> GATEWAY = Map.ofEntries(
            gateway(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."),
            gateway(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation."),
            gateway(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards."),
            gateway(400, "SignatureNonceUsed", "Specified signature nonce was used already."),
            gateway(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."),
            gateway(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted."),
            gateway(400, "Throttling.User", "Request was denied due to user flow control."),
            gateway(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."),
            gateway(400, "InvalidVersion", "Specified parameter Version is not valid."),
            gateway(400, "InvalidParameter", "The specified parameter is not valid."),
            gateway(500, "InternalError",
                    "The request processing has failed due to some unknown error, exception or failure."),
            gateway(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."));

    private static Map.Entry<String, ApiError> gateway(int status, String code, String message) {
        return Map.entry(code, new ApiError(status, code, message));
    }

    boolean isGateway() {
        return httpStatus != 200;
    }

    /** The gateway error {@code code} with its standard message. */
    static ApiError gateway(String code) {
        ApiError e = GATEWAY.get(code);
        if (e == null) {
            throw new IllegalArgumentException("not a gateway error code: " + code);
        }
        return e;
    }

    /** The gateway error {@code code} with extra detail appended to its standard message. */
    static ApiError gateway(String code, String detail) {
        ApiError e = gateway(code);
        return new ApiError(e.httpStatus, code, e.message + " " + detail);
    }

    /** {@code Missing<Param>}: a required parameter is absent (HTTP 400, as the gateway answers). */
    static ApiError missing(String parameter) {
        return new ApiError(400, "Missing" + parameter,
                parameter + " is mandatory for this action.");
    }

    /** A business error (HTTP 200) answered in the action's own shape. */
    static ApiError business(String code, String message) {
        return new ApiError(200, code, message);
    }

    /**
     * The error a test asked for with {@code failNext}: a known gateway code keeps its status, anything
     * else (e.g. {@code isv.BUSINESS_LIMIT_CONTROL}, {@code iot.messagebroker.OFFLINE}) is a business error.
     */
    static ApiError injected(String code) {
        ApiError e = GATEWAY.get(code);
        return e != null ? e : business(code, "Failure injected by the testbed for " + code + ".");
    }
}
