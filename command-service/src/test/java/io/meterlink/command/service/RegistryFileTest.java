package io.meterlink.command.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meterlink.api.ApiProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the registry file admins import; secrets in it are dropped. */
class RegistryFileTest {

    @Test
    void readsTheTestbedRegistryFormatAndDropsTheSecrets() {
        String csv = """
                # generated
                productKey,deviceName,deviceSecret
                a1MeterLink,meter-000001,s3cr3t0000000000000000000000000a

                a1MeterLink,meter-000002,s3cr3t0000000000000000000000000b
                """;
        assertEquals(List.of(new JobTarget("a1MeterLink", "meter-000001"), new JobTarget("a1MeterLink", "meter-000002")),
                MeterService.parseRegistry(csv));
    }

    @Test
    void acceptsTwoColumnsWithoutHeader() {
        assertEquals(List.of(new JobTarget("pk1", "dev-0001")), MeterService.parseRegistry("pk1,dev-0001\r\n"));
    }

    @Test
    void namesTheLineThatIsNotAMeter() {
        ApiProblem p = assertThrows(ApiProblem.class, () -> MeterService.parseRegistry("pk1,dev-0001\njunk\n"));
        assertEquals("line 2", p.field());
    }
}
