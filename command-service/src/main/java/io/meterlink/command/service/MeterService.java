package io.meterlink.command.service;

import io.meterlink.api.ApiProblem;
import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.model.Route;
import io.meterlink.command.repository.MeterEntity;
import io.meterlink.command.repository.MeterRepository;
import io.meterlink.command.repository.ProductMigration;
import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.registry.RegistryColumns;
import io.meterlink.domain.registry.RegistryCsv;
import io.meterlink.domain.registry.RegistryFormatException;
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
     * Reads a registry file with meter-domain's {@link RegistryCsv}: lines {@code productKey,deviceName[,...]}, an
     * optional header line, {@code #} comments and blank lines ignored. Further columns (the testbed's file carries
     * device secrets) are not even read, so they are never stored.
     *
     * @throws ApiProblem 400 naming the line ({@code line 3}) that is not a meter
     */
    public static List<JobTarget> parseRegistry(String csv) {
        try {
            return RegistryCsv.parse(csv, RegistryColumns.NAMES).stream()
                    .map(entry -> new JobTarget(entry.productKey(), entry.deviceName())).toList();
        } catch (RegistryFormatException e) {
            throw ApiProblem.invalid("line " + e.line(), e.problem());
        }
    }

    public MeterEntity get(String productKey, String deviceName) {
        CommandArgs.validateMeter("productKey", productKey, "deviceName", deviceName);
        return meters.findMeter(productKey, deviceName).orElseThrow(
                () -> ApiProblem.notFound("meter " + productKey + "/" + deviceName + " is not registered"));
    }

    /** A page of the registered meters matching every given filter ({@code null}: no filter, default page). */
    public Page<MeterEntity> search(String productKey, Route migrationState, Instant silentSince, Integer page,
            Integer size) {
        if (productKey != null) {
            CommandArgs.validateProductKey("productKey", productKey);
        }
        return meters.search(productKey, migrationState, silentSince,
                PageRequest.of(page, size, config.maxPageSize()));
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
