package tw.gov.aee.gateway.simulator;

/**
 * What a simulated party's back office does with a document it accepted, told once per document
 * (the simulated banks' replies, the benchmark's count at the recipients). It must not block: it
 * runs under the party's lock.
 */
@FunctionalInterface
public interface ProcessedListener {
    void processed(String party, String documentId, Object document);
}
