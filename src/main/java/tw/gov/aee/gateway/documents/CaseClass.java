package tw.gov.aee.gateway.documents;

/**
 * The class of a case by the amount referred (design brief §7): the Agency handles
 * 普案, 專案 and 特專案 cases with increasing priority and reports on each separately.
 *
 * <ul>
 *   <li>{@link #GENERAL} 普案: under NT$200,000;</li>
 *   <li>{@link #SPECIAL} 專案: NT$200,000 up to but excluding NT$1,000,000;</li>
 *   <li>{@link #MAJOR} 特專案: NT$1,000,000 and over.</li>
 * </ul>
 */
public enum CaseClass {

    /** 普案: referred amount under NT$200,000. */
    GENERAL("普案"),
    /** 專案: referred amount from NT$200,000 up to but excluding NT$1,000,000. */
    SPECIAL("專案"),
    /** 特專案: referred amount of NT$1,000,000 and over. */
    MAJOR("特專案");

    /** Lowest amount of a {@link #SPECIAL} case. */
    public static final long SPECIAL_FROM = 200_000L;
    /** Lowest amount of a {@link #MAJOR} case. */
    public static final long MAJOR_FROM = 1_000_000L;

    private final String label;

    CaseClass(String label) {
        this.label = label;
    }

    /**
     * The class of a case referred for the given amount.
     *
     * @throws DocumentRuleException {@link tw.gov.aee.gateway.GatewayError#INVALID_AMOUNT} unless
     *     the amount is 1 to {@link NtDollars#MAX}
     */
    public static CaseClass of(long referredAmount) {
        return of(NtDollars.of(referredAmount, "referredAmount"));
    }

    public static CaseClass of(NtDollars referredAmount) {
        long amount = referredAmount.value();
        if (amount >= MAJOR_FROM) {
            return MAJOR;
        }
        return amount >= SPECIAL_FROM ? SPECIAL : GENERAL;
    }

    /** The Chinese name: 普案, 專案 or 特專案. */
    public String label() {
        return label;
    }
}
