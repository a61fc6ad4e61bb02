package io.meterlink.command.rest;


import io.meterlink.api.Roles;
import io.meterlink.command.repository.ProductMigration;
import io.meterlink.command.service.MeterService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;


import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** How far the move to the IoT Platform has got, per product. */
@Path("/api/v1/migration")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Migration")
@APIResponse(responseCode = "429", description = "The caller is over its request limit; see Retry-After")
public class MigrationResource {

    /** Per-product counts plus their sum over all products. */
    @RegisterForReflection
    public record MigrationView(List<ProductMigration> products, ProductMigration all) {
    }

    private final MeterService meters;

    public MigrationResource(MeterService meters) {
        this.meters = meters;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Per product: meters on the platform, still on legacy, never seen")
    @APIResponse(responseCode = "200", description = "Counts per product and over all products")
    public MigrationView get() {
        List<ProductMigration> products = meters.migration();
        ProductMigration all = products.stream().reduce(new ProductMigration("*", 0, 0, 0, 0, 0),
                (a, b) -> new ProductMigration("*", a.total() + b.total(), a.platform() + b.platform(),
                        a.legacy() + b.legacy(), a.neverSeen() + b.neverSeen(), a.overridden() + b.overridden()));
        return new MigrationView(products, all);
    }
}
