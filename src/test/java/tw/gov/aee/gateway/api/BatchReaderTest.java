package tw.gov.aee.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;

class BatchReaderTest {

    static List<String> split(String batch, int max) {
        return BatchReader.split(batch.getBytes(StandardCharsets.UTF_8), max).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void cutsOutEachDocumentExactlyAsSent() {
        assertThat(split("{ \"documents\" : [ {\"A\":{\"n\":1.50, \"n\":2}} ,{\"名\":\"值\"},\"text\", 7 ] }", 10))
                .containsExactly("{\"A\":{\"n\":1.50, \"n\":2}}", "{\"名\":\"值\"}", "\"text\"", "7");
    }

    @Test
    void readsAnEmptyBatch() {
        assertThat(split("{\"documents\":[]}", 10)).isEmpty();
    }

    @Test
    void refusesWhatIsNotABatch() {
        for (String batch : List.of("", "[]", "{}", "{\"documents\":[], \"documents\":[]}", "{\"documents\":[],\"x\":1}",
                "{\"documents\":[{}", "{\"documents\":[]} {}", "{\"documents\":[{]}")) {
            assertThatThrownBy(() -> split(batch, 10)).as(batch).isInstanceOfSatisfying(GatewayException.class,
                    e -> assertThat(e.error()).isEqualTo(GatewayError.MALFORMED_INPUT));
        }
    }

    @Test
    void refusesMoreItemsThanTheLimit() {
        assertThat(split("{\"documents\":[1,2]}", 2)).hasSize(2);
        assertThatThrownBy(() -> split("{\"documents\":[1,2,3]}", 2)).isInstanceOf(GatewayException.class);
    }
}
