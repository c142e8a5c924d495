package tw.gov.aee.gateway.simulator;

/** How a simulated party answers a pushed delivery; switched per party by tests and the demo. */
public enum Behaviour {
    /** Opens, verifies, processes once and answers with its own signed receipt. */
    NORMAL,
    /** Answers every delivery with a SOAP Server fault and receives nothing (an outage). */
    DOWN,
    /** Processes the document, then answers with bytes that are not CMS. */
    GARBAGE,
    /** Processes the document, then signs the receipt with another bank's key. */
    WRONG_SIGNER,
    /** Processes the document, then names a wrong envelope digest in its (correctly signed) receipt. */
    WRONG_DIGEST
}
