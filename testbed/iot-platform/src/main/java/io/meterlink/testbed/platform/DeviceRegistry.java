package io.meterlink.testbed.platform;

import io.meterlink.domain.signing.DeviceKey;
import io.meterlink.domain.registry.RegistryColumns;
import io.meterlink.domain.registry.RegistryCsv;
import io.meterlink.domain.registry.RegistryEntry;
import io.meterlink.domain.registry.RegistryFormatException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The devices the stand-in accepts, as the platform's device list would hold them after bulk registration. Shared with
 * the simulator through a CSV file: header {@code productKey,deviceName,deviceSecret}, one device a line, blank lines
 * and lines starting with {@code #} ignored. Immutable; lookups are hash-based because every CONNECT asks.
 */
public final class DeviceRegistry {

    /** The header line every registry file starts with. */
    public static final String HEADER = RegistryCsv.HEADER;

    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int SECRET_LENGTH = 32;

    private final List<RegisteredDevice> devices;
    private final Map<DeviceKey, RegisteredDevice> byKey;

    private DeviceRegistry(List<RegisteredDevice> devices) {
        Map<DeviceKey, RegisteredDevice> index = new LinkedHashMap<>(devices.size() * 2);
        for (RegisteredDevice device : devices) {
            if (index.putIfAbsent(device.key(), device) != null) {
                throw new IllegalArgumentException("device " + device.productKey() + "/" + device.deviceName()
                        + " is registered twice");
            }
        }
        this.devices = List.copyOf(devices);
        this.byKey = index;
    }

    /** A registry of exactly these devices; duplicates are an error. */
    public static DeviceRegistry of(Collection<RegisteredDevice> devices) {
        return new DeviceRegistry(new ArrayList<>(devices));
    }

    /**
     * {@code count} devices of one product named {@code meter-000001}, {@code meter-000002}, ... with 32-character
     * secrets drawn from {@code seed}: the same arguments always give the same registry, so a simulator and a
     * platform started separately agree without sharing a file.
     */
    public static DeviceRegistry generate(int count, String productKey, long seed) {
        if (count < 0 || count > 999_999) {
            throw new IllegalArgumentException("count " + count + " is outside 0..999999");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<RegisteredDevice> devices = new ArrayList<>(count);
        char[] secret = new char[SECRET_LENGTH];
        for (int i = 1; i <= count; i++) {
            for (int c = 0; c < secret.length; c++) {
                secret[c] = SECRET_ALPHABET[random.nextInt(SECRET_ALPHABET.length)];
            }
            devices.add(new RegisteredDevice(productKey, deviceName(i), new String(secret)));
        }
        return new DeviceRegistry(devices);
    }

    /** The name {@link #generate} gives the {@code index}-th device (1-based): {@code meter-000042}. */
    public static String deviceName(int index) {
        return String.format("meter-%06d", index);
    }

    /**
     * Reads a registry file.
     *
     * @throws IllegalArgumentException naming the file and line when the header is missing or a line is malformed
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static DeviceRegistry load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read device registry " + file, e);
        }
        // The stand-in's own files always start with the header (the shared parser also takes files without one).
        String first = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .orElse(null);
        if (first == null) {
            throw new IllegalArgumentException(file + ": empty, expected header '" + HEADER + "'");
        }
        if (!first.replace(" ", "").replace("\uFEFF", "").equals(HEADER)) {
            throw new IllegalArgumentException(file + " line " + lineOf(text, first) + ": expected header '" + HEADER
                    + "'");
        }
        List<RegistryEntry> entries;
        try {
            entries = RegistryCsv.parse(text, RegistryColumns.NAMES_AND_SECRET);
        } catch (RegistryFormatException e) {
            throw new IllegalArgumentException(file + " line " + e.line() + ": " + e.problem(), e);
        }
        List<RegisteredDevice> devices = new ArrayList<>(entries.size());
        for (RegistryEntry entry : entries) {
            try {
                devices.add(new RegisteredDevice(entry.productKey(), entry.deviceName(), entry.deviceSecret()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + entry.line() + ": " + e.getMessage(), e);
            }
        }
        try {
            return new DeviceRegistry(devices);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static int lineOf(String text, String stripped) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(stripped)) {
                return i + 1;
            }
        }
        return 1;
    }

    /** Writes the registry as CSV (creating parent directories); {@link #load} reads it back identically. */
    public Path write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("# MeterLink device registry: the devices the IoT Platform stand-in accepts. Contains secrets.");
                out.newLine();
                out.write(HEADER);
                out.newLine();
                for (RegisteredDevice d : devices) {
                    out.write(d.productKey());
                    out.write(',');
                    out.write(d.deviceName());
                    out.write(',');
                    out.write(d.deviceSecret());
                    out.newLine();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write device registry " + file, e);
        }
    }

    /** The device secret, empty when the device is not registered. */
    public Optional<String> secretOf(String productKey, String deviceName) {
        return find(productKey, deviceName).map(RegisteredDevice::deviceSecret);
    }

    /** The device secret for a key, empty when the device is not registered (the shape DeviceSigner.verify asks for). */
    public Optional<String> secretOf(DeviceKey key) {
        RegisteredDevice device = byKey.get(key);
        return device == null ? Optional.empty() : Optional.of(device.deviceSecret());
    }

    public Optional<RegisteredDevice> find(String productKey, String deviceName) {
        return Optional.ofNullable(byKey.get(new DeviceKey(productKey, deviceName)));
    }

    public boolean contains(String productKey, String deviceName) {
        return byKey.containsKey(new DeviceKey(productKey, deviceName));
    }

    /** Every device in file order. */
    public List<RegisteredDevice> devices() {
        return devices;
    }

    /** The device at a 0-based position in file order. */
    public RegisteredDevice device(int index) {
        return devices.get(index);
    }

    /** Product keys in first-seen order. */
    public Set<String> productKeys() {
        Set<String> keys = new LinkedHashSet<>();
        devices.forEach(d -> keys.add(d.productKey()));
        return Collections.unmodifiableSet(keys);
    }

    public int size() {
        return devices.size();
    }

    @Override
    public String toString() {
        return "DeviceRegistry[" + devices.size() + " devices in " + productKeys() + "]";
    }
}
