package tw.gov.aee.gateway.documents;

import java.util.Objects;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;

/**
 * A value in a document breaks one of the domain rules the XSD cannot express (checksums,
 * calendars, known institutions, ASCII digits). Carries the {@link GatewayError} the caller sees
 * and the path of the offending field, such as {@code obligor.nationalId}, so that a problem
 * report can list every bad field.
 *
 * <p>Messages name the rule broken; they never echo a full national ID, business number or
 * account number (see {@link Masking#mask(String)}).
 */
public final class DocumentRuleException extends GatewayException {

    private final String field;

    public DocumentRuleException(GatewayError error, String field, String message) {
        super(error, Objects.requireNonNull(field, "field") + ": " + message);
        this.field = field;
    }

    public DocumentRuleException(GatewayError error, String field, String message, Throwable cause) {
        super(error, Objects.requireNonNull(field, "field") + ": " + message, cause);
        this.field = field;
    }

    /** Path of the offending field, e.g. {@code obligor.nationalId}. */
    public String field() {
        return field;
    }
}
