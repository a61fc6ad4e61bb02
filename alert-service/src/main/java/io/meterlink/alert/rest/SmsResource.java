package io.meterlink.alert.rest;

import io.meterlink.alert.repository.SmsFilter;
import io.meterlink.alert.repository.SmsKind;
import io.meterlink.alert.repository.SmsRepository;
import io.meterlink.alert.repository.SmsStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Context;

import java.util.List;

/** The SMS outbox with the state of every message: queued, sent (with BizId) or failed (with Alibaba's code). */
@Path("/api/sms")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "admin"})
public class SmsResource {

    @Inject
    SmsRepository sms;

    @GET
    public PageView<SmsView> list(@QueryParam("status") String status, @QueryParam("kind") String kind,
            @QueryParam("alertId") Long alertId, @QueryParam("phoneNumber") String phoneNumber,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size,
            @Context SecurityContext security) {
        boolean admin = security.isUserInRole("admin");
        String number = RequestParams.text(phoneNumber);
        if (number != null && !admin) {
            throw new BadRequestField("phoneNumber", "only admins may search by phone number");
        }
        SmsFilter filter = new SmsFilter(RequestParams.enumValue("status", status, SmsStatus.class),
                RequestParams.enumValue("kind", kind, SmsKind.class), alertId, number);
        int p = RequestParams.page(page);
        int s = RequestParams.size(size);
        List<SmsView> items = sms.search(filter, p, s).stream().map(m -> SmsView.of(m, admin)).toList();
        return new PageView<>(items, p, s, sms.count(filter));
    }
}
