package tw.gov.aee.gateway.simulator;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import tw.gov.aee.gateway.documents.RocDate;

/**
 * Valid documents as a branch case system writes them, with fictitious obligors (correct
 * national-ID check digits) and fresh document numbers: what the demo's branches and the benchmark
 * submit. Thread-safe.
 */
public final class SampleDocuments {

    /** National-ID letter values, A to Z (I, O, W … are not in alphabetical order). */
    private static final int[] LETTER_VALUES = {10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25,
            26, 27, 28, 29, 32, 30, 31, 33};
    /** The kind of debt each case line is about (the case number's middle word). */
    private static final String[] CASE_WORDS = {"綜所稅", "健保費", "營業稅", "勞保費"};

    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger serial;

    /** @param firstSerial the first 7-digit serial of the document numbers (ROC year + serial + suffix) */
    public SampleDocuments(int firstSerial) {
        this.serial = new AtomicInteger(firstSerial);
    }

    /** A seizure order of a deposit to {@code banks}, with one case line per transferring agency. */
    public String seizureOrder(String branch, List<String> banks, List<String> agencies) {
        StringBuilder recipients = new StringBuilder();
        for (String b : banks) {
            recipients.append("<recipient><code>").append(b).append("</code><kind>BANK</kind></recipient>");
        }
        int year = rocYear();
        StringBuilder cases = new StringBuilder();
        long ceiling = 0;
        String firstCase = null;
        for (String agency : agencies) {
            String caseNumber = year + "年" + CASE_WORDS[random.nextInt(CASE_WORDS.length)] + "執字第"
                    + "%08d".formatted(random.nextInt(99_999_999)) + "號";
            firstCase = firstCase == null ? caseNumber : firstCase;
            long referred = 1_000 + random.nextInt(2_000_000);
            ceiling += referred;
            cases.append("<case><caseNumber>").append(caseNumber).append("</caseNumber><transferringAgency>")
                    .append(agency).append("</transferringAgency><agencyCaseReference>R").append(random.nextInt(99_999_999))
                    .append("</agencyCaseReference><amountReferred>").append(referred).append("</amountReferred></case>");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <EnforcementOrder xmlns="urn:tw:gov:aee:exchange:v1" schemaVersion="1.0">
                  <header>
                    <documentNumber>%1$d%2$07dA</documentNumber>
                    <caseNumber>%3$s</caseNumber>
                    <issuingBranch>%4$s</issuingBranch>
                    <sender><code>%4$s</code><kind>BRANCH</kind></sender>
                    %5$s
                    <issuedAt>%6$s</issuedAt>
                  </header>
                  <kind>SEIZURE</kind>
                  <obligor><name>王小明</name><nationalId>%7$s</nationalId></obligor>
                  %8$s
                  <amountCeiling>%9$d</amountCeiling>
                  <asset><kind>DEPOSIT</kind><description>義務人於受文金融機構之存款債權</description></asset>
                  <legalBasis>行政執行法第二十六條準用強制執行法第一百十五條第一項</legalBasis>
                </EnforcementOrder>
                """.formatted(year, nextSerial(), firstCase, branch, recipients, now(), nationalId(), cases, ceiling);
    }

    /** An execution certificate (執行憑證) for a case of {@code agency}, whose category it carries. */
    public String executionCertificate(String branch, String agency, String category) {
        int year = rocYear();
        long referred = 5_000 + random.nextInt(90_000);
        long collected = random.nextInt((int) referred);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ExecutionCertificate xmlns="urn:tw:gov:aee:exchange:v1" schemaVersion="1.0">
                  <header>
                    <documentNumber>%1$d%2$07dC</documentNumber>
                    <caseNumber>%1$d年健保費執字第%3$08d號</caseNumber>
                    <issuingBranch>%4$s</issuingBranch>
                    <sender><code>%4$s</code><kind>BRANCH</kind></sender>
                    <recipient><code>%10$s</code><kind>AGENCY</kind></recipient>
                    <issuedAt>%5$s</issuedAt>
                  </header>
                  <certificateNumber>%1$d年執憑字第%3$08d號</certificateNumber>
                  <obligor><name>林美華</name><nationalId>%6$s</nationalId></obligor>
                  <amountReferred>%7$d</amountReferred>
                  <amountCollected>%8$d</amountCollected>
                  <amountOutstanding>%9$d</amountOutstanding>
                  <reason>義務人現無財產可供執行，依行政執行法第二十七條核發執行憑證</reason>
                  <agency>%10$s</agency>
                  <agencyCaseReference>N%3$d</agencyCaseReference>
                  <category>%11$s</category>
                </ExecutionCertificate>
                """.formatted(year, nextSerial(), random.nextInt(99_999_999), branch, now(), nationalId(),
                referred, collected, referred - collected, agency, category);
    }

    /**
     * A full revocation (撤銷扣押命令) of an earlier seizure order the branch sent to {@code bank}:
     * the obligor paid in full.
     */
    public String seizureRevocation(String branch, String bank, String caseNumber, String orderNumber, String orderId,
                                    LocalDate orderIssuedOn) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <SeizureRevocation xmlns="urn:tw:gov:aee:exchange:v1" schemaVersion="1.0">
                  <header>
                    <documentNumber>%1$d%2$07dK</documentNumber>
                    <caseNumber>%3$s</caseNumber>
                    <issuingBranch>%4$s</issuingBranch>
                    <sender><code>%4$s</code><kind>BRANCH</kind></sender>
                    <recipient><code>%5$s</code><kind>BANK</kind></recipient>
                    <issuedAt>%6$s</issuedAt>
                  </header>
                  <revokes>
                    <documentNumber>%7$s</documentNumber>
                    <documentId>%8$s</documentId>
                    <issuedOn>%9$s</issuedOn>
                  </revokes>
                  <obligor><name>王小明</name><nationalId>%10$s</nationalId></obligor>
                  <reason>PAID_IN_FULL</reason>
                  <scope>FULL</scope>
                </SeizureRevocation>
                """.formatted(rocYear(), nextSerial(), caseNumber, branch, bank, now(), orderNumber, orderId, orderIssuedOn,
                nationalId());
    }

    /** A random national ID with a correct check digit (the obligors here are fictitious). */
    public String nationalId() {
        char letter = (char) ('A' + random.nextInt(26));
        int v = LETTER_VALUES[letter - 'A'];
        int[] d = new int[9];
        d[0] = 1 + random.nextInt(2);
        for (int i = 1; i < 8; i++) {
            d[i] = random.nextInt(10);
        }
        int sum = v / 10 + (v % 10) * 9;
        for (int i = 0; i < 8; i++) {
            sum += d[i] * (8 - i);
        }
        d[8] = (10 - sum % 10) % 10;
        StringBuilder s = new StringBuilder().append(letter);
        for (int x : d) {
            s.append(x);
        }
        return s.toString();
    }

    private int nextSerial() {
        return serial.getAndIncrement() % 10_000_000;
    }

    private static int rocYear() {
        return RocDate.of(LocalDate.now()).year();
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(8)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
