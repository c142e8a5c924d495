package tw.gov.aee.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.unit.DataSize;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;

/**
 * Reads a request body up to a limit. A declared length over the limit is refused before a byte
 * is read; otherwise at most limit + 1 bytes are read, so an oversized (or chunked, undeclared)
 * body is refused without ever being held in memory whole.
 */
final class BoundedBody {

    /** Request attribute holding the SHA-256 (hex) of the body read, for the audit entry. */
    static final String DIGEST_ATTRIBUTE = BoundedBody.class.getName() + ".digest";

    private BoundedBody() {
    }

    static byte[] read(HttpServletRequest request, DataSize limit) throws IOException {
        long max = limit.toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(limit);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        if (body.length > max) {
            throw tooLarge(limit);
        }
        request.setAttribute(DIGEST_ATTRIBUTE, sha256(body));
        return body;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }

    private static GatewayException tooLarge(DataSize limit) {
        return new GatewayException(GatewayError.INPUT_TOO_LARGE,
                "The body exceeds the limit of " + limit.toBytes() + " bytes");
    }
}
