package io.meterlink.testbed.cloudapi;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A request exactly as an SDK sent it (captured by a throw-away endpoint), re-sendable byte for byte to
 * the real server: how replay and tampering are tested without signing anything in the test.
 *
 * @param pathAndQuery request target as sent, e.g. {@code /?Action=Pub&...}
 * @param headers      headers as sent (Host included, hop-by-hop ones dropped)
 */
record CapturedRequest(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {

    /** HTTP status and body of an answer. */
    record Answer(int status, String body) {
    }

    /**
     * Runs {@code sdkCall} against a capturing endpoint (which answers {@code cannedAnswer} with 200)
     * and returns what the SDK sent.
     */
    static CapturedRequest capture(String cannedAnswer, Consumer<String> sdkCall) throws IOException {
        HttpServer capture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<CapturedRequest> captured = new AtomicReference<>();
        capture.createContext("/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                if (!lower.equals("connection") && !lower.equals("content-length") && !lower.equals("transfer-encoding")) {
                    headers.put(name, values.get(0));
                }
            });
            captured.set(new CapturedRequest(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    headers, exchange.getRequestBody().readAllBytes()));
            byte[] answer = cannedAnswer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        capture.start();
        try {
            sdkCall.accept("127.0.0.1:" + capture.getAddress().getPort());
        } finally {
            capture.stop(0);
        }
        if (captured.get() == null) {
            throw new IllegalStateException("the SDK sent nothing");
        }
        return captured.get();
    }

    /** This request with {@code from} replaced by {@code to} in the request target. */
    CapturedRequest withTarget(String from, String to) {
        if (!pathAndQuery.contains(from)) {
            throw new IllegalArgumentException("'" + from + "' not in " + pathAndQuery);
        }
        return new CapturedRequest(method, pathAndQuery.replace(from, to), headers, body);
    }

    /** Sends the request unchanged (Host header included) to {@code port} and reads the answer. */
    Answer sendTo(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("Connection: close\r\n\r\n");
            request.write(head.toString().getBytes(StandardCharsets.UTF_8));
            request.write(body);
            socket.getOutputStream().write(request.toByteArray());
            socket.getOutputStream().flush();
            return parse(socket.getInputStream());
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int status = Integer.parseInt(response.substring(9, 12));
        int bodyStart = response.indexOf("\r\n\r\n");
        return new Answer(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
    }
}
