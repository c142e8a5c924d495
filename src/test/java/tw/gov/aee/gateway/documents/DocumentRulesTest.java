package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.datatype.DatatypeFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.ClassPathResource;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.contract.v1.BalanceInquiry;
import tw.gov.aee.gateway.contract.v1.CaseCategory;
import tw.gov.aee.gateway.contract.v1.CaseReferral;
import tw.gov.aee.gateway.contract.v1.CaseStatus;
import tw.gov.aee.gateway.contract.v1.DocumentReference;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.ExecutionCertificate;
import tw.gov.aee.gateway.contract.v1.PartyKind;
import tw.gov.aee.gateway.contract.v1.PartyRef;
import tw.gov.aee.gateway.contract.v1.RevocationScope;
import tw.gov.aee.gateway.contract.v1.SeizureReply;
import tw.gov.aee.gateway.contract.v1.SeizureRevocation;
import tw.gov.aee.gateway.participants.CertificateLocator;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/** The domain rules beyond the XSD, against the shipped participants directory and the contract examples. */
class DocumentRulesTest {

    static final Path VALID = Path.of("schemas/examples/valid");
    static final DocumentReader READER = new DocumentReader();

    static DocumentRules rules;

    @BeforeAll
    static void loadShippedDirectory() {
        CertificateLocator noCertificatesNeeded = new CertificateLocator(Path.of("certs-sample"), file -> {
            throw new AssertionError("no certificate should be read without require-certificates");
        });
        rules = new DocumentRules(
                new ParticipantsDirectory(new ClassPathResource("participants.yaml"), noCertificatesNeeded, false));
    }

    static Stream<Path> validExamples() throws IOException {
        return Files.list(VALID).filter(p -> p.toString().endsWith(".xml")).sorted();
    }

    static <T> T example(String name, Class<T> type) {
        try {
            return READER.readXml(Files.readAllBytes(VALID.resolve(name)), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EnforcementOrder seizureOrder() {
        return example("enforcement-order-seizure.xml", EnforcementOrder.class);
    }

    static EnforcementOrder collectionOrder() {
        return example("enforcement-order-collection.xml", EnforcementOrder.class);
    }

    static SeizureRevocation revocation() {
        return example("seizure-revocation.xml", SeizureRevocation.class);
    }

    static SeizureReply reply() {
        return example("seizure-reply.xml", SeizureReply.class);
    }

    static ExecutionCertificate certificate() {
        return example("execution-certificate.xml", ExecutionCertificate.class);
    }

    /** The document breaks exactly one rule, with this error on this field, and check refuses it so. */
    static void assertOnlyProblem(Object document, GatewayError error, String field) {
        assertThat(rules.problems(document)).singleElement().satisfies(problem -> {
            assertThat(problem.error()).isEqualTo(error);
            assertThat(problem.field()).isEqualTo(field);
        });
        assertThatThrownBy(() -> rules.check(document))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.problems()).singleElement().asString().startsWith(field + ": ");
                });
    }

    static PartyRef party(String code, PartyKind kind) {
        PartyRef party = new PartyRef();
        party.setCode(code);
        party.setKind(kind);
        return party;
    }

    @ParameterizedTest
    @MethodSource("validExamples")
    void everyValidExampleKeepsEveryRule(Path example) throws IOException {
        Object document = READER.readXml(Files.readAllBytes(example));
        assertThat(rules.problems(document)).isEmpty();
        assertThatCode(() -> rules.check(document)).doesNotThrowAnyException();
    }

    @Test
    void acceptsARevocationOfACollectionOrder() {
        SeizureRevocation revocation = revocation();
        revocation.getRevokes().setDocumentNumber("1100318827X");
        assertThat(rules.problems(revocation)).isEmpty();
    }

    @Test
    void acceptsAReplyWhoseHeaderCarriesTheNumberOfACollectionOrder() {
        SeizureReply reply = reply();
        reply.getHeader().setDocumentNumber("1100318827X");
        assertThat(rules.problems(reply)).isEmpty();
    }

    @Test
    void reportsAllThreeProblemsOfADocumentThatBreaksThreeRules() {
        EnforcementOrder order = seizureOrder();
        order.getHeader().getRecipient().get(1).setCode("999");
        order.getObligor().setNationalId("A123456788");
        order.setAmountCeiling(2_000_000);

        assertThat(rules.problems(order)).extracting(DocumentRuleException::field)
                .containsExactly("header.recipient[1].code", "obligor.nationalId", "amountCeiling");
        assertThatThrownBy(() -> rules.check(order))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.error()).isEqualTo(GatewayError.UNKNOWN_INSTITUTION);
                    assertThat(e.problems()).hasSize(3);
                    assertThat(e.problems().get(0)).startsWith("header.recipient[1].code: ");
                    assertThat(e.problems().get(1)).startsWith("obligor.nationalId: check digit does not match");
                    assertThat(e.problems().get(2)).startsWith("amountCeiling: ");
                });
    }

    @Test
    void neverReportsAnObligorIdOrAccountNumberUnmasked() {
        EnforcementOrder order = seizureOrder();
        order.getObligor().setNationalId("A123456788");
        ExecutionCertificate certificate = certificate();
        certificate.getObligor().setBusinessNumber("24356783");
        SeizureRevocation revocation = revocation();
        revocation.getAccount().get(0).setAmountReleased(0);

        List<String> problems = Stream.of(order, certificate, revocation)
                .flatMap(document -> rules.problems(document).stream())
                .map(DocumentRuleException::getMessage).toList();
        assertThat(problems).hasSize(3)
                .noneMatch(p -> p.contains("A123456788") || p.contains("24356783") || p.contains("00012340567891"))
                .anyMatch(p -> p.contains("A1******88"));
        assertThatThrownBy(() -> rules.check(order)).isInstanceOfSatisfying(InvalidDocumentException.class,
                e -> assertThat(e.getMessage() + e.problems()).doesNotContain("A123456788"));
    }

    @Test
    void refusesAnObjectThatIsNotAContractDocument() {
        assertThatThrownBy(() -> rules.check("not a document")).isInstanceOf(IllegalArgumentException.class);
    }

    @Nested
    class ObligorFailures {

        @Test
        void refusesANationalIdWhoseCheckDigitDoesNotMatch() {
            EnforcementOrder order = seizureOrder();
            order.getObligor().setNationalId("A123456788");
            assertOnlyProblem(order, GatewayError.INVALID_NATIONAL_ID, "obligor.nationalId");
        }

        @Test
        void refusesABusinessNumberThatFailsThe2023Checksum() {
            ExecutionCertificate certificate = certificate();
            certificate.getObligor().setBusinessNumber("24356783");
            assertOnlyProblem(certificate, GatewayError.INVALID_BUSINESS_NUMBER, "obligor.businessNumber");
        }

        @Test
        void refusesABadNationalIdInABalanceInquiryEntry() {
            BalanceInquiry inquiry = example("balance-inquiry.xml", BalanceInquiry.class);
            inquiry.getEntry().get(1).getObligor().setNationalId("F223014565");
            assertOnlyProblem(inquiry, GatewayError.INVALID_NATIONAL_ID, "entry[1].obligor.nationalId");
        }

        @Test
        void refusesABadNationalIdInACaseReferral() {
            CaseReferral referral = example("case-referral.xml", CaseReferral.class);
            referral.getCase().get(0).getObligor().setNationalId("A123456780");
            assertOnlyProblem(referral, GatewayError.INVALID_NATIONAL_ID, "case[0].obligor.nationalId");
        }

        @Test
        void refusesABadNationalIdInASeizureReply() {
            SeizureReply reply = reply();
            reply.getObligor().setNationalId("A223456789");
            assertOnlyProblem(reply, GatewayError.INVALID_NATIONAL_ID, "obligor.nationalId");
        }
    }

    @Nested
    class HeaderFailures {

        @Test
        void refusesADocumentNumberThatDoesNotParse() {
            EnforcementOrder order = seizureOrder();
            order.getHeader().setDocumentNumber("110029539A");
            assertOnlyProblem(order, GatewayError.INVALID_DOCUMENT_NUMBER, "header.documentNumber");
        }

        @Test
        void refusesASeizureOrderNumberedAsACollection() {
            EnforcementOrder order = seizureOrder();
            order.getHeader().setDocumentNumber("1100295393X");
            assertOnlyProblem(order, GatewayError.INVALID_DOCUMENT_NUMBER, "header.documentNumber");
        }

        @Test
        void refusesARevocationNumberedAsASeizure() {
            SeizureRevocation revocation = revocation();
            revocation.getHeader().setDocumentNumber("1100301152A");
            assertOnlyProblem(revocation, GatewayError.INVALID_DOCUMENT_NUMBER, "header.documentNumber");
        }

        @Test
        void refusesACertificateNumberedAsARevocation() {
            ExecutionCertificate certificate = certificate();
            certificate.getHeader().setDocumentNumber("1100412876K");
            assertOnlyProblem(certificate, GatewayError.INVALID_DOCUMENT_NUMBER, "header.documentNumber");
        }

        @Test
        void refusesAReplyWhoseHeaderNumberDoesNotParse() {
            SeizureReply reply = reply();
            reply.getHeader().setDocumentNumber("1100295393Q");
            assertOnlyProblem(reply, GatewayError.INVALID_DOCUMENT_NUMBER, "header.documentNumber");
        }

        @Test
        void refusesACaseNumberThatDoesNotFollowTheForm() {
            SeizureRevocation revocation = revocation();
            revocation.getHeader().setCaseNumber("110年綜所稅執特專第00092475號");
            assertOnlyProblem(revocation, GatewayError.INVALID_CASE_NUMBER, "header.caseNumber");
        }

        @Test
        void refusesAnIssuingBranchNotInTheDirectory() {
            EnforcementOrder order = seizureOrder();
            order.getHeader().setIssuingBranch("TPX");
            order.getHeader().getSender().setCode("TPX");
            assertOnlyProblem(order, GatewayError.UNKNOWN_PARTY, "header.issuingBranch");
        }

        @Test
        void refusesAnIssuingBranchThatIsAnAgency() {
            SeizureReply reply = reply();
            reply.getHeader().setIssuingBranch("NTBT");
            assertOnlyProblem(reply, GatewayError.UNKNOWN_PARTY, "header.issuingBranch");
        }

        @Test
        void refusesABranchDocumentSentByAnotherBranch() {
            ExecutionCertificate certificate = certificate();
            certificate.getHeader().getSender().setCode("TPE");
            assertOnlyProblem(certificate, GatewayError.UNKNOWN_PARTY, "header.sender.code");
        }

        @Test
        void refusesABranchDocumentWhoseSenderIsNotOfKindBranch() {
            SeizureRevocation revocation = revocation();
            revocation.getHeader().getSender().setKind(PartyKind.AGENCY);
            assertOnlyProblem(revocation, GatewayError.UNKNOWN_PARTY, "header.sender.kind");
        }

        @Test
        void refusesARecipientBankNotInTheDirectory() {
            EnforcementOrder order = seizureOrder();
            order.getHeader().getRecipient().get(2).setCode("999");
            assertOnlyProblem(order, GatewayError.UNKNOWN_INSTITUTION, "header.recipient[2].code");
        }

        @Test
        void refusesABankBranchCodeThatIsNotFourDigits() {
            EnforcementOrder order = collectionOrder();
            order.getHeader().getRecipient().get(0).setInstitutionBranch("03A7");
            assertOnlyProblem(order, GatewayError.UNKNOWN_INSTITUTION, "header.recipient[0].institutionBranch");
        }

        @Test
        void refusesACopyToAgencyNotInTheDirectory() {
            EnforcementOrder order = seizureOrder();
            order.getHeader().getCopyTo().get(1).setCode("NHIX");
            assertOnlyProblem(order, GatewayError.UNKNOWN_PARTY, "header.copyTo[1].code");
        }

        @Test
        void refusesAPartyWhoseStatedKindIsNotItsKindInTheDirectory() {
            SeizureRevocation revocation = revocation();
            revocation.getHeader().getCopyTo().get(0).setCode("004");
            assertOnlyProblem(revocation, GatewayError.UNKNOWN_PARTY, "header.copyTo[0].code");
        }
    }

    @Nested
    class EnforcementOrderFailures {

        @Test
        void refusesACollectionOrderThatNamesNoSeizureOrder() {
            EnforcementOrder order = collectionOrder();
            order.setFollows(null);
            assertOnlyProblem(order, GatewayError.SCHEMA_INVALID, "follows");
        }

        @Test
        void refusesACollectionOrderThatFollowsAnotherCollectionOrder() {
            EnforcementOrder order = collectionOrder();
            order.getFollows().setDocumentNumber("1100300001X");
            assertOnlyProblem(order, GatewayError.INVALID_DOCUMENT_NUMBER, "follows.documentNumber");
        }

        @Test
        void refusesASeizureOrderThatFollowsAnotherOrder() {
            EnforcementOrder order = seizureOrder();
            DocumentReference follows = new DocumentReference();
            follows.setDocumentNumber("1100200001A");
            order.setFollows(follows);
            assertOnlyProblem(order, GatewayError.SCHEMA_INVALID, "follows");
        }

        @Test
        void refusesACaseLineWithABadCaseNumber() {
            EnforcementOrder order = seizureOrder();
            order.getCase().get(1).setCaseNumber("110年健保費執字第131208號號");
            assertOnlyProblem(order, GatewayError.INVALID_CASE_NUMBER, "case[1].caseNumber");
        }

        @Test
        void refusesATransferringAgencyThatIsABranch() {
            EnforcementOrder order = seizureOrder();
            order.getCase().get(0).setTransferringAgency("TPE");
            assertOnlyProblem(order, GatewayError.UNKNOWN_PARTY, "case[0].transferringAgency");
        }

        @Test
        void refusesAZeroAmountReferred() {
            EnforcementOrder order = collectionOrder();
            order.getCase().get(0).setAmountReferred(0);
            assertOnlyProblem(order, GatewayError.INVALID_AMOUNT, "case[0].amountReferred");
        }

        @Test
        void refusesAZeroCeiling() {
            EnforcementOrder order = seizureOrder();
            order.setAmountCeiling(0);
            assertOnlyProblem(order, GatewayError.INVALID_AMOUNT, "amountCeiling");
        }

        @Test
        void refusesACeilingAboveTheSumReferred() {
            EnforcementOrder order = seizureOrder();
            order.setAmountCeiling(1_294_717);
            assertOnlyProblem(order, GatewayError.INVALID_AMOUNT, "amountCeiling");
        }

        @Test
        void refusesAnOrderAddressedToAnAgency() {
            EnforcementOrder order = seizureOrder();
            order.getHeader().getRecipient().add(party("NTBT", PartyKind.AGENCY));
            assertOnlyProblem(order, GatewayError.UNKNOWN_PARTY, "header.recipient[3].kind");
        }

        @Test
        void refusesAReplyDeadlineBeforeTheIssueDate() throws Exception {
            EnforcementOrder order = seizureOrder();
            order.setReplyDeadline(DatatypeFactory.newInstance().newXMLGregorianCalendar("2021-03-07"));
            assertOnlyProblem(order, GatewayError.SCHEMA_INVALID, "replyDeadline");
        }
    }

    @Nested
    class SeizureRevocationFailures {

        @Test
        void refusesARevocationOfARevocation() {
            SeizureRevocation revocation = revocation();
            revocation.getRevokes().setDocumentNumber("1100300001K");
            assertOnlyProblem(revocation, GatewayError.INVALID_DOCUMENT_NUMBER, "revokes.documentNumber");
        }

        @Test
        void refusesAPartialRevocationWithoutAccounts() {
            SeizureRevocation revocation = revocation();
            revocation.getAccount().clear();
            assertOnlyProblem(revocation, GatewayError.SCHEMA_INVALID, "account");
        }

        @Test
        void refusesAFullRevocationThatListsAccounts() {
            SeizureRevocation revocation = revocation();
            revocation.setScope(RevocationScope.FULL);
            assertOnlyProblem(revocation, GatewayError.SCHEMA_INVALID, "account");
        }

        @Test
        void refusesAZeroAmountReleased() {
            SeizureRevocation revocation = revocation();
            revocation.getAccount().get(0).setAmountReleased(0);
            assertOnlyProblem(revocation, GatewayError.INVALID_AMOUNT, "account[0].amountReleased");
        }
    }

    @Nested
    class SeizureReplyFailures {

        @Test
        void refusesAReplySentByABranch() {
            SeizureReply reply = reply();
            reply.getHeader().setSender(party("TPE", PartyKind.BRANCH));
            assertOnlyProblem(reply, GatewayError.UNKNOWN_INSTITUTION, "header.sender.kind");
        }

        @Test
        void refusesAReplyFromAnUnknownBank() {
            SeizureReply reply = reply();
            reply.getHeader().getSender().setCode("998");
            assertOnlyProblem(reply, GatewayError.UNKNOWN_INSTITUTION, "header.sender.code");
        }

        @Test
        void refusesATotalThatIsNotTheSumSeized() {
            SeizureReply reply = reply();
            reply.setTotalSeized(186_500);
            assertOnlyProblem(reply, GatewayError.INVALID_AMOUNT, "totalSeized");
        }

        @Test
        void refusesMoreSeizedThanTheBalance() {
            SeizureReply reply = reply();
            reply.getAccount().get(1).setAmountSeized(313);
            reply.setTotalSeized(186_250 + 313);
            assertOnlyProblem(reply, GatewayError.INVALID_AMOUNT, "account[1].amountSeized");
        }
    }

    @Nested
    class ExecutionCertificateFailures {

        @Test
        void refusesAnOutstandingAmountThatIsNotReferredLessCollected() {
            ExecutionCertificate certificate = certificate();
            certificate.setAmountOutstanding(37_481);
            assertOnlyProblem(certificate, GatewayError.INVALID_AMOUNT, "amountOutstanding");
        }

        @Test
        void refusesMoreCollectedThanReferred() {
            ExecutionCertificate certificate = certificate();
            certificate.setAmountCollected(45_601);
            certificate.setAmountOutstanding(0);
            assertOnlyProblem(certificate, GatewayError.INVALID_AMOUNT, "amountCollected");
        }

        @Test
        void refusesAnAgencyNotInTheDirectory() {
            ExecutionCertificate certificate = certificate();
            certificate.setAgency("MVKHH");
            assertOnlyProblem(certificate, GatewayError.UNKNOWN_PARTY, "agency");
        }

        @Test
        void refusesACategoryThatIsNotTheAgencys() {
            ExecutionCertificate certificate = certificate();
            certificate.setCategory(CaseCategory.TAX);
            assertOnlyProblem(certificate, GatewayError.SCHEMA_INVALID, "category");
        }
    }

    @Nested
    class BatchFailures {

        @Test
        void refusesABadCaseNumberInABalanceInquiryEntry() {
            BalanceInquiry inquiry = example("balance-inquiry.xml", BalanceInquiry.class);
            inquiry.getEntry().get(2).setCaseNumber("109牌照稅執字第00561234號");
            assertOnlyProblem(inquiry, GatewayError.INVALID_CASE_NUMBER, "entry[2].caseNumber");
        }

        @Test
        void refusesABadCaseNumberInACaseStatus() {
            CaseStatus status = example("case-status.xml", CaseStatus.class);
            status.getCase().get(1).setCaseNumber("108年公退罰執特專字第０００92475號");
            assertThat(rules.problems(status)).singleElement()
                    .satisfies(p -> assertThat(p.field()).isEqualTo("case[1].caseNumber"))
                    .satisfies(p -> assertThat(p.error()).isEqualTo(GatewayError.NON_ASCII_DIGITS));
        }
    }
}
