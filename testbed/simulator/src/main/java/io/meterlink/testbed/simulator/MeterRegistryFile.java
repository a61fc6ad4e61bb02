package io.meterlink.testbed.simulator;

import io.meterlink.domain.registry.RegistryColumns;
import io.meterlink.domain.registry.RegistryCsv;
import io.meterlink.domain.registry.RegistryEntry;
import io.meterlink.domain.registry.RegistryFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The device registry file the IoT Platform stand-in writes, as the simulator needs it: every meter with its device
 * secret. The format is read by meter-domain's {@link RegistryCsv} (the same reader command-service imports the file
 * with); this class adds what a fleet needs on top: valid names, a secret per meter, no meter twice, at least one.
 * It does not go through the stand-in's own class so the simulator does not drag an embedded broker onto its class
 * path.
 */
public final class MeterRegistryFile {

    static final String HEADER = RegistryCsv.HEADER;

    private MeterRegistryFile() {
    }

    /**
     * The meters in file order.
     *
     * @throws RegistryFileException when the file cannot be read, a line is not three valid fields, a device appears
     *                               twice or there is no meter at all; the message names the file and line
     */
    public static List<MeterIdentity> read(Path file) {
        List<RegistryEntry> entries;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            entries = RegistryCsv.read(reader, RegistryColumns.NAMES_AND_SECRET);
        } catch (RegistryFormatException e) {
            throw new RegistryFileException(file + " line " + e.line() + ": " + e.problem());
        } catch (IOException e) {
            throw new RegistryFileException("cannot read registry " + file + ": " + e, e);
        }
        List<MeterIdentity> meters = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        for (RegistryEntry entry : entries) {
            MeterIdentity meter;
            try {
                meter = new MeterIdentity(entry.productKey(), entry.deviceName(), entry.deviceSecret());
            } catch (IllegalArgumentException e) {
                throw new RegistryFileException(file + " line " + entry.line() + ": " + e.getMessage());
            }
            if (!seen.add(meter.productKey() + "/" + meter.deviceName())) {
                throw new RegistryFileException(file + " line " + entry.line() + ": device " + meter.productKey()
                        + "/" + meter.deviceName() + " is listed twice");
            }
            meters.add(meter);
        }
        if (meters.isEmpty()) {
            throw new RegistryFileException("registry " + file + " lists no meter");
        }
        return List.copyOf(meters);
    }

    /** Writes meters in the same format; lets tests and demos make a registry without the stand-in. */
    public static void write(Path file, List<MeterIdentity> meters) {
        StringBuilder sb = new StringBuilder("# MeterLink device registry: one meter per line\n")
                .append(HEADER).append('\n');
        for (MeterIdentity m : meters) {
            sb.append(m.productKey()).append(',').append(m.deviceName()).append(',').append(m.deviceSecret())
                    .append('\n');
        }
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RegistryFileException("cannot write registry " + file + ": " + e, e);
        }
    }

    /** The registry file is missing, unreadable or malformed; the simulator cannot run without it. */
    public static final class RegistryFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RegistryFileException(String message) {
            super(message);
        }

        RegistryFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
