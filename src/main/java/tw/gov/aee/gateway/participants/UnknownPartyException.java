package tw.gov.aee.gateway.participants;

import java.util.Locale;

import tw.gov.aee.gateway.GatewayError;

/** A party code is not in the directory, or names a party of another kind. */
public class UnknownPartyException extends DirectoryException {

    UnknownPartyException(String code, PartyKind expected) {
        super(GatewayError.UNKNOWN_PARTY, expected == null
                ? "No party " + quote(code) + " in the participants directory"
                : "No " + expected.name().toLowerCase(Locale.ROOT) + " " + quote(code)
                        + " in the participants directory");
    }
}
