package io.meterlink.testbed.simulator;

import io.meterlink.testbed.embedded.ArtemisBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Benchmark program (not a test): how long N meters take to connect and what they cost in heap and threads, for the
 * simulator's Vert.x fleet and, for comparison, one Paho {@code MqttAsyncClient} per meter. Run the broker in its own
 * JVM so its memory is not counted:
 *
 * <pre>
 * java -cp CP io.meterlink.testbed.simulator.FleetConnectBenchmark broker            # prints tcp://127.0.0.1:PORT
 * java -cp CP io.meterlink.testbed.simulator.FleetConnectBenchmark vertx tcp://127.0.0.1:PORT 1000
 * java -cp CP io.meterlink.testbed.simulator.FleetConnectBenchmark paho  tcp://127.0.0.1:PORT 1000
 * </pre>
 *
 * Each client run connects the fleet twice in one JVM (cold, then warm) and prints one line per run.
 */
public final class FleetConnectBenchmark {

    private FleetConnectBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("broker")) {
            runBroker();
            return;
        }
        if (args.length != 3 || !(args[0].equals("vertx") || args[0].equals("paho"))) {
            System.err.println("usage: FleetConnectBenchmark broker | (vertx|paho) tcp://HOST:PORT METERS");
            System.exit(2);
        }
        String uri = args[1];
        int meters = Integer.parseInt(args[2]);
        for (String run : List.of("cold", "warm")) {
            List<MeterIdentity> fleet = TestMeters.create("bench" + run + args[0], meters);
            if (args[0].equals("vertx")) {
                measureVertx(run, uri, fleet);
            } else {
                measurePaho(run, uri, fleet);
            }
        }
    }

    private static void runBroker() throws InterruptedException {
        ArtemisBroker broker = ArtemisBroker.builder("benchmark").amqpPort(-1).persistent(false).start();
        System.out.println(broker.mqttUri());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        Thread.currentThread().join();
    }

    private static void measureVertx(String run, String uri, List<MeterIdentity> meters) throws Exception {
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = threads();
        long start = System.nanoTime();
        MeterFleet fleet = MeterFleet.builder().meters(meters).platform(uri).interval(Duration.ofMinutes(15))
                .connectAttempts(3).build().start();
        while (fleet.allConnectedAfter().isEmpty()) {
            if (fleet.failure().isPresent()) {
                throw new IllegalStateException(fleet.failure().get());
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        long connectedNanos = System.nanoTime() - start;
        report("vertx", run, meters.size(), connectedNanos, usedHeapAfterGc() - heapBefore,
                threads() - threadsBefore);
        fleet.stop();
    }

    private static void measurePaho(String run, String uri, List<MeterIdentity> meters) throws Exception {
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = threads();
        long start = System.nanoTime();
        List<MqttAsyncClient> clients = new ArrayList<>();
        List<IMqttToken> tokens = new ArrayList<>();
        for (MeterIdentity meter : meters) {
            MqttAsyncClient client = new MqttAsyncClient(uri, meter.deviceName(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setKeepAliveInterval(300);
            options.setMaxInflight(10);
            clients.add(client);
            tokens.add(client.connect(options));
        }
        for (IMqttToken token : tokens) {
            token.waitForCompletion(30_000);
        }
        long connectedNanos = System.nanoTime() - start;
        report("paho", run, meters.size(), connectedNanos, usedHeapAfterGc() - heapBefore,
                threads() - threadsBefore);
        for (MqttAsyncClient client : clients) {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
    }

    private static void report(String client, String run, int meters, long nanos, long heapBytes, int threads) {
        System.out.printf(Locale.ROOT, "%-5s %-4s %,7d meters connected in %6.2f s  heap +%6.1f MiB (%5.1f KiB/meter)"
                        + "  threads +%d%n", client, run, meters, nanos / 1e9, heapBytes / 1048576.0,
                heapBytes / 1024.0 / meters, threads);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
