package tw.gov.aee.gateway.participants;

/** What a party's certificate is for (DESIGN.md §9 "Certificates per party"). */
public enum CertificateRole {
    /** Verifies the party's CMS signatures (documents, replies, receipts). */
    SIGNING,
    /** Key transport for envelopes addressed to the party; banks and agencies only. */
    ENCRYPTION,
    /** Authenticates the party on mutual TLS. */
    TLS_CLIENT;

    /** The field under {@code certificates:} in the directory file. */
    public String field() {
        return switch (this) {
            case SIGNING -> "signing";
            case ENCRYPTION -> "encryption";
            case TLS_CLIENT -> "tlsClient";
        };
    }
}
