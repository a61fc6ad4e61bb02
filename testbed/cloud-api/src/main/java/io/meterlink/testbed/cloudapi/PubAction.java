package io.meterlink.testbed.cloudapi;

import io.meterlink.domain.topic.DeviceIdentityRules;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * IoT Platform {@code Pub} (2018-01-20): checks ProductKey, TopicFullName, MessageContent and Qos with
 * IoT Platform's error codes (answered as {@code Success:false}, HTTP 200, as Alibaba does), then hands
 * the decoded message to the {@link PubHandler}.
 */
final class PubAction implements OpenApiAction {

    private static final System.Logger LOG = System.getLogger(PubAction.class.getName());

    private final PubHandler handler;
    private final Clock clock;
    private final List<AcceptedPub> log = new CopyOnWriteArrayList<>();

    PubAction(PubHandler handler, Clock clock) {
        this.handler = handler;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "Pub";
    }

    @Override
    public String version() {
        return "2018-01-20";
    }

    @Override
    public String product() {
        return "Iot";
    }

    @Override
    public String hostId(String regionId) {
        return "iot." + regionId + ".aliyuncs.com";
    }

    List<AcceptedPub> log() {
        return List.copyOf(log);
    }

    @Override
    public Map<String, Object> invoke(VerifiedCall call, String requestId) {
        String productKey = call.param("ProductKey");
        if (productKey == null || productKey.isEmpty()) {
            throw refuse("iot.prod.NullProductKey", "ProductKey cannot be empty.");
        }
        DeviceIdentityRules.productKeyProblem(productKey).ifPresent(problem -> {
            throw refuse("iot.prod.InvalidFormattedProductkey", "ProductKey: " + problem + ".");
        });
        String topic = call.param("TopicFullName");
        if (topic == null || topic.isEmpty()) {
            throw refuse("iot.messagebroker.NullTopicName", "TopicFullName cannot be empty.");
        }
        topicProblem(productKey, topic).ifPresent(problem -> {
            throw refuse("iot.messagebroker.InvalidFormattedTopicName", "TopicFullName: " + problem + ".");
        });
        String encoded = call.param("MessageContent");
        if (encoded == null || encoded.isEmpty()) {
            throw refuse("iot.messagebroker.NullMessageContent", "MessageContent cannot be empty.");
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw refuse("iot.messagebroker.MessageContentIsNotBase64Encode",
                    "MessageContent is not base64 encoded: " + e.getMessage() + ".");
        }
        int qos = qos(call.param("Qos"));
        String instanceId = call.param("IotInstanceId");
        String iotInstanceId = instanceId == null || instanceId.isEmpty() ? null : instanceId;

        PubOutcome outcome;
        try {
            outcome = handler.publish(productKey, topic, content, qos, iotInstanceId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Pub handler failed for " + topic, e);
            throw refuse("iot.system.SystemException", "A system exception occurred.");
        }
        if (outcome instanceof PubOutcome.Refused refused) {
            throw refuse(refused.code(), refused.message());
        }
        String messageId = ((PubOutcome.Delivered) outcome).messageId();
        log.add(new AcceptedPub(messageId, productKey, topic, content, qos, iotInstanceId, clock.instant()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId);
        body.put("Success", true);
        body.put("MessageId", messageId);
        return body;
    }

    @Override
    public Map<String, Object> businessError(String requestId, ApiError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId);
        body.put("Success", false);
        body.put("Code", error.code());
        body.put("ErrorMessage", error.message());
        return body;
    }

    /** Qos defaults to 0 like Alibaba's; only 0 and 1 exist. */
    private static int qos(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        return switch (value) {
            case "0" -> 0;
            case "1" -> 1;
            default -> throw refuse("iot.system.IllegalRequest", "Qos must be 0 or 1, got '" + value + "'.");
        };
    }

    /**
     * Why {@code topic} is not a custom topic of one of {@code productKey}'s devices
     * ({@code /${productKey}/${deviceName}/user/${name...}}), or empty when it is.
     */
    static Optional<String> topicProblem(String productKey, String topic) {
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return Optional.of("'" + topic + "' contains a wildcard");
        }
        String prefix = "/" + productKey + "/";
        if (!topic.startsWith(prefix)) {
            return Optional.of("'" + topic + "' does not start with /" + productKey + "/ (the ProductKey)");
        }
        String[] levels = topic.substring(prefix.length()).split("/", -1);
        if (levels.length < 3 || !"user".equals(levels[1])) {
            return Optional.of("'" + topic + "' is not /" + productKey + "/${deviceName}/user/${topicName}");
        }
        Optional<String> deviceProblem = DeviceIdentityRules.deviceNameProblem(levels[0]);
        if (deviceProblem.isPresent()) {
            return deviceProblem;
        }
        for (int i = 2; i < levels.length; i++) {
            if (levels[i].isEmpty()) {
                return Optional.of("'" + topic + "' has an empty level");
            }
        }
        return Optional.empty();
    }

    private static ApiErrorException refuse(String code, String message) {
        return new ApiErrorException(ApiError.business(code, message));
    }
}
