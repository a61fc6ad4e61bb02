package io.meterlink.command.gateway;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.iot.model.v20180120.PubRequest;
import com.aliyuncs.iot.model.v20180120.PubResponse;
import com.aliyuncs.profile.DefaultProfile;
import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.domain.topic.TopicMapping;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * Alibaba Cloud IoT Platform downlink: one {@code Pub} call (aliyun-java-sdk-iot, RPC 2018-01-20) per command to the
 * meter's {@code /pk/dn/user/cmd/down} topic, payload Base64-encoded, QoS 1 so the platform keeps it for an offline
 * meter. The SDK's own retries are off: retrying is the sender's decision, made on the error code.
 */
@Startup
@ApplicationScoped
public class PlatformGateway implements CommandGateway {

    /** Code for failures that never reached a platform answer and carry no code of their own. */
    public static final String UNEXPECTED = "SDK.Unexpected";

    private static final Logger LOG = Logger.getLogger(PlatformGateway.class);

    private final CommandServiceConfig.Platform config;
    private final DefaultAcsClient client;
    private final ProtocolType protocol;

    public PlatformGateway(CommandServiceConfig config) {
        this.config = config.platform();
        this.protocol = ProtocolType.valueOf(this.config.protocol().toUpperCase());
        DefaultProfile profile = DefaultProfile.getProfile(this.config.regionId(), this.config.accessKeyId(),
                this.config.accessKeySecret());
        HttpClientConfig http = HttpClientConfig.getDefault();
        http.setProtocolType(protocol);
        http.setConnectionTimeoutMillis(this.config.connectTimeout().toMillis());
        http.setReadTimeoutMillis(this.config.readTimeout().toMillis());
        // One connection per sender worker, kept alive: a TLS handshake per Pub would cost more than the call.
        int workers = Math.max(1, config.sender().workers());
        http.setMaxRequestsPerHost(workers);
        http.setMaxIdleConnections(workers);
        profile.setHttpClientConfig(http);
        profile.setCloseTrace(true);
        this.client = new DefaultAcsClient(profile);
        client.setAutoRetry(false);
        client.setMaxRetryNumber(0);
    }

    @Override
    public SendOutcome send(String productKey, String deviceName, String payload) {
        PubRequest request = new PubRequest();
        request.setSysEndpoint(config.endpoint());
        request.setSysProtocol(protocol);
        request.setProductKey(productKey);
        request.setTopicFullName(TopicMapping.cmdDown(productKey, deviceName).fullName());
        request.setMessageContent(Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.US_ASCII)));
        request.setQos(config.qos());
        config.instanceId().filter(id -> !id.isBlank()).ifPresent(request::setIotInstanceId);
        try {
            PubResponse response = client.getAcsResponse(request);
            if (Boolean.TRUE.equals(response.getSuccess()) && response.getMessageId() != null) {
                return new SendOutcome.Delivered(response.getMessageId());
            }
            return new SendOutcome.Refused(orUnexpected(response.getCode()), response.getErrorMessage());
        } catch (ClientException e) {
            // ServerException (5xx) is a ClientException too; both carry Alibaba's error code.
            return new SendOutcome.Refused(orUnexpected(e.getErrCode()), e.getErrMsg());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Pub to %s/%s failed unexpectedly", productKey, deviceName);
            return new SendOutcome.Refused(UNEXPECTED, e.toString());
        }
    }

    @PreDestroy
    void close() {
        client.shutdown();
    }

    private static String orUnexpected(String code) {
        return code == null || code.isBlank() ? UNEXPECTED : code;
    }
}
