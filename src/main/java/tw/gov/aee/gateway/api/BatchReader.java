package tw.gov.aee.gateway.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;

/**
 * Splits a batch {@code {"documents": [ <JSON form>, … ]}} into the exact bytes of each
 * document. The whole batch is read before anything is submitted, so an unreadable batch stores
 * nothing. Each item is cut out of the original bytes rather than re-serialised from a tree: a
 * tree would silently drop a duplicate key or round a number, and the intake's strict JSON
 * reader must see what the branch sent.
 */
final class BatchReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private BatchReader() {
    }

    /** @throws GatewayException MALFORMED_INPUT (400) when the batch as a whole cannot be read */
    static List<byte[]> split(byte[] body, int maxItems) {
        List<byte[]> items = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(body)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "a batch is a JSON object");
            boolean seen = false;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                expect(t != null, "the batch object is not closed");
                expect(t == JsonToken.FIELD_NAME && "documents".equals(p.currentName()) && !seen,
                        "a batch has exactly one property, \"documents\"");
                seen = true;
                expect(p.nextToken() == JsonToken.START_ARRAY, "\"documents\" is an array");
                for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                    expect(item != null, "the \"documents\" array is not closed");
                    expect(items.size() < maxItems, "a batch holds at most " + maxItems + " documents");
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    p.finishToken();   // a scalar's text is read lazily; the end offset needs it read
                    int end = (int) p.currentLocation().getByteOffset();
                    items.add(Arrays.copyOfRange(body, start, end));
                }
            }
            expect(seen, "a batch has a \"documents\" array");
            expect(p.nextToken() == null, "nothing may follow the batch object");
        } catch (IOException e) {
            throw new GatewayException(GatewayError.MALFORMED_INPUT,
                    "The batch is not readable JSON at line " + lineOf(e), e);
        }
        return items;
    }

    private static void expect(boolean condition, String rule) {
        if (!condition) {
            throw new GatewayException(GatewayError.MALFORMED_INPUT, "Unreadable batch: " + rule);
        }
    }

    private static String lineOf(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                ? j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "?";
    }
}
