package tw.gov.aee.gateway.simulator;

import java.util.List;
import java.util.Set;

/**
 * A group of simulated parties of one delivery mode (push, pull, broker, file), each a
 * {@link SimulatedRecipient}; what tests and the demo count at the recipients (DESIGN §9
 * "Counting deliveries") and the misbehaviour switch, the same for every mode.
 */
public abstract class SimulatedRecipients {

    /** The party's receiving system; IllegalArgumentException if this group does not simulate it. */
    abstract SimulatedRecipient party(String code);

    /** The codes of the simulated parties of this group. */
    public abstract Set<String> codes();

    /** Tells {@code listener} of every document a party of this group accepts, once per document. */
    public abstract void onProcessed(ProcessedListener listener);

    public void behave(String code, Behaviour behaviour) {
        party(code).behave(behaviour);
    }

    /** Documents the party processed (accepted), each once however often it reached the party. */
    public int processedCount(String code) {
        return party(code).processedCount();
    }

    public List<String> processedDocumentIds(String code) {
        return party(code).processedDocumentIds();
    }

    public List<ProcessedDocument> processedDocuments(String code) {
        return party(code).processedDocuments();
    }

    /** Every envelope that reached the party (not those refused while DOWN), duplicates included. */
    public long rawDeliveries(String code) {
        return party(code).rawDeliveries();
    }

    /** Envelopes that reached the party again and were not processed again. */
    public long duplicatesSuppressed(String code) {
        return party(code).duplicatesSuppressed();
    }

    /**
     * Every party of this group forgets the documents it processed (its counters stay): the
     * benchmark calls it after counting, to tell the gateway's own heap from the simulated banks'
     * records of every document.
     */
    public void forgetHistory() {
        for (String code : codes()) {
            party(code).forgetHistory();
        }
    }
}
