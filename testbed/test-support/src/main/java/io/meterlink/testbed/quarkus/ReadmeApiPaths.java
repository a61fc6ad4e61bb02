package io.meterlink.testbed.quarkus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the READMEs honest about the public API: compares the {@code /api/v1/...} paths that markdown files name with
 * the paths a service's OpenAPI document declares, so a renamed or removed endpoint cannot linger in the docs and a new
 * one cannot go undocumented.
 *
 * <p>Path parameters match whatever their name ({@code {pk}} = {@code {productKey}}); an optional tail written
 * {@code [/latest]} names both paths; a query string or trailing punctuation is ignored. A path that stops short of a
 * declared one (a prefix such as {@code /api/v1/readings} in prose about routing) names no endpoint and is fine as long
 * as some declared path starts with it.
 */
public final class ReadmeApiPaths {

    private static final Pattern API_PATH = Pattern.compile("/api/v1(?:/[A-Za-z0-9_.{}\\-]+|\\[/[A-Za-z0-9_.{}\\-]+])*");
    private static final Pattern PARAMETER = Pattern.compile("\\{[^}/]*}");
    private static final Pattern OPTIONAL_TAIL = Pattern.compile("\\[(/[^\\]]+)]");

    private ReadmeApiPaths() {
    }

    /** Every {@code /api/v1} path named in {@code markdown}, normalized (parameters as {@code {}}). */
    public static Set<String> named(Path markdown) {
        String text;
        try {
            text = Files.readString(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + markdown, e);
        }
        Set<String> paths = new TreeSet<>();
        Matcher m = API_PATH.matcher(text);
        while (m.find()) {
            String path = m.group();
            Matcher optional = OPTIONAL_TAIL.matcher(path);
            if (optional.find()) {
                paths.add(normalize(optional.replaceAll("")));
                paths.add(normalize(optional.replaceAll("$1")));
            } else {
                paths.add(normalize(path));
            }
        }
        return paths;
    }

    /** A path with every parameter written {@code {}} and no trailing slash or dot. */
    public static String normalize(String path) {
        String p = PARAMETER.matcher(path).replaceAll("{}");
        while (p.endsWith("/") || p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /**
     * What is wrong between the documents and the service: paths the markdown files name under the service's own
     * prefixes that its OpenAPI document does not declare, and declared paths that {@code serviceReadme} does not name.
     *
     * @param openApiPaths   the keys of the OpenAPI document's {@code paths}
     * @param ownedPrefixes  the path prefixes this service owns (e.g. {@code /api/v1/alerts})
     * @param serviceReadme  the service's own README, which must name every declared path
     * @param otherMarkdown  further documents (the project README) whose paths under the owned prefixes must exist
     * @return one line per discrepancy; empty when the documents and the service agree
     */
    public static List<String> discrepancies(Set<String> openApiPaths, List<String> ownedPrefixes, Path serviceReadme,
            Path... otherMarkdown) {
        Set<String> declared = new TreeSet<>();
        openApiPaths.forEach(p -> declared.add(normalize(p)));
        List<String> problems = new ArrayList<>();
        for (String p : declared) {
            if (!p.startsWith("/api/v1/")) {
                problems.add("OpenAPI declares " + p + ", which is not under /api/v1");
            }
        }
        Set<String> serviceNamed = named(serviceReadme);
        for (String p : declared) {
            if (!serviceNamed.contains(p)) {
                problems.add(serviceReadme + " does not name " + p);
            }
        }
        List<Path> documents = new ArrayList<>();
        documents.add(serviceReadme);
        documents.addAll(List.of(otherMarkdown));
        for (Path doc : documents) {
            for (String p : doc == serviceReadme ? serviceNamed : named(doc)) {
                boolean owned = ownedPrefixes.stream().anyMatch(prefix -> p.equals(prefix) || p.startsWith(prefix + "/"));
                boolean served = declared.contains(p) || declared.stream().anyMatch(d -> d.startsWith(p + "/"));
                if (owned && !served) {
                    problems.add(doc + " names " + p + ", which the service does not serve");
                }
            }
        }
        return problems;
    }
}
