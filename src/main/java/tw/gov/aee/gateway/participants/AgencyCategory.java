package tw.gov.aee.gateway.participants;

/** The category of a transferring agency; execution certificates carry the same categories. */
public enum AgencyCategory {
    /** Tax bureaus (國稅局, 地方稅務局). */
    TAX,
    /** National Health Insurance Administration (健保署). */
    NHI,
    /** Bureau of Labor Insurance (勞保局). */
    LABOUR_INSURANCE,
    /** Motor-vehicle offices (公路局, 監理所): fines and fuel fees. */
    MOTOR_VEHICLE
}
