package io.meterlink.alert.rest;

import io.meterlink.alert.repository.SmsFilter;
import io.meterlink.alert.repository.SmsKind;
import io.meterlink.alert.repository.SmsRepository;
import io.meterlink.alert.repository.SmsStatus;
import io.meterlink.api.ApiProblem;
import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.meterlink.api.QueryParams;
import io.meterlink.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;


import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The SMS outbox with the state of every message: queued, sent (with BizId) or failed (with Alibaba's code). */
@Path("/api/v1/sms")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Tag(name = "SMS", description = "The SMS outbox and the fate of every message")
public class SmsResource {

    /** Largest page a caller may ask for. */
    static final int MAX_PAGE_SIZE = 500;

    @Inject
    SmsRepository sms;

    @GET
    @Operation(summary = "Search the SMS outbox, newest first",
            description = "Numbers are masked (+86*******0000) for operators and shown whole to admins.")
    @APIResponse(responseCode = "200", description = "One page of matching SMS")
    @APIResponse(responseCode = "400", description = "A filter or paging parameter is invalid, or an operator "
            + "searched by phone number; field names it")
    public Page<SmsView> list(
            @Parameter(description = "QUEUED, SENT or FAILED (any case)") @QueryParam("status") String status,
            @Parameter(description = "ALERT or SUMMARY (any case)") @QueryParam("kind") String kind,
            @QueryParam("alertId") Long alertId,
            @Parameter(description = "Exact number; admins only") @QueryParam("phoneNumber") String phoneNumber,
            @Parameter(description = "Page, counting from 0") @QueryParam("page") Integer page,
            @Parameter(description = "Page size, 1 to 500 (default 50)") @QueryParam("size") Integer size,
            @Context SecurityContext security) {
        boolean admin = security.isUserInRole(Roles.ADMIN);
        String number = QueryParams.text(phoneNumber);
        if (number != null && !admin) {
            throw ApiProblem.invalid("phoneNumber", "only admins may search by phone number");
        }
        SmsFilter filter = new SmsFilter(QueryParams.enumOf("status", status, SmsStatus.class),
                QueryParams.enumOf("kind", kind, SmsKind.class), alertId, number);
        PageRequest p = PageRequest.of(page, size, MAX_PAGE_SIZE);
        return new Page<>(sms.search(filter, p.page(), p.size()).stream().map(m -> SmsView.of(m, admin)).toList(),
                p.page(), p.size(), sms.count(filter));
    }
}
