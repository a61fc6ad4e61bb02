package io.meterlink.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents, once for every service, the error responses every public operation can give whatever it does — 401,
 * 403, 500 and 503 — and gives every 4xx/5xx response of the public API the {@value Problem#MEDIA_TYPE} body, so
 * resources annotate only the statuses that are their own (400 naming a field, 404, 409...) with a description.
 * Runs at build time, over the whole document.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    /** The schema name every problem response refers to. */
    public static final String SCHEMA = "Problem";

    private static final Map<String, String> EVERY_OPERATION = new LinkedHashMap<>();

    static {
        EVERY_OPERATION.put("401", "No valid bearer token");
        EVERY_OPERATION.put("403", "The token's roles do not allow this operation");
        EVERY_OPERATION.put("500", "Unexpected failure (details in the service log only)");
        EVERY_OPERATION.put("503", "The database failed for a passing reason; nothing was changed, retry after "
                + "Retry-After");
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        ensureProblemSchema(openAPI);
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Operation operation : path.getValue().getOperations().values()) {
                if (operation.getResponses() == null) {
                    operation.setResponses(OASFactory.createAPIResponses());
                }
                EVERY_OPERATION.forEach((status, description) ->
                        operation.getResponses().addAPIResponse(status, problem(description)));
                operation.getResponses().getAPIResponses().forEach((status, response) -> {
                    if (status.matches("[45]\\d\\d") && response.getContent() == null) {
                        response.setContent(problem(response.getDescription()).getContent());
                    }
                });
            }
        }
    }

    /** A response whose body is a problem. */
    public static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema()
                                .ref("#/components/schemas/" + SCHEMA))));
    }

    /** The Problem schema, unless an annotation on a resource already brought it. */
    private static void ensureProblemSchema(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        if (components.getSchemas() != null && components.getSchemas().containsKey(SCHEMA)) {
            return;
        }
        Schema fieldError = object("One invalid field and why")
                .addProperty("field", string())
                .addProperty("message", string());
        components.addSchema(SCHEMA, object("RFC 9457 problem details")
                .addProperty("type", string())
                .addProperty("title", string())
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", string())
                .addProperty("field", string())
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError)));
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description(description);
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }
}
