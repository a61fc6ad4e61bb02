package io.meterlink.alert.config;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Map;

/**
 * Who is on call. The database table {@code alert.oncall_recipient} (edited through the API) overrides these per
 * product; products in neither place go to the default recipients.
 */
@ConfigMapping(prefix = "meterlink.alert.routing")
public interface RoutingConfig {

    /** Mobile numbers texted for products without their own recipients, e.g. +8613800000000; required. */
    List<String> defaultRecipients();

    /** Mobile numbers per product key, comma-separated. */
    Map<String, List<String>> products();
}
