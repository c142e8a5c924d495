package tw.gov.aee.gateway.api;

import tw.gov.aee.gateway.participants.PartyKind;

/**
 * The authenticated caller: a participant of the directory whose TLS client certificate was
 * presented. The principal of every authenticated request.
 */
public record Party(String code, PartyKind kind) {

    /** The Spring Security authority for the kind, e.g. {@code ROLE_BRANCH}. */
    String role() {
        return "ROLE_" + kind.name();
    }
}
