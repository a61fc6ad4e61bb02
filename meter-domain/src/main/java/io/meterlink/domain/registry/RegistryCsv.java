package io.meterlink.domain.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one reader of device registry files, the CSV the IoT Platform stand-in writes and admins import into
 * command-service: one meter per line as {@code productKey,deviceName,deviceSecret}, an optional header line (the first
 * line whose first column is {@code productKey}, in any case), lines starting with {@code #} and blank lines ignored,
 * columns stripped of surrounding white space. Each caller states which columns it needs ({@link RegistryColumns});
 * names are checked by the caller, which knows how to report them.
 */
public final class RegistryCsv {

    /** The header line a registry file starts with. */
    public static final String HEADER = "productKey,deviceName,deviceSecret";

    private static final String HEADER_FIRST_COLUMN = "productkey";
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private RegistryCsv() {
    }

    /**
     * The meters of a registry file's text, in file order (duplicates kept: whether they matter is the caller's call).
     *
     * @throws RegistryFormatException for the first line without the columns {@code columns} asks for
     */
    public static List<RegistryEntry> parse(String text, RegistryColumns columns) {
        try {
            return read(new StringReader(text == null ? "" : text), columns);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringReader does not fail", e);
        }
    }

    /**
     * Same as {@link #parse(String, RegistryColumns)}, line by line from {@code in} (not closed here).
     *
     * @throws IOException             when {@code in} fails
     * @throws RegistryFormatException for the first line without the columns {@code columns} asks for
     */
    public static List<RegistryEntry> read(Reader in, RegistryColumns columns) throws IOException {
        BufferedReader reader = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
        List<RegistryEntry> entries = new ArrayList<>();
        boolean headerPossible = true;
        int number = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            number++;
            if (number == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                // Spreadsheet programs start their CSV exports with one.
                line = line.substring(1);
            }
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split(",", -1);
            if (headerPossible && fields[0].strip().toLowerCase(Locale.ROOT).equals(HEADER_FIRST_COLUMN)) {
                headerPossible = false;
                continue;
            }
            headerPossible = false;
            if (!columns.accepts(fields.length)) {
                // The line itself is not quoted: it may hold a device secret.
                throw new RegistryFormatException(number, "expected " + columns.shape() + ", found " + fields.length
                        + (fields.length == 1 ? " field" : " fields"));
            }
            entries.add(new RegistryEntry(number, fields[0].strip(), fields[1].strip(),
                    columns.keepsSecret() ? fields[2].strip() : null));
        }
        return entries;
    }
}
