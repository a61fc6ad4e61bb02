package io.meterlink.domain.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic construction, the legacy mapping, and refusal of every topic shape that is not a meter topic. */
class TopicMappingTest {

    static final String PK = "a1B2c3D4e5F";
    static final String DN = "meter-0001";

    @Test
    void buildsPlatformTopics() {
        assertEquals("/a1B2c3D4e5F/meter-0001/user/data/up", TopicMapping.dataUp(PK, DN).fullName());
        assertEquals("/a1B2c3D4e5F/meter-0001/user/cmd/down", TopicMapping.cmdDown(PK, DN).fullName());
        assertEquals("/pk/dn01/user/data/up", TopicMapping.dataUp("pk", "dn01").fullName());
        assertEquals(new PlatformTopic(PK, DN, TopicDirection.CMD_DOWN), TopicMapping.cmdDown(PK, DN));
    }

    @Test
    void parsesBothDirections() {
        assertEquals(Optional.of(TopicMapping.dataUp(PK, DN)), TopicMapping.parse("/a1B2c3D4e5F/meter-0001/user/data/up"));
        assertEquals(Optional.of(TopicMapping.cmdDown(PK, DN)), TopicMapping.parse("/a1B2c3D4e5F/meter-0001/user/cmd/down"));
        PlatformTopic odd = TopicMapping.parse("/X/a@b.c:d_e-f/user/data/up").orElseThrow();
        assertEquals("X", odd.productKey());
        assertEquals("a@b.c:d_e-f", odd.deviceName());
        TopicParse parsed = TopicMapping.parseOrReason("/a1B2c3D4e5F/meter-0001/user/data/up");
        assertTrue(parsed.isParsed());
        assertEquals(TopicMapping.dataUp(PK, DN), assertInstanceOf(TopicParse.Parsed.class, parsed).topic());
    }

    @Test
    void legacyMapping() {
        assertEquals(TopicDirection.DATA_UP, TopicMapping.fromLegacy(TopicMapping.LEGACY_DATA_POST));
        assertEquals(TopicDirection.CMD_DOWN, TopicMapping.fromLegacy(TopicMapping.LEGACY_CMD_PUSH));
        assertEquals("cdb/data/post", TopicDirection.DATA_UP.legacyTopic());
        assertEquals("cdb/cmd/push", TopicDirection.CMD_DOWN.legacyTopic());
        assertEquals("user/data/up", TopicDirection.DATA_UP.suffix());
        assertEquals("user/cmd/down", TopicDirection.CMD_DOWN.suffix());
        assertEquals(TopicMapping.dataUp(PK, DN), TopicMapping.fromLegacy("cdb/data/post", PK, DN));
        for (String bad : new String[] {"/cdb/data/post", "cdb/data/post/", "CDB/DATA/POST", "cdb/data/up", "", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopicMapping.fromLegacy(bad));
            assertTrue(e.getMessage().contains("cdb/data/post"), e::getMessage);
        }
    }

    @Test
    void whoPublishesAndWhoSubscribes() {
        assertTrue(TopicDirection.DATA_UP.devicePublishes());
        assertFalse(TopicDirection.DATA_UP.deviceSubscribes());
        assertFalse(TopicDirection.CMD_DOWN.devicePublishes());
        assertTrue(TopicDirection.CMD_DOWN.deviceSubscribes());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        // wildcards
        "/a1B2c3D4e5F/meter-0001/user/data/#", "/a1B2c3D4e5F/+/user/data/up", "/+/+/user/cmd/down", "#",
        // missing leading slash / levels
        "a1B2c3D4e5F/meter-0001/user/data/up", "/a1B2c3D4e5F/meter-0001/user/data", "/a1B2c3D4e5F/user/data/up",
        "/a1B2c3D4e5F", "/", "//", "/a1B2c3D4e5F/meter-0001",
        // extra levels
        "/a1B2c3D4e5F/meter-0001/user/data/up/", "/a1B2c3D4e5F/meter-0001/user/data/up/x",
        "/sys/a1B2c3D4e5F/meter-0001/thing/event/property/post", "/a1B2c3D4e5F/meter/0001/user/data/up",
        "//a1B2c3D4e5F/meter-0001/user/data/up",
        // wrong suffix
        "/a1B2c3D4e5F/meter-0001/user/data/down", "/a1B2c3D4e5F/meter-0001/user/cmd/up",
        "/a1B2c3D4e5F/meter-0001/USER/data/up", "/a1B2c3D4e5F/meter-0001/user/data/up ",
        "/a1B2c3D4e5F/meter-0001/user/data/post", "/a1B2c3D4e5F/meter-0001/cdb/data/post",
        // invalid names
        "//meter-0001/user/data/up", "/a1B2c3D4e5F//user/data/up", "/a1B2-c3D4/meter-0001/user/data/up",
        "/a1B2c3D4e5F/abc/user/data/up", "/a1B2c3D4e5F/mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm/user/data/up",
        "/ppppppppppppppppppppppppppppppppp/meter-0001/user/data/up", "/a1B2c3D4e5F/meter 0001/user/data/up",
        "/a1B2c3D4e5F/meter$0001/user/data/up", "/a1B2c3D4e5F/m\u00e9ter001/user/data/up"})
    void rejectsEveryOtherShape(String topic) {
        assertEquals(Optional.empty(), TopicMapping.parse(topic));
        TopicParse result = TopicMapping.parseOrReason(topic);
        assertFalse(result.isParsed());
        String reason = assertInstanceOf(TopicParse.Rejected.class, result).reason();
        assertFalse(reason.isBlank());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "/pk/dn01/user/data/#|wildcard",
        "pk/dn01/user/data/up|start with '/'",
        "/pk/dn01/user/data/up/|6 levels",
        "/pk/dn01/user/data|4 levels",
        "/pk/dn01/user/cmd/up|does not end in /user/data/up or /user/cmd/down",
        "/pk/dn/user/data/up|deviceName 'dn' is 2 characters",
        "/p_k/dn01/user/data/up|productKey 'p_k' may only contain"})
    void reasonsSayWhatIsWrong(String topic, String expected) {
        String reason = ((TopicParse.Rejected) TopicMapping.parseOrReason(topic)).reason();
        assertTrue(reason.contains(expected), reason);
    }

    @Test
    void buildingValidatesNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopicMapping.dataUp(PK, "abc"));
        assertTrue(e.getMessage().contains("deviceName 'abc'"), e::getMessage);
        e = assertThrows(IllegalArgumentException.class, () -> TopicMapping.cmdDown("a/b", DN));
        assertTrue(e.getMessage().contains("productKey 'a/b'"), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> TopicMapping.dataUp(null, DN));
        assertThrows(IllegalArgumentException.class, () -> TopicMapping.dataUp(PK, "+"));
        assertThrows(NullPointerException.class, () -> new PlatformTopic(PK, DN, null));
    }
}
