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
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import org.apache.http.conn.ConnectTimeoutException;
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
    /** The SDK's code for a {@link SocketTimeoutException} (connect timeouts are Apache's own exception, not this). */
    static final String SDK_READ_TIMEOUT = "SDK.ReadTimeout";
    /** The SDK's code for every other {@link IOException}, whether or not the request was written. */
    static final String SDK_SERVER_UNREACHABLE = "SDK.ServerUnreachable";

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
            return new SendOutcome.Refused(orUnexpected(response.getCode()),
                    SignedUrls.scrub(response.getErrorMessage()));
        } catch (ClientException e) {
            // ServerException (5xx) is a ClientException too; both carry Alibaba's error code.
            return outcomeOf(e);
        } catch (RuntimeException e) {
            LOG.errorf("Pub to %s/%s failed unexpectedly: %s", productKey, deviceName, SignedUrls.scrub(e.toString()));
            return new SendOutcome.Refused(UNEXPECTED, SignedUrls.scrub(e.toString()));
        }
    }

    /**
     * What an SDK exception says about the Pub. aliyun-java-sdk-core 4.7.10 ({@code DefaultAcsClient.doRealAction})
     * turns a {@link SocketTimeoutException} into {@code SDK.ReadTimeout} and any other {@link IOException} into
     * {@code SDK.ServerUnreachable}, the I/O exception as cause; anything the platform answered keeps its own code.
     * Only a connection that never opened is known not to have carried the request (retry); a read timeout or a
     * connection lost once it was open may have delivered it (in doubt, never sent again).
     */
    static SendOutcome outcomeOf(ClientException e) {
        String code = orUnexpected(e.getErrCode());
        String message = SignedUrls.scrub(e.getErrMsg());
        if (SDK_READ_TIMEOUT.equals(code)) {
            return SendOutcome.inDoubt(code, "no answer within the read timeout; the platform may have taken it");
        }
        if (SDK_SERVER_UNREACHABLE.equals(code)) {
            Throwable cause = e.getCause();
            if (neverConnected(cause)) {
                return new SendOutcome.Refused(code, "connection failed before the request was sent: "
                        + SignedUrls.scrub(String.valueOf(cause)));
            }
            return SendOutcome.inDoubt(code, "connection lost after it was opened; the platform may have taken it: "
                    + SignedUrls.scrub(String.valueOf(cause)));
        }
        return new SendOutcome.Refused(code, message);
    }

    /** Failures of the connect phase (DNS, TCP connect, TLS handshake): nothing of the request left the client. */
    private static boolean neverConnected(Throwable cause) {
        return cause instanceof ConnectException // includes Apache's HttpHostConnectException
                || cause instanceof ConnectTimeoutException
                || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException
                || cause instanceof SSLHandshakeException;
    }

    @PreDestroy
    void close() {
        client.shutdown();
    }

    private static String orUnexpected(String code) {
        return code == null || code.isBlank() ? UNEXPECTED : code;
    }
}
