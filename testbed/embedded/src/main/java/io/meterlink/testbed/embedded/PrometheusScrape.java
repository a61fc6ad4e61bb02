package io.meterlink.testbed.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads a service's {@code /q/metrics} (Prometheus text format) and sums the samples of one metric, whatever its
 * labels: how the local run's status line, the cross-service tests and the benchmarks get their figures from the
 * services without touching their databases.
 */
public final class PrometheusScrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String text;

    private PrometheusScrape(String text) {
        this.text = text;
    }

    /** Scrapes {@code baseUrl + /q/metrics}; an unreachable service yields an empty scrape (figures read as -1). */
    public static PrometheusScrape of(String baseUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new PrometheusScrape(response.statusCode() == 200 ? response.body() : "");
        } catch (IOException e) {
            return new PrometheusScrape("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PrometheusScrape("");
        }
    }

    /** A scrape of text already fetched (an empty text reads as a service that did not answer). */
    public static PrometheusScrape parse(String text) {
        return new PrometheusScrape(text);
    }

    /** The scraped text, for readers of a single labelled sample (e.g. one quantile of a summary). */
    public String text() {
        return text;
    }

    /**
     * Sum of every sample named exactly {@code metric} (any labels); 0 when the service answered without it (tagged
     * counters appear with their first event), -1 when the service did not answer.
     */
    public long sum(String metric) {
        return sum(metric, "");
    }

    /** Sum of the samples of {@code metric} whose labels contain {@code label} (e.g. {@code state="SENT"}). */
    public long sum(String metric, String label) {
        if (text.isEmpty()) {
            return -1;
        }
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            int rest = metric.length();
            if (line.length() <= rest || (line.charAt(rest) != '{' && line.charAt(rest) != ' ')) {
                continue;
            }
            if (!label.isEmpty() && !line.substring(rest, line.lastIndexOf(' ')).contains(label)) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                total += Double.parseDouble(line.substring(space + 1));
            } catch (NumberFormatException e) {
                // a sample we cannot read counts as absent
            }
        }
        return Math.round(total);
    }
}
