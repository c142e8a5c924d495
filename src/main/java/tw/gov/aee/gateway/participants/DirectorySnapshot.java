package tw.gov.aee.gateway.participants;

import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One validated version of the participants directory. Immutable, apart from a cache of the
 * certificates loaded so far, which lives and dies with this version. Take one snapshot when
 * several lookups must agree with each other across a reload.
 */
public final class DirectorySnapshot {

    private final int version;
    private final LocalDate updated;
    private final List<Participant> parties;
    private final Map<String, Participant> byCode;
    private final CertificateLocator certificates;
    private final Map<String, X509Certificate> loadedCertificates = new ConcurrentHashMap<>();

    DirectorySnapshot(int version, LocalDate updated, List<Participant> parties, CertificateLocator certificates) {
        this.version = version;
        this.updated = updated;
        this.parties = List.copyOf(parties);
        Map<String, Participant> index = new LinkedHashMap<>();
        parties.forEach(p -> index.put(p.code(), p));
        this.byCode = Map.copyOf(index);
        this.certificates = certificates;
    }

    /** The file's {@code version}; it only ever increases. */
    public int version() { return version; }

    /** The file's {@code updated} date. */
    public LocalDate updated() { return updated; }

    /** Every party, in file order. */
    public List<Participant> all() { return parties; }

    public Optional<Participant> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code));
    }

    /** The party with this code, which must be of this kind. */
    public Participant require(String code, PartyKind kind) {
        return find(code).filter(p -> p.kind() == kind).orElseThrow(() -> new UnknownPartyException(code, kind));
    }

    public List<Participant> branches() { return ofKind(PartyKind.BRANCH); }

    /** Financial institutions (banks, Chunghwa Post). */
    public List<Participant> institutions() { return ofKind(PartyKind.BANK); }

    public List<Participant> agencies() { return ofKind(PartyKind.AGENCY); }

    /** The transferring agencies of a category, in file order. */
    public List<Participant> agencyFor(AgencyCategory category) {
        return parties.stream().filter(p -> p.kind() == PartyKind.AGENCY && p.category() == category).toList();
    }

    /**
     * Whether a 3-digit head-office code names a financial institution in the directory (paper-only
     * ones included: they still receive orders, on paper).
     */
    public boolean isKnownInstitution(String headOfficeCode) {
        return find(headOfficeCode).map(Participant::isBank).orElse(false);
    }

    /**
     * The party's certificate for the role, loaded from the PKI folder on first use and kept for
     * as long as this version of the directory is in force.
     */
    public X509Certificate certificate(String code, CertificateRole role) {
        Participant participant = find(code).orElseThrow(() -> new UnknownPartyException(code, null));
        return loadedCertificates.computeIfAbsent(code + "/" + role, key -> certificates.load(participant, role));
    }

    void preload(Participant participant, CertificateRole role) {
        certificate(participant.code(), role);
    }

    private List<Participant> ofKind(PartyKind kind) {
        return parties.stream().filter(p -> p.kind() == kind).toList();
    }
}
