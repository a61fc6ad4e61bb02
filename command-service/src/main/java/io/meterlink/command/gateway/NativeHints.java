package io.meterlink.command.gateway;

import com.aliyuncs.http.clients.ApacheHttpClient;
import com.aliyuncs.iot.model.v20180120.PubResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.paho.client.mqttv3.logging.JSR47Logger;

/**
 * What the two client libraries look up by name at run time, registered for a native image: the Alibaba SDK
 * instantiates its HTTP client and response classes reflectively, Paho its logger. (Their resource files are listed
 * under {@code quarkus.native.resources.includes}.)
 */
@RegisterForReflection(targets = {ApacheHttpClient.class, PubResponse.class, JSR47Logger.class})
final class NativeHints {

    private NativeHints() {
    }
}
