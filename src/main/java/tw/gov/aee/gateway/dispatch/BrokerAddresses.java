package tw.gov.aee.gateway.dispatch;

import java.util.List;

import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.Transport;

/**
 * The broker addresses of a BROKER party (DESIGN §9): {@code bank.<code>.in} carries documents to
 * the bank, {@code bank.<code>.out} its receipts and replies to the gateway; agencies alike under
 * {@code agency.}. Codes come from the directory only, never from a message, so a code names an
 * address only once the directory knows it.
 */
public final class BrokerAddresses {

    private BrokerAddresses() { }

    /** Banks and agencies of the directory in force whose transport is BROKER. */
    public static List<Participant> brokerParties(ParticipantsDirectory directory) {
        return directory.all().stream()
                .filter(p -> (p.isBank() || p.isAgency()) && p.transport() == Transport.BROKER)
                .toList();
    }

    public static String in(Participant party) {
        return prefix(party) + party.code() + ".in";
    }

    public static String out(Participant party) {
        return prefix(party) + party.code() + ".out";
    }

    /** Where a BROKER branch reads its replies: {@code branch.<code>.replies} (gateway sends only). */
    public static String replies(Participant branch) {
        if (!branch.isBranch()) {
            throw new IllegalArgumentException(branch.code() + " is no branch");
        }
        return "branch." + branch.code() + ".replies";
    }

    private static String prefix(Participant party) {
        if (party.isBank()) {
            return "bank.";
        }
        if (party.isAgency()) {
            return "agency.";
        }
        throw new IllegalArgumentException(party.code() + " is no bank or agency");
    }
}
