package io.meterlink.command.rest;

import io.meterlink.api.Problem;
import io.meterlink.api.ProblemMappers;
import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.repository.RateBuckets;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Each caller's own request allowance: a token bucket per principal in PostgreSQL, shared by every replica, so one
 * runaway client (a retry loop in an app) is told to back off with 429 and Retry-After before it crowds out others.
 * Anonymous requests are left to the security layer's 401.
 */
public class CallerLimitFilter {

    private final RateBuckets buckets;
    private final SecurityIdentity identity;
    private final CommandServiceConfig.CallerLimit config;

    public CallerLimitFilter(RateBuckets buckets, SecurityIdentity identity, CommandServiceConfig config) {
        this.buckets = buckets;
        this.identity = identity;
        this.config = config.callerLimit();
    }

    @ServerRequestFilter
    public Response limit() {
        if (identity.isAnonymous()) {
            return null;
        }
        String caller = identity.getPrincipal().getName();
        RateBuckets.Grant grant = buckets.take("caller:" + caller, 1, config.requestsPerSecond(), config.burst());
        if (grant.granted() > 0) {
            return null;
        }
        long retryAfter = Math.max(1, (grant.waitMillis() + 999) / 1000);
        Problem tooMany = Problem.of(429, caller + " is over its limit of " + config.requestsPerSecond()
                + " requests/s (burst " + config.burst() + "); retry after " + retryAfter + " s");
        return Response.fromResponse(ProblemMappers.answer(tooMany)).header(HttpHeaders.RETRY_AFTER, retryAfter)
                .build();
    }
}
