package io.meterlink.alert.rest;

import io.meterlink.alert.config.RoutingConfig;
import io.meterlink.alert.notification.OnCallRouting;
import io.meterlink.alert.repository.OnCallRepository;
import io.meterlink.alert.service.OnCallDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** On-call routing: everyone on the desk may read it, only admins change it. */
@Path("/api/oncall")
@Produces(MediaType.APPLICATION_JSON)
public class OnCallResource {

    /** E.164-like: optional +, 5 to 20 digits. Alibaba validates further and the outbox records its verdict. */
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");
    private static final Pattern PRODUCT_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    OnCallDirectory directory;

    @Inject
    OnCallRepository repository;

    @Inject
    RoutingConfig config;

    @GET
    @RolesAllowed({"operator", "admin"})
    public OnCallView get() {
        OnCallRouting routing = directory.current();
        TreeSet<String> products = new TreeSet<>(config.products().keySet());
        products.addAll(repository.byProduct().keySet());
        Map<String, OnCallView.Route> routes = new TreeMap<>();
        for (String product : products) {
            routes.put(product, new OnCallView.Route(routing.recipientsFor(product), routing.sourceFor(product)));
        }
        return new OnCallView(config.defaultRecipients(), routes);
    }

    @PUT
    @Path("/{productKey}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Transactional
    public Response put(@PathParam("productKey") String productKey, RecipientsRequest request) {
        if (!PRODUCT_KEY.matcher(productKey).matches()) {
            throw new BadRequestField("productKey", "productKey must be 1-64 letters, digits, _ or -");
        }
        if (request == null || request.phoneNumbers() == null || request.phoneNumbers().isEmpty()) {
            throw new BadRequestField("phoneNumbers", "phoneNumbers must list at least one number");
        }
        LinkedHashSet<String> numbers = new LinkedHashSet<>();
        for (String n : request.phoneNumbers()) {
            if (n == null || !PHONE.matcher(n.trim()).matches()) {
                throw new BadRequestField("phoneNumbers", "phoneNumbers must be 5-20 digits with an optional +, not '"
                        + n + "'");
            }
            numbers.add(n.trim());
        }
        repository.replace(productKey, List.copyOf(numbers), Instant.now());
        return Response.ok(new OnCallView.Route(List.copyOf(numbers), "database")).build();
    }

    @DELETE
    @Path("/{productKey}")
    @RolesAllowed("admin")
    @Transactional
    public Response delete(@PathParam("productKey") String productKey) {
        return repository.remove(productKey) > 0 ? Response.noContent().build()
                : Response.status(Response.Status.NOT_FOUND)
                        .entity(new ApiError("no on-call numbers stored for product " + productKey, "productKey"))
                        .build();
    }
}
