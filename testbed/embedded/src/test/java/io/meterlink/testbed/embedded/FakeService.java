package io.meterlink.testbed.embedded;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for a packaged Quarkus service, small enough to be put in a jar by {@link ServiceProcessTest}: it reads
 * {@code quarkus.http.port}, answers {@code /q/health/ready} and {@code /q/metrics}, prints the configuration it was
 * given, and says on stdout whether it was stopped gracefully. {@code -Dfake.exit=N} makes it fail at start-up the
 * way a service with missing configuration does. One class without inner classes, so the jar needs nothing else.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        String exit = System.getProperty("fake.exit");
        if (exit != null) {
            System.out.println("SRCFG00014: The config property fake.required is required but it could not be found");
            System.exit(Integer.parseInt(exit));
        }
        System.out.println("property fake.greeting=" + System.getProperty("fake.greeting"));
        System.out.println("env FAKE_COLOUR=" + System.getenv("FAKE_COLOUR"));
        System.out.println("env METERLINK_FAKE_ACCESS_KEY_ID=" + System.getenv("METERLINK_FAKE_ACCESS_KEY_ID"));
        System.out.println("working directory " + System.getProperty("user.dir"));
        int port = Integer.parseInt(System.getProperty("quarkus.http.port"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/q/metrics", exchange -> {
            byte[] body = ("# TYPE fake_requests_total counter\n"
                    + "fake_requests_total{path=\"a\"} 2.0\n"
                    + "fake_requests_total{path=\"b\"} 3.0\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            System.out.println("stopped gracefully");
        }));
        System.out.println("listening on " + port);
    }
}
