package tw.gov.aee.gateway.participants;

/** The document types a party may accept electronically (DESIGN.md §3). */
public enum DocumentType {
    /** 行政執行命令: seizure, collection, transfer or pay-over order. */
    ENFORCEMENT_ORDER,
    /** 撤銷扣押命令. */
    SEIZURE_REVOCATION,
    /** 金融機構回復: a bank's answer to an order (delivered to branches). */
    SEIZURE_REPLY,
    /** 執行憑證. */
    EXECUTION_CERTIFICATE,
    /** Signed acknowledgement of a delivered envelope. */
    RECEIPT,
    /** 批次查詢義務人存款餘額: pooled batch of obligor IDs per bank. */
    BALANCE_INQUIRY,
    /** A bank's answer to a balance inquiry (delivered to branches). */
    BALANCE_INQUIRY_RESULT,
    /** Case referral from the data-exchange platform. */
    CASE_REFERRAL,
    /** Case status export of the data-exchange platform. */
    CASE_STATUS
}
