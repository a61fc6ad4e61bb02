package io.meterlink.testbed.cloudapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SMS {@code SendSms} (Dysmsapi 2017-05-25): validates recipients, signature, template and template
 * parameters the way Alibaba's SMS service does, records every accepted message, and answers
 * {@code {"Code":"OK","Message":"OK","BizId","RequestId"}}. Missing required parameters are gateway
 * errors ({@code Missing<Param>}, HTTP 400); everything else is an {@code isv.*} code with HTTP 200.
 */
final class SendSmsAction implements OpenApiAction {

    /** Strict: "{...} trailing" is not a JSON object either. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final CloudApiSettings settings;
    private final List<SentSms> log = new CopyOnWriteArrayList<>();
    private final AtomicLong bizIdSequence = new AtomicLong(900_000_000_000_000L);

    SendSmsAction(CloudApiSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "SendSms";
    }

    @Override
    public String version() {
        return "2017-05-25";
    }

    @Override
    public String product() {
        return "Dysmsapi";
    }

    @Override
    public String hostId(String regionId) {
        return "dysmsapi.aliyuncs.com";
    }

    List<SentSms> log() {
        return List.copyOf(log);
    }

    @Override
    public Map<String, Object> invoke(VerifiedCall call, String requestId) {
        List<String> phones = phoneNumbers(required(call, "PhoneNumbers"));
        String signName = required(call, "SignName");
        String templateCode = required(call, "TemplateCode");
        if (!settings.smsSignNames().isEmpty() && !settings.smsSignNames().contains(signName)) {
            throw refuse("isv.SMS_SIGNATURE_ILLEGAL", "SignName: '" + signName + "' is not an approved signature.");
        }
        Set<String> variables = settings.smsTemplates().get(templateCode);
        if (!settings.smsTemplates().isEmpty() && variables == null) {
            throw refuse("isv.SMS_TEMPLATE_ILLEGAL", "TemplateCode: '" + templateCode + "' is not an approved template.");
        }
        String templateParam = emptyToNull(call.param("TemplateParam"));
        Set<String> provided = templateParam == null ? Set.of() : templateVariables(templateParam);
        if (variables != null && !provided.containsAll(variables)) {
            Set<String> missing = new TreeSet<>(variables);
            missing.removeAll(provided);
            throw refuse("isv.TEMPLATE_MISSING_PARAMETERS",
                    "TemplateParam: template " + templateCode + " needs " + missing + ".");
        }
        String bizId = bizIdSequence.incrementAndGet() + "^0";
        log.add(new SentSms(bizId, phones, signName, templateCode, templateParam, emptyToNull(call.param("OutId")),
                settings.clock().instant()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Code", "OK");
        body.put("Message", "OK");
        body.put("BizId", bizId);
        body.put("RequestId", requestId);
        return body;
    }

    @Override
    public Map<String, Object> businessError(String requestId, ApiError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Code", error.code());
        body.put("Message", error.message());
        body.put("RequestId", requestId);
        return body;
    }

    private static List<String> phoneNumbers(String value) {
        String[] parts = value.split(",", -1);
        if (parts.length > SmsRules.MAX_PHONE_NUMBERS) {
            throw refuse("isv.MOBILE_COUNT_OVER_LIMIT", "PhoneNumbers: " + parts.length + " numbers, at most "
                    + SmsRules.MAX_PHONE_NUMBERS + " per call.");
        }
        List<String> phones = new ArrayList<>(parts.length);
        for (String phone : parts) {
            if (!SmsRules.isMobileNumber(phone)) {
                throw refuse("isv.MOBILE_NUMBER_ILLEGAL", "PhoneNumbers: '" + phone
                        + "' is not a mainland mobile number (1[3-9] and 9 digits, optional +86/0086).");
            }
            phones.add(phone);
        }
        return phones;
    }

    /** Names in a TemplateParam, which must be a JSON object of string values (Alibaba refuses numbers). */
    private static Set<String> templateVariables(String templateParam) {
        JsonNode node;
        try {
            node = JSON.readTree(templateParam);
        } catch (JsonProcessingException e) {
            throw refuse("isv.INVALID_JSON_PARAM", "TemplateParam is not valid JSON: " + e.getOriginalMessage() + ".");
        }
        if (node == null || !node.isObject()) {
            throw refuse("isv.INVALID_JSON_PARAM", "TemplateParam must be a JSON object, e.g. {\"code\":\"1234\"}.");
        }
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw refuse("isv.INVALID_JSON_PARAM", "TemplateParam: variable '" + field.getKey()
                        + "' must be a string, got " + field.getValue().getNodeType() + ".");
            }
            names.add(field.getKey());
        }
        return names;
    }

    private static String required(VerifiedCall call, String name) {
        String value = call.param(name);
        if (value == null || value.isEmpty()) {
            throw new ApiErrorException(ApiError.missing(name));
        }
        return value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static ApiErrorException refuse(String code, String message) {
        return new ApiErrorException(ApiError.business(code, message));
    }
}
