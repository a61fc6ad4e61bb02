package io.meterlink.testbed.cloudapi;

import java.util.Map;

/** One emulated OpenAPI operation: validates the verified call's parameters and builds Alibaba's answer. */
interface OpenApiAction {

    /** Action name as in {@code Action} / {@code x-acs-action}. */
    String name();

    /** API version the action belongs to ({@code Version} / {@code x-acs-version}). */
    String version();

    /** Product code used in the error {@code Recommend} link. */
    String product();

    /** The service host Alibaba reports as {@code HostId}. */
    String hostId(String regionId);

    /**
     * Performs the call.
     *
     * @return the success body (field order kept)
     * @throws ApiErrorException for a refused call, gateway or business
     */
    Map<String, Object> invoke(VerifiedCall call, String requestId);

    /** The HTTP 200 body this action answers for a business error. */
    Map<String, Object> businessError(String requestId, ApiError error);
}
