package io.meterlink.alert.sms;

import com.aliyun.dysmsapi20170525.Client;
import com.aliyun.dysmsapi20170525.models.SendSmsRequest;
import com.aliyun.dysmsapi20170525.models.SendSmsResponse;
import com.aliyun.dysmsapi20170525.models.SendSmsResponseBody;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;

/**
 * Alibaba Cloud SMS {@code SendSms} through the official SDK (dysmsapi 2017-05-25, ACS3-HMAC-SHA256 signed). The
 * SDK's own retries are off: whether to retry is the outbox's decision, because SendSms is not idempotent.
 */
public final class AlibabaSmsGateway implements SmsGateway {

    /** Connection settings; {@code endpoint} is {@code dysmsapi.aliyuncs.com} in production. */
    public record Settings(String endpoint, String protocol, String regionId, String accessKeyId,
            String accessKeySecret, int connectTimeoutMs, int readTimeoutMs) {

        @Override
        public String toString() {
            // Never let the secret reach a log line.
            return "Settings[endpoint=" + endpoint + ", protocol=" + protocol + ", regionId=" + regionId
                    + ", accessKeyId=" + accessKeyId + "]";
        }
    }

    private final Client client;
    private final RuntimeOptions runtime;

    public AlibabaSmsGateway(Settings settings) {
        Config config = new Config()
                .setAccessKeyId(settings.accessKeyId())
                .setAccessKeySecret(settings.accessKeySecret())
                .setEndpoint(settings.endpoint())
                .setProtocol(settings.protocol())
                .setRegionId(settings.regionId())
                .setConnectTimeout(settings.connectTimeoutMs())
                .setReadTimeout(settings.readTimeoutMs());
        try {
            this.client = new Client(config);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the Alibaba SMS client for " + settings, e);
        }
        this.runtime = new RuntimeOptions()
                .setAutoretry(false)
                .setMaxAttempts(1)
                .setConnectTimeout(settings.connectTimeoutMs())
                .setReadTimeout(settings.readTimeoutMs());
    }

    @Override
    public SendOutcome send(SmsRequest request) {
        SendSmsRequest call = new SendSmsRequest()
                .setPhoneNumbers(request.phoneNumber())
                .setSignName(request.signName())
                .setTemplateCode(request.templateCode())
                .setTemplateParam(request.templateParam())
                .setOutId(request.outId());
        try {
            SendSmsResponse response = client.sendSmsWithOptions(call, runtime);
            SendSmsResponseBody body = response.getBody();
            if (body == null) {
                return new SendOutcome.Unreachable("empty response, HTTP " + response.getStatusCode());
            }
            if ("OK".equals(body.getCode())) {
                return new SendOutcome.Accepted(body.getBizId(), body.getRequestId());
            }
            return new SendOutcome.Refused(body.getCode(), body.getMessage());
        } catch (TeaException e) {
            if (e.getCode() != null && !e.getCode().isBlank()) {
                return new SendOutcome.Refused(e.getCode(), e.getMessage());
            }
            return new SendOutcome.Unreachable(String.valueOf(e.getMessage()));
        } catch (Exception e) {
            return new SendOutcome.Unreachable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
