package io.meterlink.testbed.cloudapi;

import com.aliyun.dysmsapi20170525.models.SendSmsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.iot.model.v20180120.PubRequest;
import com.aliyuncs.profile.DefaultProfile;
import java.util.Base64;

/**
 * The real Alibaba SDK clients, configured the way the services configure them, but pointed at a
 * {@link CloudApiServer}: aliyun-java-sdk-iot for {@code Pub}, dysmsapi20170525 (tea) for {@code SendSms}.
 */
final class AlibabaSdks {

    static final String ACCESS_KEY_ID = "LTAI5tCloudApiTest";
    static final String ACCESS_KEY_SECRET = "cloud-api-test-secret";
    static final String PRODUCT_KEY = "a1MeterLnk9";
    static final String INSTANCE_ID = "iot-testbed";

    private AlibabaSdks() {
    }

    static CloudApiSettings.Builder settings() {
        return CloudApiSettings.builder().accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    }

    static DefaultAcsClient iotClient(String accessKeyId, String accessKeySecret) {
        return new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", accessKeyId, accessKeySecret));
    }

    static DefaultAcsClient iotClient() {
        return iotClient(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    }

    static PubRequest pub(CloudApiServer server, String topic, byte[] content, int qos) {
        PubRequest request = new PubRequest();
        request.setSysEndpoint(server.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setProductKey(PRODUCT_KEY);
        request.setTopicFullName(topic);
        request.setMessageContent(Base64.getEncoder().encodeToString(content));
        request.setQos(qos);
        request.setIotInstanceId(INSTANCE_ID);
        return request;
    }

    static String cmdDown(String deviceName) {
        return "/" + PRODUCT_KEY + "/" + deviceName + "/user/cmd/down";
    }

    static com.aliyun.dysmsapi20170525.Client smsClient(CloudApiServer server, String accessKeyId,
            String accessKeySecret) throws Exception {
        return new com.aliyun.dysmsapi20170525.Client(new com.aliyun.teaopenapi.models.Config()
                .setAccessKeyId(accessKeyId)
                .setAccessKeySecret(accessKeySecret)
                .setEndpoint(server.endpoint())
                .setProtocol("HTTP"));
    }

    static com.aliyun.dysmsapi20170525.Client smsClient(CloudApiServer server) throws Exception {
        return smsClient(server, ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    }

    static SendSmsRequest sms(String phoneNumbers, String templateParam) {
        return new SendSmsRequest()
                .setPhoneNumbers(phoneNumbers)
                .setSignName("MeterLink 告警")
                .setTemplateCode("SMS_465780001")
                .setTemplateParam(templateParam);
    }
}
