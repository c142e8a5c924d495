package tw.gov.aee.gateway.participants;

/** What kind of party a participants-directory entry describes. */
public enum PartyKind {
    /** One of the Administrative Enforcement Agency's 13 branches (分署); issues documents. */
    BRANCH,
    /** A financial institution (bank, credit co-op, Chunghwa Post), keyed by its 3-digit head-office code. */
    BANK,
    /** A transferring agency (移送機關): tax bureau, NHI, labour insurance, motor vehicles. */
    AGENCY
}
