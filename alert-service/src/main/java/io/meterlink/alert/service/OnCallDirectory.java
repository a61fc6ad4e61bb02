package io.meterlink.alert.service;

import io.meterlink.alert.config.RoutingConfig;
import io.meterlink.alert.notification.OnCallRouting;
import io.meterlink.alert.repository.OnCallRepository;
import io.meterlink.api.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The current on-call routing: database entries over configured ones over the default numbers; API edits. */
@ApplicationScoped
public class OnCallDirectory {

    /** E.164-like: optional +, 5 to 20 digits. Alibaba validates further and the outbox records its verdict. */
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");
    private static final Pattern PRODUCT_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    OnCallRepository repository;

    @Inject
    RoutingConfig config;

    /** Read per use (a small table), so API edits apply to the next alert without a restart. */
    public OnCallRouting current() {
        return new OnCallRouting(repository.byProduct(), config.products(), config.defaultRecipients());
    }

    /** Products with numbers of their own, in the database or in configuration, sorted. */
    public Set<String> routedProducts() {
        TreeSet<String> products = new TreeSet<>(config.products().keySet());
        products.addAll(repository.byProduct().keySet());
        return products;
    }

    /** The configured numbers of products without their own. */
    public List<String> defaultRecipients() {
        return config.defaultRecipients();
    }

    /**
     * Replaces the database numbers of a product.
     *
     * @return the numbers stored, trimmed and without repeats, in the order given
     * @throws ApiProblem 400 naming {@code productKey} or {@code phoneNumbers} when one is malformed
     */
    @Transactional
    public List<String> replace(String productKey, List<String> phoneNumbers) {
        if (!PRODUCT_KEY.matcher(productKey).matches()) {
            throw ApiProblem.invalid("productKey", "productKey must be 1-64 letters, digits, _ or -");
        }
        if (phoneNumbers == null || phoneNumbers.isEmpty()) {
            throw ApiProblem.invalid("phoneNumbers", "phoneNumbers must list at least one number");
        }
        LinkedHashSet<String> numbers = new LinkedHashSet<>();
        for (String n : phoneNumbers) {
            if (n == null || !PHONE.matcher(n.trim()).matches()) {
                throw ApiProblem.invalid("phoneNumbers", "phoneNumbers must be 5-20 digits with an optional +, not '"
                        + n + "'");
            }
            numbers.add(n.trim());
        }
        List<String> stored = List.copyOf(numbers);
        repository.replace(productKey, stored, Instant.now());
        return stored;
    }

    /**
     * Removes the database numbers of a product: it falls back to configuration, else the default numbers.
     *
     * @throws ApiProblem 404 when the database holds no numbers for it
     */
    @Transactional
    public void remove(String productKey) {
        if (repository.remove(productKey) == 0) {
            throw ApiProblem.notFound("no on-call numbers stored for product " + productKey);
        }
    }
}
