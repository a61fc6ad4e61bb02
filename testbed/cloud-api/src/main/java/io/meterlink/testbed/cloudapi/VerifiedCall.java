package io.meterlink.testbed.cloudapi;

import java.util.Map;

/**
 * A request whose signature, AccessKey, timestamp and nonce checked out.
 *
 * @param params the action's parameters: query and form body merged, signature parameters included
 */
record VerifiedCall(String action, String version, String accessKeyId, Map<String, String> params) {

    String param(String name) {
        return params.get(name);
    }
}
