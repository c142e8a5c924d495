package tw.gov.aee.gateway.intake;

/** How a branch sent its document. */
public enum BodyFormat { XML, JSON }
