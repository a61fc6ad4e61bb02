package io.meterlink.domain.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry file format, read by command-service's import (names only) and the simulator (with secrets). */
class RegistryCsvTest {

    private static final String STAND_IN_FILE = """
            # MeterLink device registry: one meter per line
            productKey,deviceName,deviceSecret

            a1MeterLink,meter-000001,s3cr3tOne
            # a retired meter was here
              a1MeterLink , meter-000002 , s3cr3tTwo\s
            """;

    @Test
    void readsMetersInFileOrderSkippingHeaderCommentsAndBlankLines() {
        assertEquals(List.of(new RegistryEntry(4, "a1MeterLink", "meter-000001", "s3cr3tOne"),
                new RegistryEntry(6, "a1MeterLink", "meter-000002", "s3cr3tTwo")),
                RegistryCsv.parse(STAND_IN_FILE, RegistryColumns.NAMES_AND_SECRET));
    }

    @Test
    void aReaderOfNamesNeverGetsTheSecrets() {
        List<RegistryEntry> entries = RegistryCsv.parse(STAND_IN_FILE, RegistryColumns.NAMES);
        assertEquals(List.of(new RegistryEntry(4, "a1MeterLink", "meter-000001", null),
                new RegistryEntry(6, "a1MeterLink", "meter-000002", null)), entries);
    }

    @Test
    void namesMayComeWithoutHeaderSecretOrWithFurtherColumns() {
        assertEquals(List.of(new RegistryEntry(1, "pk1", "dev-0001", null),
                new RegistryEntry(2, "pk1", "dev-0002", null)),
                RegistryCsv.parse("pk1,dev-0001\r\npk1,dev-0002,secret,installed 2026-01-05\r\n",
                        RegistryColumns.NAMES));
    }

    @Test
    void theHeaderIsRecognisedInAnyCaseOnlyAsTheFirstLineAndAfterAByteOrderMark() {
        assertEquals(1, RegistryCsv.parse("\uFEFFPRODUCTKEY,DeviceName\npk1,dev-0001\n", RegistryColumns.NAMES).size());
        // Further down it is an ordinary line: a product may not be called productKey twice in a file.
        assertEquals(List.of("pk1", "productKey"), RegistryCsv.parse("pk1,dev-0001\nproductKey,deviceName\n",
                RegistryColumns.NAMES).stream().map(RegistryEntry::productKey).toList());
    }

    @Test
    void aLineWithoutTheColumnsAskedForIsRefusedWithItsNumber() {
        RegistryFormatException names = assertThrows(RegistryFormatException.class,
                () -> RegistryCsv.parse("pk1,dev-0001\n\nno-comma-here\n", RegistryColumns.NAMES));
        assertEquals(3, names.line());
        assertEquals("expected productKey,deviceName[,...], found 1 field", names.problem());
        assertEquals("line 3: expected productKey,deviceName[,...], found 1 field", names.getMessage());

        RegistryFormatException secrets = assertThrows(RegistryFormatException.class, () -> RegistryCsv.parse(
                RegistryCsv.HEADER + "\na1MeterLink,meter-000001\n", RegistryColumns.NAMES_AND_SECRET));
        assertEquals(2, secrets.line());
        assertEquals("expected productKey,deviceName,deviceSecret, found 2 fields", secrets.problem());
        assertThrows(RegistryFormatException.class,
                () -> RegistryCsv.parse("pk1,dev-0001,s,extra\n", RegistryColumns.NAMES_AND_SECRET));
    }

    @Test
    void aMalformedLineIsNotQuotedBecauseItMayHoldASecret() {
        RegistryFormatException e = assertThrows(RegistryFormatException.class,
                () -> RegistryCsv.parse("topSecretValue\n", RegistryColumns.NAMES));
        assertFalse(e.getMessage().contains("topSecretValue"), e.getMessage());
        assertFalse(new RegistryEntry(1, "pk1", "dev-0001", "topSecretValue").toString().contains("topSecretValue"));
    }

    @Test
    void emptyTextHasNoMetersAndAReaderGivesTheSameAsText() throws Exception {
        assertTrue(RegistryCsv.parse(null, RegistryColumns.NAMES).isEmpty());
        assertTrue(RegistryCsv.parse("# nothing yet\n" + RegistryCsv.HEADER + "\n", RegistryColumns.NAMES).isEmpty());
        assertEquals(RegistryCsv.parse(STAND_IN_FILE, RegistryColumns.NAMES_AND_SECRET),
                RegistryCsv.read(new StringReader(STAND_IN_FILE), RegistryColumns.NAMES_AND_SECRET));
    }
}
