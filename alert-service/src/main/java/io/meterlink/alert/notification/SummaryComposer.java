package io.meterlink.alert.notification;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes the one storm SMS that replaces many per-meter ones: how many alerts, and how they split by rule and by
 * product, largest first. Entries that do not fit a template variable are dropped whole and counted as
 * {@code +N more}, so a count is never cut in half.
 */
public final class SummaryComposer {

    /** One summarized alert: which rule, which product. */
    public record Item(String rule, String productKey) {
    }

    private final int maxValueLength;

    public SummaryComposer(int maxValueLength) {
        this.maxValueLength = maxValueLength;
    }

    /**
     * Template parameters {@code count}, {@code window}, {@code rules} and {@code products}.
     *
     * @param window the storm window, shown to people, e.g. {@code 5m}
     */
    public TemplateParams compose(Collection<Item> items, Duration window) {
        Map<String, Long> byRule = count(items, Item::rule);
        Map<String, Long> byProduct = count(items, Item::productKey);
        return new TemplateParams(maxValueLength)
                .put("count", Integer.toString(items.size()))
                .put("window", human(window))
                .put("rules", fit(byRule))
                .put("products", fit(byProduct));
    }

    private static Map<String, Long> count(Collection<Item> items, java.util.function.Function<Item, String> key) {
        Map<String, Long> counts = items.stream()
                .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    String fit(Map<String, Long> counts) {
        String all = counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        if (all.length() <= maxValueLength) {
            return all;
        }
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            String entry = (text.isEmpty() ? "" : " ") + e.getKey() + "=" + e.getValue();
            int leftAfter = counts.size() - shown - 1;
            if (text.length() + entry.length() + more(leftAfter, false).length() > maxValueLength) {
                break;
            }
            text.append(entry);
            shown++;
        }
        String tail = more(counts.size() - shown, text.isEmpty());
        return text.length() + tail.length() <= maxValueLength ? text + tail : text.toString();
    }

    private static String more(int left, boolean first) {
        return left == 0 ? "" : (first ? "" : " ") + "+" + left + " more";
    }

    /** {@code PT5M} as {@code 5m}, {@code PT90S} as {@code 90s}, for people reading an SMS. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
