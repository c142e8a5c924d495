package tw.gov.aee.gateway.operators;

import java.util.List;

/**
 * What an operator may do (DESIGN §9 "Operators"), each role including the ones below it:
 * VIEWER lists and reads, OPERATOR also replays and confirms, ADMIN everything.
 */
public enum OperatorRole {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** The Spring Security authorities of this role and every role below it, e.g. {@code ROLE_VIEWER}. */
    public List<String> authorities() {
        return java.util.Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal()).map(OperatorRole::authority).toList();
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
