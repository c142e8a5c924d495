package tw.gov.aee.gateway.participants;

import java.util.Optional;

/**
 * What a {@link ParticipantsDirectory#reload()} did.
 *
 * @param versionInForce the directory version in force afterwards
 * @param problem        why the file was refused; null unless {@code status} is REFUSED
 */
public record ReloadOutcome(Status status, int versionInForce, DirectoryException problem) {

    public enum Status {
        /** A newer valid version is now in force. */
        LOADED,
        /** The file holds the version already in force, unchanged. */
        UNCHANGED,
        /** The file is invalid or its version does not increase; the old version stays in force. */
        REFUSED
    }

    static ReloadOutcome loaded(int version) { return new ReloadOutcome(Status.LOADED, version, null); }
    static ReloadOutcome unchanged(int version) { return new ReloadOutcome(Status.UNCHANGED, version, null); }
    static ReloadOutcome refused(int version, DirectoryException problem) {
        return new ReloadOutcome(Status.REFUSED, version, problem);
    }

    public Optional<DirectoryException> problemIfAny() { return Optional.ofNullable(problem); }
}
