package io.meterlink.command.service;

import io.meterlink.api.ApiProblem;
import io.meterlink.domain.frame.CommandFrameCodec;
import io.meterlink.domain.frame.CommandFrameResult;
import io.meterlink.domain.frame.FrameRejection;
import io.meterlink.domain.topic.DeviceIdentityRules;
import java.util.List;

/** Checks of request values against meter-domain's rules, phrased as API field errors. */
public final class CommandArgs {

    private CommandArgs() {
    }

    /**
     * Validates arguments as a frame would carry them, with the longest possible seq, so whatever seq is allocated
     * later the frame is valid.
     *
     * @return the arguments joined with commas, as in the frame
     * @throws ApiProblem naming {@code args} or {@code args[i]}
     */
    public static String validate(String field, List<String> args) {
        CommandFrameResult result = CommandFrameCodec.validate(CommandFrameCodec.MAX_SEQ, args);
        if (result instanceof CommandFrameResult.Rejected rejected) {
            FrameRejection rejection = rejected.rejection();
            throw ApiProblem.invalid(fieldName(field, rejection.field()), rejection.detail());
        }
        return String.join(",", args);
    }

    /** {@code arg[2]} in meter-domain's terms is {@code args[2]} in the request body. */
    static String fieldName(String field, String frameField) {
        if (frameField != null && frameField.startsWith("arg[")) {
            return field + frameField.substring(3);
        }
        return field;
    }

    /** Validates a productKey / deviceName pair from a path or body. */
    public static void validateMeter(String productKeyField, String productKey, String deviceNameField,
            String deviceName) {
        validateProductKey(productKeyField, productKey);
        DeviceIdentityRules.deviceNameProblem(deviceName).ifPresent(problem -> {
            throw ApiProblem.invalid(deviceNameField, problem);
        });
    }

    /** Validates a productKey on its own (filters, product-wide jobs). */
    public static void validateProductKey(String field, String productKey) {
        DeviceIdentityRules.productKeyProblem(productKey).ifPresent(problem -> {
            throw ApiProblem.invalid(field, problem);
        });
    }
}
