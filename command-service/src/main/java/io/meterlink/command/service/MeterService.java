package io.meterlink.command.service;

import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.model.Route;
import io.meterlink.command.repository.MeterEntity;
import io.meterlink.command.repository.MeterRepository;
import io.meterlink.command.repository.ProductMigration;
import io.meterlink.domain.event.ReadingEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The meter registry this service routes by. Admins register meters (LEGACY until the platform proves otherwise)
 * and may force a route; readings from {@code meter.readings} switch a meter to PLATFORM and keep its last frame;
 * sightings on the legacy cluster tell live legacy meters from ones never seen.
 */
@ApplicationScoped
public class MeterService {

    private static final Logger LOG = Logger.getLogger(MeterService.class);

    private final MeterRepository meters;
    private final CommandServiceConfig.Commands config;

    public MeterService(MeterRepository meters, CommandServiceConfig config) {
        this.meters = meters;
        this.config = config.commands();
    }

    /** Outcome of a registration: how many meters were sent, new, and already known. */
    @RegisterForReflection
    public record Registered(int received, int created, int alreadyKnown) {
    }

    /**
     * Registers meters as LEGACY; meters already known keep their state.
     *
     * @param field name of the list in the request, for error messages
     */
    @Transactional
    public Registered register(String field, List<JobTarget> list, String caller) {
        if (list == null || list.isEmpty() || list.size() > config.maxJobTargets()) {
            throw ApiProblem.invalid(field, (list == null ? 0 : list.size()) + " meters, expected 1-"
                    + config.maxJobTargets());
        }
        List<String> productKeys = new ArrayList<>(list.size());
        List<String> deviceNames = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JobTarget m = list.get(i);
            if (m == null) {
                throw ApiProblem.invalid(field + "[" + i + "]", "missing");
            }
            CommandArgs.validateMeter(field + "[" + i + "].productKey", m.productKey(),
                    field + "[" + i + "].deviceName", m.deviceName());
            productKeys.add(m.productKey());
            deviceNames.add(m.deviceName());
        }
        int created = meters.register(productKeys, deviceNames, caller);
        long distinct = list.stream().distinct().count();
        LOG.infof("%s registered %d meters (%d new)", caller, distinct, created);
        return new Registered(list.size(), created, (int) distinct - created);
    }

    /**
     * Parses a registry file: CSV lines {@code productKey,deviceName[,...]}, an optional header line starting with
     * {@code productKey}, {@code #} comments and blank lines ignored. Further columns (the testbed's file carries
     * device secrets) are ignored and never stored.
     */
    public static List<JobTarget> parseRegistry(String csv) {
        List<JobTarget> list = new ArrayList<>();
        String[] lines = csv == null ? new String[0] : csv.split("\r?\n");
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (first && line.startsWith("productKey")) {
                first = false;
                continue;
            }
            first = false;
            String[] cells = line.split(",", -1);
            if (cells.length < 2) {
                throw ApiProblem.invalid("line " + (i + 1), "expected productKey,deviceName[,...], got '"
                        + (line.length() > 60 ? line.substring(0, 60) + "..." : line) + "'");
            }
            list.add(new JobTarget(cells[0].strip(), cells[1].strip()));
        }
        return list;
    }

    public MeterEntity get(String productKey, String deviceName) {
        CommandArgs.validateMeter("productKey", productKey, "deviceName", deviceName);
        return meters.findMeter(productKey, deviceName).orElseThrow(
                () -> ApiProblem.notFound("meter " + productKey + "/" + deviceName + " is not registered"));
    }

    public Paged<MeterEntity> search(String productKey, Route migrationState, Instant silentSince, int page,
            int size) {
        if (productKey != null) {
            CommandArgs.validateProductKey("productKey", productKey);
        }
        return Paged.of(meters.search(productKey, migrationState, silentSince), page, size, config.maxPageSize());
    }

    /** Forces the meter's route, or with {@code null} returns it to its migration state. */
    @Transactional
    public MeterEntity overrideRoute(String productKey, String deviceName, Route route, String caller) {
        MeterEntity meter = get(productKey, deviceName);
        LOG.infof("route of %s/%s: override %s -> %s by %s", productKey, deviceName, meter.routeOverride, route,
                caller);
        meter.routeOverride = route;
        meter.overrideBy = route == null ? null : caller;
        meter.overrideAt = route == null ? null : Instant.now();
        return meter;
    }

    public List<ProductMigration> migration() {
        return meters.migration();
    }

    /** Records a batch of readings: one write per meter, its newest reading. */
    @Transactional
    public void recordReadings(Collection<ReadingEvent> events) {
        // Sorted, so concurrent batches lock meter rows in the same order.
        Map<String, ReadingEvent> latest = new TreeMap<>();
        for (ReadingEvent e : events) {
            latest.merge(e.productKey() + "/" + e.deviceName(), e, (a, b) ->
                    MeterRepository.seenAt(b).isBefore(MeterRepository.seenAt(a)) ? a : b);
        }
        if (!latest.isEmpty()) {
            meters.recordReadings(latest.values());
        }
    }

    @Transactional
    public int recordLegacySightings(Collection<String> deviceNames) {
        return deviceNames.isEmpty() ? 0 : meters.recordLegacySightings(deviceNames);
    }
}
