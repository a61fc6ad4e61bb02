package io.meterlink.ingest.support;

import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.quarkus.IotPlatformResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * {@link IotPlatformResource} started with the thread context class loader set to the loader of the stand-in's own
 * classes. Artemis finds its protocol managers through the context class loader and its thread pools keep the one
 * they were created with; when Quarkus starts test resources under its own class loader, the broker would otherwise
 * mix two copies of its classes ("ProtonProtocolManagerFactory not a subtype", loader-constraint violations on the
 * first device CONNECT).
 */
public class StandInPlatform implements QuarkusTestResourceLifecycleManager {

    private final IotPlatformResource delegate = new IotPlatformResource();

    @Override
    public void init(Map<String, String> initArgs) {
        delegate.init(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(IotPlatform.class.getClassLoader());
        try {
            return delegate.start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void stop() {
        delegate.stop();
    }
}
