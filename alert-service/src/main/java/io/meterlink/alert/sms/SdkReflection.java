package io.meterlink.alert.sms;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Alibaba's tea SDK maps requests and responses by reflecting over its model classes; registering them keeps a
 * native image able to do so.
 */
@RegisterForReflection(targets = {
    com.aliyun.dysmsapi20170525.models.SendSmsRequest.class,
    com.aliyun.dysmsapi20170525.models.SendSmsResponse.class,
    com.aliyun.dysmsapi20170525.models.SendSmsResponseBody.class,
    com.aliyun.teaopenapi.models.Config.class,
    com.aliyun.teaopenapi.models.OpenApiRequest.class,
    com.aliyun.teaopenapi.models.Params.class,
    com.aliyun.teautil.models.RuntimeOptions.class,
    com.aliyun.tea.TeaException.class
})
final class SdkReflection {

    private SdkReflection() {
    }
}
