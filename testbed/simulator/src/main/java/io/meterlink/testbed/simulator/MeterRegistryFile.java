package io.meterlink.testbed.simulator;

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
 * Reads the device registry file the IoT Platform stand-in writes: CSV {@code productKey,deviceName,deviceSecret} with
 * a header line, {@code #} comment lines and blank lines ignored. Parsed here rather than through the stand-in's own
 * class so the simulator does not drag an embedded broker onto its class path.
 */
public final class MeterRegistryFile {

    static final String HEADER = "productKey,deviceName,deviceSecret";

    private MeterRegistryFile() {
    }

    /**
     * The meters in file order.
     *
     * @throws RegistryFileException when the file cannot be read, a line is not three valid fields, a device appears
     *                               twice or there is no meter at all; the message names the file and line
     */
    public static List<MeterIdentity> read(Path file) {
        List<MeterIdentity> meters = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#") || text.equalsIgnoreCase(HEADER)) {
                    continue;
                }
                String[] fields = text.split(",", -1);
                if (fields.length != 3) {
                    throw new RegistryFileException(file + " line " + number + ": expected " + HEADER + ", found "
                            + fields.length + " fields");
                }
                MeterIdentity meter;
                try {
                    meter = new MeterIdentity(fields[0].strip(), fields[1].strip(), fields[2].strip());
                } catch (IllegalArgumentException e) {
                    throw new RegistryFileException(file + " line " + number + ": " + e.getMessage());
                }
                if (!seen.add(meter.productKey() + "/" + meter.deviceName())) {
                    throw new RegistryFileException(file + " line " + number + ": device " + meter.productKey()
                            + "/" + meter.deviceName() + " is listed twice");
                }
                meters.add(meter);
            }
        } catch (IOException e) {
            throw new RegistryFileException("cannot read registry " + file + ": " + e, e);
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
