package io.meterlink.testbed.cloudapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Alibaba Cloud's OpenAPI endpoints that the unmodified SDKs can be pointed at:
 * IoT Platform {@code Pub} (aliyun-java-sdk-iot, RPC signature) and SMS {@code SendSms}
 * (dysmsapi20170525, ACS3-HMAC-SHA256). Requests are authenticated exactly as Alibaba does — signature,
 * AccessKey, timestamp window, nonce replay — then throttled, optionally failed on purpose
 * ({@link #failNext}), validated and executed. {@code GET /sms} and {@code GET /pub} list what was
 * accepted, as JSON, for tests and people.
 *
 * <p>Runs on the JDK's HTTP server, in-process; start with {@link #start}, stop with {@link #close}.
 */
public final class CloudApiServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CloudApiServer.class.getName());
    private static final ObjectMapper JSON = JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

    static {
        // The JDK server leaves Nagle's algorithm on, so every answer waited ~40 ms for the client's delayed ACK:
        // latency Alibaba's endpoint does not add. Read once, when the JDK first creates an HttpServer.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final CloudApiSettings settings;
    private final HttpServer http;
    private final ExecutorService workers;
    private final RequestVerifier verifier;
    private final ActionThrottle throttle;
    private final FaultInjector faults = new FaultInjector();
    private final PubAction pub;
    private final SendSmsAction sendSms;
    private final Map<String, OpenApiAction> actions;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CloudApiServer(CloudApiSettings settings, PubHandler pubHandler) throws IOException {
        this.settings = settings;
        this.verifier = new RequestVerifier(settings);
        this.throttle = new ActionThrottle(settings.quotas());
        this.pub = new PubAction(pubHandler, settings.clock());
        this.sendSms = new SendSmsAction(settings);
        this.actions = Map.of(pub.name(), pub, sendSms.name(), sendSms);
        this.http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
        AtomicInteger threadCount = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(4, runnable -> {
            Thread t = new Thread(runnable, "cloud-api-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(workers);
        http.createContext("/", this::handle);
    }

    /**
     * Starts the server on {@code settings.host():settings.port()} (port 0 = any free port).
     *
     * @param pubHandler receives every valid {@code Pub}
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static CloudApiServer start(CloudApiSettings settings, PubHandler pubHandler) {
        try {
            CloudApiServer server = new CloudApiServer(settings, pubHandler);
            server.http.start();
            LOG.log(Level.INFO, "Alibaba OpenAPI stand-in listening on {0} ({1})", server.endpoint(), settings);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + settings.host() + ":" + settings.port(), e);
        }
    }

    /** {@code host:port}, what the SDKs take as endpoint ({@code setSysEndpoint}, {@code Config.setEndpoint}). */
    public String endpoint() {
        return settings.host() + ":" + port();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public CloudApiSettings settings() {
        return settings;
    }

    /** Every SMS accepted so far, oldest first. */
    public List<SentSms> smsLog() {
        return sendSms.log();
    }

    /** Every {@code Pub} the handler delivered so far, oldest first. */
    public List<AcceptedPub> pubLog() {
        return pub.log();
    }

    /**
     * Makes the next {@code times} properly signed calls of {@code action} fail with {@code code} instead of
     * being processed. Known gateway codes ({@code Throttling.User}, {@code ServiceUnavailable},
     * {@code InternalError}, {@code SignatureDoesNotMatch}, …) come with their HTTP status, so the SDK throws;
     * any other code (e.g. {@code isv.BUSINESS_LIMIT_CONTROL}, {@code iot.messagebroker.OFFLINE}) is a
     * business error answered with HTTP 200. Calls queue up in order.
     */
    public void failNext(String action, String code, int times) {
        if (!actions.containsKey(action)) {
            throw new IllegalArgumentException("unknown action '" + action + "', expected one of " + actions.keySet());
        }
        faults.failNext(action, code, times);
    }

    /** Drops failures queued by {@link #failNext} that were not consumed yet. */
    public void clearFailures() {
        faults.clear();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            if ("GET".equals(method) && "/sms".equals(path)) {
                writeSmsListing(exchange);
            } else if ("GET".equals(method) && "/pub".equals(path)) {
                writeListing(exchange, pubListing());
            } else {
                serveOpenApi(exchange, method, path);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "request failed: " + exchange.getRequestMethod() + " " + exchange.getRequestURI(), e);
        }
    }

    private void serveOpenApi(HttpExchange exchange, String method, String path) throws IOException {
        String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        RawRequest request = new RawRequest(method, path, exchange.getRequestURI().getRawQuery(), headers,
                exchange.getRequestBody().readAllBytes());
        OpenApiAction action = null;
        try {
            VerifiedCall call = verifier.verify(request);
            action = actionFor(call);
            if (!throttle.tryAdmit(action.name())) {
                throw new ApiErrorException(ApiError.gateway("Throttling.User"));
            }
            Optional<String> injected = faults.take(action.name());
            if (injected.isPresent()) {
                throw new ApiErrorException(ApiError.injected(injected.get()));
            }
            writeJson(exchange, 200, requestId, action.invoke(call, requestId));
        } catch (ApiErrorException e) {
            writeError(exchange, requestId, action != null ? action : guessAction(request), e.error());
        }
    }

    private OpenApiAction actionFor(VerifiedCall call) {
        OpenApiAction action = actions.get(call.action());
        if (action == null) {
            throw new ApiErrorException(ApiError.gateway("InvalidAction.NotFound",
                    "Action '" + call.action() + "' is not emulated; available: " + actions.keySet() + "."));
        }
        if (!action.version().equals(call.version())) {
            throw new ApiErrorException(ApiError.gateway("InvalidVersion",
                    call.action() + " exists in version " + action.version() + ", not '" + call.version() + "'."));
        }
        return action;
    }

    /** For errors raised before the call was verified: the action named by the request, if any. */
    private OpenApiAction guessAction(RawRequest request) {
        String name = request.header("x-acs-action");
        if (name == null) {
            String query = request.rawQuery();
            try {
                name = PercentEncoding.decodeForm(query).get("Action");
            } catch (IllegalArgumentException e) {
                name = null;
            }
        }
        return name == null ? null : actions.get(name);
    }

    private void writeError(HttpExchange exchange, String requestId, OpenApiAction action, ApiError error)
            throws IOException {
        if (!error.isGateway() && action != null) {
            writeJson(exchange, 200, requestId, action.businessError(requestId, error));
            return;
        }
        // Refusals at the gateway are what people debug a misconfigured service with; no secret is in them.
        LOG.log(Level.INFO, "{0} refused: {1} {2} (RequestId {3})",
                action != null ? action.name() : "request", error.code(), error.message().replace("\n", "\\n"), requestId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId);
        body.put("HostId", action != null ? action.hostId(settings.regionId()) : endpoint());
        body.put("Code", error.code());
        body.put("Message", error.message());
        body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + error.code()
                + (action != null ? "&product=" + action.product() : ""));
        writeJson(exchange, error.isGateway() ? error.httpStatus() : 400, requestId, body);
    }

    private void writeSmsListing(HttpExchange exchange) throws IOException {
        String phone;
        try {
            phone = PercentEncoding.decodeForm(exchange.getRequestURI().getRawQuery()).get("phone");
        } catch (IllegalArgumentException e) {
            writeJson(exchange, 400, null, Map.of("message", "query parameter phone: " + e.getMessage()));
            return;
        }
        writeListing(exchange, smsListing(phone));
    }

    private List<Map<String, Object>> smsListing(String phone) {
        return smsLog().stream()
                .filter(sms -> phone == null || phone.isEmpty() || sms.sentTo(phone))
                .map(sms -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("bizId", sms.bizId());
                    row.put("phoneNumbers", sms.phoneNumbers());
                    row.put("signName", sms.signName());
                    row.put("templateCode", sms.templateCode());
                    row.put("templateParam", sms.templateParam());
                    row.put("outId", sms.outId());
                    row.put("receivedAt", sms.receivedAt().toString());
                    return row;
                })
                .toList();
    }

    private List<Map<String, Object>> pubListing() {
        return pubLog().stream()
                .map(p -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("messageId", p.messageId());
                    row.put("productKey", p.productKey());
                    row.put("topicFullName", p.topicFullName());
                    row.put("qos", p.qos());
                    row.put("iotInstanceId", p.iotInstanceId());
                    row.put("messageContent", Base64.getEncoder().encodeToString(p.content()));
                    row.put("text", new String(p.content(), StandardCharsets.UTF_8));
                    row.put("receivedAt", p.receivedAt().toString());
                    return row;
                })
                .toList();
    }

    private void writeListing(HttpExchange exchange, Object listing) throws IOException {
        writeJson(exchange, 200, null, listing);
    }

    private static void writeJson(HttpExchange exchange, int status, String requestId, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot serialize answer", e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        if (requestId != null) {
            exchange.getResponseHeaders().set("x-acs-request-id", requestId);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
