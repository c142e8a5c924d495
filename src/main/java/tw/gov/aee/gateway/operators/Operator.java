package tw.gov.aee.gateway.operators;

/**
 * An authenticated operator (the agency's IT staff): the principal of an operator request, and the
 * actor of every audit entry it causes.
 */
public record Operator(String name, OperatorRole role) { }
