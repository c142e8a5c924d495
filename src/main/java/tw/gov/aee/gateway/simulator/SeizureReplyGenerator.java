package tw.gov.aee.gateway.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;

import tw.gov.aee.gateway.contract.v1.AccountType;
import tw.gov.aee.gateway.contract.v1.DocumentHeader;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.Obligor;
import tw.gov.aee.gateway.contract.v1.PartyKind;
import tw.gov.aee.gateway.contract.v1.PartyRef;
import tw.gov.aee.gateway.contract.v1.ReplyReference;
import tw.gov.aee.gateway.contract.v1.SeizedAccount;
import tw.gov.aee.gateway.contract.v1.SeizureReply;
import tw.gov.aee.gateway.contract.v1.SeizureResult;

/**
 * Writes the SeizureReply a bank's system would send for a seizure order: a header of its own (new
 * id, the order's 文號 and case, sender the bank, recipient the issuing branch), what it answers
 * (order id, number, the bank's reference), the order's obligor, a result and the accounts behind
 * it — masked numbers, balances, amounts seized (never more than the order's ceiling), the NT$250
 * fee, the welfare flag. Without a {@link Plan} the result follows from a hash of the order's
 * document id, so the demo shows a mix and a rerun the same answers. Pure: no keys, no I/O.
 */
public final class SeizureReplyGenerator {

    /** Banks charge this per seized account. */
    public static final long FEE = 250;
    /** Banks do not seize less than this (the minimum worth seizing). */
    public static final long MINIMUM = 450;
    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    /** Weighted: the common answers more often. */
    private static final List<SeizureResult> MIX = List.of(SeizureResult.SEIZED_IN_FULL, SeizureResult.SEIZED_IN_PART,
            SeizureResult.NO_ACCOUNT, SeizureResult.SEIZED_IN_FULL, SeizureResult.INSUFFICIENT_BALANCE,
            SeizureResult.SEIZED_IN_PART, SeizureResult.BELOW_MINIMUM, SeizureResult.NO_ACCOUNT,
            SeizureResult.ACCOUNT_CLOSED, SeizureResult.PRIOR_SEIZURE, SeizureResult.NAME_OR_ID_MISMATCH,
            SeizureResult.OBJECTION);

    /**
     * How a bank answers (the knobs tests turn).
     *
     * @param result        null: chosen from the order id's hash
     * @param amountSeized  null: what the result implies; else the total to seize (capped at the ceiling)
     * @param welfare       the seized account holds a social-welfare benefit
     */
    public record Plan(SeizureResult result, Long amountSeized, boolean welfare) {
        public static final Plan DEFAULT = new Plan(null, null, false);

        public static Plan of(SeizureResult result) {
            return new Plan(result, null, false);
        }

        public Plan seizing(long amount) {
            return new Plan(result, amount, welfare);
        }

        public Plan welfare(boolean flag) {
            return new Plan(result, amountSeized, flag);
        }
    }

    private final DatatypeFactory datatypes;

    public SeizureReplyGenerator() {
        try {
            datatypes = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result a bank gives an order when no plan says otherwise. */
    public static SeizureResult defaultResult(String orderId) {
        return MIX.get((int) (hash(orderId) % MIX.size()));
    }

    /**
     * @param orderId the order's document id (as delivered)
     * @param bank    the answering bank's code
     */
    public SeizureReply reply(EnforcementOrder order, String orderId, String bank, Plan plan, Instant now) {
        DocumentHeader o = order.getHeader();
        SeizureReply r = new SeizureReply();
        DocumentHeader h = new DocumentHeader();
        h.setDocumentId(UUID.randomUUID().toString());
        h.setDocumentNumber(o.getDocumentNumber());
        h.setCaseNumber(o.getCaseNumber());
        h.setIssuingBranch(o.getIssuingBranch());
        h.setSender(party(bank, PartyKind.BANK));
        h.getRecipient().add(party(o.getIssuingBranch(), PartyKind.BRANCH));
        h.setIssuedAt(datatypes.newXMLGregorianCalendar(GregorianCalendar.from(now.atZone(TAIPEI))));
        r.setHeader(h);
        ReplyReference ref = new ReplyReference();
        ref.setDocumentId(orderId);
        ref.setDocumentNumber(o.getDocumentNumber());
        long h32 = hash(orderId + bank);
        ref.setBankReference(bank + "-" + now.atZone(TAIPEI).getYear() + "-" + String.format("%06d", h32 % 1_000_000));
        r.setInReplyTo(ref);
        Obligor obligor = new Obligor();
        obligor.setName(order.getObligor().getName());
        obligor.setNationalId(order.getObligor().getNationalId());
        obligor.setBusinessNumber(order.getObligor().getBusinessNumber());
        r.setObligor(obligor);
        SeizureResult result = plan.result() != null ? plan.result() : defaultResult(orderId);
        r.setResult(result);
        long ceiling = order.getAmountCeiling();
        String masked = bank + String.format("%03d", h32 % 1000) + "****" + String.format("%02d", h32 % 97);
        switch (result) {
            case SEIZED_IN_FULL -> {
                long seized = Math.min(ceiling, plan.amountSeized() == null ? ceiling : plan.amountSeized());
                r.getAccount().add(account(masked, AccountType.SAVINGS_DEPOSIT, seized + FEE + h32 % 50_000, seized,
                        plan.welfare()));
            }
            case SEIZED_IN_PART -> {
                long seized = plan.amountSeized() != null ? Math.min(ceiling, plan.amountSeized())
                        : Math.max(1, Math.min(ceiling - 1, ceiling / 3 + h32 % 1000));
                r.getAccount().add(account(masked, AccountType.SAVINGS_DEPOSIT, seized + FEE, seized, plan.welfare()));
                r.setRemark("存款餘額不足，僅扣押部分金額");
            }
            case INSUFFICIENT_BALANCE -> {
                r.getAccount().add(account(masked, AccountType.DEMAND_DEPOSIT, 0, 0, plan.welfare()));
                r.setRemark("存款餘額為零");
            }
            case BELOW_MINIMUM -> {
                r.getAccount().add(account(masked, AccountType.DEMAND_DEPOSIT, 1 + h32 % (MINIMUM - 1), 0, plan.welfare()));
                r.setRemark("存款餘額未達新臺幣四百五十元，未予扣押");
            }
            case ACCOUNT_CLOSED -> {
                r.getAccount().add(account(masked, AccountType.CHECKING, 0, 0, false));
                r.setRemark("帳戶已結清");
            }
            case PRIOR_SEIZURE -> {
                r.getAccount().add(account(masked, AccountType.SAVINGS_DEPOSIT, 20_000 + h32 % 100_000, 0, false));
                r.setRemark("存款已遭其他債權人扣押");
            }
            case NO_ACCOUNT -> r.setRemark("義務人於本行無存款帳戶");
            case NAME_OR_ID_MISMATCH -> r.setRemark("義務人姓名與身分證統一編號不符");
            case OBJECTION -> r.setRemark("本行對扣押命令聲明異議");
        }
        r.setTotalSeized(r.getAccount().stream().mapToLong(SeizedAccount::getAmountSeized).sum());
        return r;
    }

    private static SeizedAccount account(String masked, AccountType type, long balance, long seized, boolean welfare) {
        SeizedAccount a = new SeizedAccount();
        a.setMaskedAccountNumber(masked);
        a.setAccountType(type);
        a.setBalance(balance);
        a.setAmountSeized(seized);
        a.setFee(seized > 0 ? FEE : 0);
        a.setWelfareBenefit(welfare);
        return a;
    }

    private static PartyRef party(String code, PartyKind kind) {
        PartyRef p = new PartyRef();
        p.setCode(code);
        p.setKind(kind);
        return p;
    }

    private static long hash(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
