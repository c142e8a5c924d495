package tw.gov.aee.gateway.participants;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The participants directory (DESIGN.md §2): every branch, bank and agency the gateway talks
 * to, read from a versioned YAML file and reloadable without a restart.
 *
 * <p>Readers always see one complete, validated version: {@link #reload()} validates the whole
 * new file before it swaps the snapshot, and an invalid file, or one whose {@code version} does
 * not increase, leaves the old version in force. Lookups here read the version in force at the
 * moment of the call; take a {@link #snapshot()} when several lookups must agree.
 */
public class ParticipantsDirectory {

    private static final Logger log = LoggerFactory.getLogger(ParticipantsDirectory.class);

    private final Resource location;
    private final DirectoryReader reader;
    private final AtomicReference<DirectorySnapshot> current;
    private final Object reloading = new Object();
    private volatile long lastModified;

    /**
     * Reads the file at once.
     *
     * @throws DirectoryException if the file is invalid: the gateway does not start without a directory
     */
    public ParticipantsDirectory(Resource location, CertificateLocator certificates, boolean requireCertificates) {
        this.location = location;
        this.reader = new DirectoryReader(certificates, requireCertificates);
        // taken before reading, so that a change made while we read is seen by the next check
        this.lastModified = lastModifiedOrZero();
        DirectorySnapshot first = reader.read(location);
        this.current = new AtomicReference<>(first);
        logLoaded(first);
    }

    /**
     * Reads the file again and puts it in force if it is valid and its version is higher than the
     * one in force. Never throws for a bad file: the outcome (and the log) says why it was refused.
     */
    public ReloadOutcome reload() {
        synchronized (reloading) {
            DirectorySnapshot old = current.get();
            DirectorySnapshot candidate;
            try {
                candidate = reader.read(location);
            } catch (DirectoryException e) {
                return refuse(old, e);
            }
            if (candidate.version() < old.version()) {
                return refuse(old, new DirectoryException(DirectoryReader.source(location), List.of(
                        "version " + candidate.version() + " is lower than version " + old.version() + " in force")));
            }
            if (candidate.version() == old.version()) {
                if (sameContent(candidate, old)) {
                    return ReloadOutcome.unchanged(old.version());
                }
                return refuse(old, new DirectoryException(DirectoryReader.source(location), List.of(
                        "the content changed but version " + old.version() + " was not increased")));
            }
            current.set(candidate);
            logLoaded(candidate);
            return ReloadOutcome.loaded(candidate.version());
        }
    }

    /** Scheduled every {@code gateway.participants.reload-interval}: see {@link #reloadIfModified()}. */
    @Scheduled(fixedDelayString = "${gateway.participants.reload-interval:30s}",
            initialDelayString = "${gateway.participants.reload-interval:30s}")
    public void checkForChanges() {
        reloadIfModified();
    }

    /**
     * Reloads when the file's last-modified time has changed. Only a file on disk (a {@code file:}
     * location, or an exploded classpath) has one; a resource inside a jar cannot change.
     *
     * @return empty when nothing was read
     */
    public Optional<ReloadOutcome> reloadIfModified() {
        if (!location.isFile()) {
            return Optional.empty();
        }
        long now;
        try {
            now = location.lastModified();
        } catch (IOException e) {
            log.warn("Participants directory {} cannot be checked for changes ({}); version {} stays in force",
                    DirectoryReader.source(location), e.getClass().getSimpleName(), version());
            return Optional.empty();
        }
        if (now == lastModified) {
            return Optional.empty();
        }
        lastModified = now;
        return Optional.of(reload());
    }

    /** The version in force, whole. */
    public DirectorySnapshot snapshot() { return current.get(); }

    public int version() { return current.get().version(); }

    public LocalDate updated() { return current.get().updated(); }

    public Optional<Participant> find(String code) { return current.get().find(code); }

    /** @throws UnknownPartyException ({@code UNKNOWN_PARTY}) if there is no such party of that kind */
    public Participant require(String code, PartyKind kind) { return current.get().require(code, kind); }

    public List<Participant> all() { return current.get().all(); }

    public List<Participant> branches() { return current.get().branches(); }

    public List<Participant> institutions() { return current.get().institutions(); }

    public List<Participant> agencies() { return current.get().agencies(); }

    public List<Participant> agencyFor(AgencyCategory category) { return current.get().agencyFor(category); }

    public boolean isKnownInstitution(String headOfficeCode) { return current.get().isKnownInstitution(headOfficeCode); }

    /** @see DirectorySnapshot#certificate(String, CertificateRole) */
    public X509Certificate certificate(String code, CertificateRole role) {
        return current.get().certificate(code, role);
    }

    private ReloadOutcome refuse(DirectorySnapshot old, DirectoryException problem) {
        log.error("Participants directory reload refused, version {} stays in force: {}", old.version(), problem.getMessage());
        return ReloadOutcome.refused(old.version(), problem);
    }

    private static boolean sameContent(DirectorySnapshot a, DirectorySnapshot b) {
        return a.updated().equals(b.updated()) && a.all().equals(b.all());
    }

    private long lastModifiedOrZero() {
        try {
            return location.isFile() ? location.lastModified() : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }

    private void logLoaded(DirectorySnapshot s) {
        log.info("Participants directory version {} (updated {}) in force from {}: {} branches, {} institutions, {} agencies",
                s.version(), s.updated(), DirectoryReader.source(location),
                s.branches().size(), s.institutions().size(), s.agencies().size());
    }
}
