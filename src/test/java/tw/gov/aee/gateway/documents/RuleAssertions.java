package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import tw.gov.aee.gateway.GatewayError;

/** Asserts that a rule refuses a value with the expected error code and field. */
final class RuleAssertions {

    private RuleAssertions() {
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            ThrowingCallable call, GatewayError error, String field) {
        return assertThatThrownBy(call)
                .isInstanceOf(DocumentRuleException.class)
                .hasFieldOrPropertyWithValue("error", error)
                .hasFieldOrPropertyWithValue("field", field);
    }
}
