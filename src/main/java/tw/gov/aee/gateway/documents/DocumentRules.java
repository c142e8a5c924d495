package tw.gov.aee.gateway.documents;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.XMLGregorianCalendar;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.contract.v1.BalanceInquiry;
import tw.gov.aee.gateway.contract.v1.BalanceInquiryResult;
import tw.gov.aee.gateway.contract.v1.CaseReferral;
import tw.gov.aee.gateway.contract.v1.CaseStatus;
import tw.gov.aee.gateway.contract.v1.DocumentHeader;
import tw.gov.aee.gateway.contract.v1.DocumentReference;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.ExecutionCertificate;
import tw.gov.aee.gateway.contract.v1.Obligor;
import tw.gov.aee.gateway.contract.v1.OrderCase;
import tw.gov.aee.gateway.contract.v1.OrderKind;
import tw.gov.aee.gateway.contract.v1.PartyRef;
import tw.gov.aee.gateway.contract.v1.Receipt;
import tw.gov.aee.gateway.contract.v1.RevocationScope;
import tw.gov.aee.gateway.contract.v1.SeizedAccount;
import tw.gov.aee.gateway.contract.v1.SeizureReply;
import tw.gov.aee.gateway.contract.v1.SeizureRevocation;
import tw.gov.aee.gateway.participants.DirectorySnapshot;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.PartyKind;

/**
 * The domain rules a contract document must keep beyond its XSD, applied to a document that
 * {@link DocumentReader} has already read and validated. Every rule is checked and every problem
 * collected, so a sender can fix them all at once; {@link #check(Object)} then refuses the document
 * with the {@link GatewayError} of the first problem, and {@link #problems(Object)} lists them for
 * batch answers. Problems are reported as {@code "<field path>: <message>"}, such as
 * {@code obligor.nationalId: check digit does not match (A1******88)}; obligor IDs appear only
 * masked and account numbers never.
 *
 * <p>The rules (design brief §3, §4 "Party codes are checked against the directory"):
 * <ol>
 * <li><b>Obligor</b> (orders, revocations, replies, certificates, balance-inquiry entries, case
 *     referrals): a national ID has a valid check digit ({@link NationalId}); a unified business
 *     number holds under the 2023 rule ({@link UnifiedBusinessNumber}).
 * <li><b>Header</b> of branch and bank documents: the document number parses
 *     ({@link DocumentNumber}) and its kind letter fits the document — an order's kind (SEIZURE A,
 *     COLLECTION X, TRANSFER T, PAY_OVER Y), a revocation K, a certificate C; a seizure reply carries
 *     the answered order's number, which need only parse. The case number parses
 *     ({@link CaseNumber}). The issuing branch is a BRANCH in the directory; on a branch's own
 *     documents (order, revocation, certificate) the sender is that branch, of kind BRANCH. Every
 *     recipient and copy-to party exists in the directory with the kind it states: a BANK is a
 *     known institution ({@link GatewayError#UNKNOWN_INSTITUTION}), with its optional branch code
 *     checked by {@link InstitutionCode}; any other kind is {@link GatewayError#UNKNOWN_PARTY}.
 * <li><b>EnforcementOrder</b>: a collection, transfer or pay-over order names in {@code follows}
 *     the seizure order it follows, whose number has the letter A; a seizure order names none. Each
 *     case line has a valid case number, a transferring agency that is an AGENCY in the directory
 *     and a positive whole amount referred. The amount ceiling is a positive whole amount no
 *     greater than the sum referred ({@link GatewayError#INVALID_AMOUNT}). Every recipient is a
 *     BANK. The reply deadline, if any, is not before the issue date.
 * <li><b>SeizureRevocation</b>: the order revoked has the number of an order (A, X, Y or T); a
 *     PARTIAL revocation lists at least one account, each with a positive whole amount released; a
 *     FULL revocation lists none.
 * <li><b>SeizureReply</b>: the sender is a BANK known to the directory; the total seized equals the
 *     sum of the amounts seized, and no account has more seized than its balance
 *     ({@link GatewayError#INVALID_AMOUNT}).
 * <li><b>ExecutionCertificate</b>: the amount referred is positive, the amount collected does not
 *     exceed it and the amount outstanding is their difference ({@link GatewayError#INVALID_AMOUNT});
 *     the agency is an AGENCY in the directory whose category is the certificate's category.
 * <li><b>Receipt, BalanceInquiry, BalanceInquiryResult, CaseReferral, CaseStatus</b>: the obligor
 *     and case-number rules where these documents carry them; nothing else (a batch's parties are
 *     the gateway and banks' batch systems, checked where the batch is routed).
 * </ol>
 *
 * <p>Error codes where no specific one exists: a party that exists but may not play its role
 * (an order addressed to an agency, a sender that is not the issuing branch) is
 * {@link GatewayError#UNKNOWN_PARTY} ({@link GatewayError#UNKNOWN_INSTITUTION} for a reply not sent
 * by a bank); a structure the XSD allows but the document kind does not (a missing or unexpected
 * {@code follows}, accounts that contradict the revocation's scope, a deadline before the issue
 * date, a certificate category that is not its agency's) is {@link GatewayError#SCHEMA_INVALID}.
 *
 * <p>Thread-safe: holds no state but the directory, and reads one {@link DirectorySnapshot} per
 * document so that a reload in the middle cannot mix two versions.
 */
public final class DocumentRules {

    private static final Set<DocumentNumber.Kind> ORDER_KINDS = EnumSet.of(DocumentNumber.Kind.SEIZURE,
            DocumentNumber.Kind.COLLECTION, DocumentNumber.Kind.TRANSFER, DocumentNumber.Kind.PAY_OVER);

    private final ParticipantsDirectory directory;

    public DocumentRules(ParticipantsDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Applies every rule to a document read by {@link DocumentReader}.
     *
     * @throws InvalidDocumentException if any rule is broken: its error is the first problem's, and
     *     its problems list every problem as {@code "<field path>: <message>"}
     * @throws IllegalArgumentException if the object is not a contract document
     */
    public void check(Object document) {
        List<DocumentRuleException> problems = problems(document);
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems.get(0).error(),
                    document.getClass().getSimpleName() + " breaks " + problems.size()
                            + (problems.size() == 1 ? " domain rule" : " domain rules"),
                    problems.stream().map(DocumentRuleException::getMessage).toList());
        }
    }

    /**
     * Every rule the document breaks, in document order; empty if it keeps them all.
     *
     * @throws IllegalArgumentException if the object is not a contract document
     */
    public List<DocumentRuleException> problems(Object document) {
        Objects.requireNonNull(document, "document");
        Check check = new Check(directory.snapshot());
        if (document instanceof EnforcementOrder order) {
            check.order(order);
        } else if (document instanceof SeizureRevocation revocation) {
            check.revocation(revocation);
        } else if (document instanceof SeizureReply reply) {
            check.reply(reply);
        } else if (document instanceof ExecutionCertificate certificate) {
            check.certificate(certificate);
        } else if (document instanceof BalanceInquiry inquiry) {
            check.inquiry(inquiry);
        } else if (document instanceof CaseReferral referral) {
            check.referral(referral);
        } else if (document instanceof CaseStatus status) {
            check.status(status);
        } else if (!(document instanceof Receipt) && !(document instanceof BalanceInquiryResult)) {
            // Neither carries an obligor or a case number: nothing beyond the XSD to check.
            throw new IllegalArgumentException("not a contract document: " + document.getClass().getName());
        }
        return List.copyOf(check.problems);
    }

    /** One document's check: the snapshot it reads and the problems it has found so far. */
    private static final class Check {

        private final DirectorySnapshot directory;
        private final List<DocumentRuleException> problems = new ArrayList<>();

        Check(DirectorySnapshot directory) {
            this.directory = directory;
        }

        void order(EnforcementOrder order) {
            OrderKind kind = order.getKind();
            DocumentHeader header = order.getHeader();
            header(header, kind == null ? null : letterOf(kind), true);
            for (int i = 0; i < header.getRecipient().size(); i++) {
                PartyRef recipient = header.getRecipient().get(i);
                if (recipient.getKind() != tw.gov.aee.gateway.contract.v1.PartyKind.BANK) {
                    add(GatewayError.UNKNOWN_PARTY, "header.recipient[" + i + "].kind",
                            "an enforcement order is addressed to banks only, not to a " + recipient.getKind());
                }
            }
            if (kind == OrderKind.SEIZURE && order.getFollows() != null) {
                add(GatewayError.SCHEMA_INVALID, "follows", "a seizure order follows no other order");
            } else if (kind != null && kind != OrderKind.SEIZURE) {
                if (order.getFollows() == null) {
                    add(GatewayError.SCHEMA_INVALID, "follows",
                            "a " + kind + " order must name the seizure order it follows");
                } else {
                    documentNumber(order.getFollows().getDocumentNumber(), "follows.documentNumber",
                            Set.of(DocumentNumber.Kind.SEIZURE), "the seizure order it follows");
                }
            }
            obligor(order.getObligor(), "obligor");
            long referred = 0;
            boolean allReferredValid = true;
            for (int i = 0; i < order.getCase().size(); i++) {
                OrderCase line = order.getCase().get(i);
                String path = "case[" + i + "]";
                rule(() -> CaseNumber.parse(line.getCaseNumber(), path + ".caseNumber"));
                agency(line.getTransferringAgency(), path + ".transferringAgency");
                if (rule(() -> NtDollars.of(line.getAmountReferred(), path + ".amountReferred"))) {
                    referred += line.getAmountReferred();
                } else {
                    allReferredValid = false;
                }
            }
            long ceiling = order.getAmountCeiling();
            if (rule(() -> NtDollars.of(ceiling, "amountCeiling")) && allReferredValid && ceiling > referred) {
                add(GatewayError.INVALID_AMOUNT, "amountCeiling", "NT$" + String.format("%,d", ceiling)
                        + " exceeds the NT$" + String.format("%,d", referred)
                        + " referred by the order's cases; an order cannot enforce more than was referred");
            }
            LocalDate issued = dateOf(header.getIssuedAt());
            LocalDate deadline = dateOf(order.getReplyDeadline());
            if (issued != null && deadline != null && deadline.isBefore(issued)) {
                add(GatewayError.SCHEMA_INVALID, "replyDeadline", "the reply deadline " + deadline
                        + " is before the order's issue date " + issued);
            }
        }

        void revocation(SeizureRevocation revocation) {
            header(revocation.getHeader(), DocumentNumber.Kind.REVOCATION, true);
            DocumentReference revokes = revocation.getRevokes();
            if (revokes != null) {
                documentNumber(revokes.getDocumentNumber(), "revokes.documentNumber", ORDER_KINDS,
                        "an order (A, X, Y or T)");
            }
            obligor(revocation.getObligor(), "obligor");
            int accounts = revocation.getAccount().size();
            if (revocation.getScope() == RevocationScope.PARTIAL && accounts == 0) {
                add(GatewayError.SCHEMA_INVALID, "account",
                        "a PARTIAL revocation must list at least one account released");
            } else if (revocation.getScope() == RevocationScope.FULL && accounts > 0) {
                add(GatewayError.SCHEMA_INVALID, "account",
                        "a FULL revocation releases everything and lists no accounts, found " + accounts);
            }
            for (int i = 0; i < accounts; i++) {
                long released = revocation.getAccount().get(i).getAmountReleased();
                String path = "account[" + i + "].amountReleased";
                rule(() -> NtDollars.of(released, path));
            }
        }

        void reply(SeizureReply reply) {
            DocumentHeader header = reply.getHeader();
            header(header, null, false);
            PartyRef sender = header.getSender();
            if (sender != null) {
                if (sender.getKind() != tw.gov.aee.gateway.contract.v1.PartyKind.BANK) {
                    add(GatewayError.UNKNOWN_INSTITUTION, "header.sender.kind",
                            "a seizure reply is sent by a bank, not by a " + sender.getKind());
                } else {
                    party(sender, "header.sender");
                }
            }
            if (reply.getInReplyTo() != null && reply.getInReplyTo().getDocumentNumber() != null) {
                rule(() -> DocumentNumber.parse(reply.getInReplyTo().getDocumentNumber(), "inReplyTo.documentNumber"));
            }
            obligor(reply.getObligor(), "obligor");
            long seized = 0;
            for (int i = 0; i < reply.getAccount().size(); i++) {
                SeizedAccount account = reply.getAccount().get(i);
                seized += account.getAmountSeized();
                if (account.getAmountSeized() > account.getBalance()) {
                    add(GatewayError.INVALID_AMOUNT, "account[" + i + "].amountSeized", "NT$"
                            + String.format("%,d", account.getAmountSeized()) + " seized exceeds the balance of NT$"
                            + String.format("%,d", account.getBalance()));
                }
            }
            if (reply.getTotalSeized() != seized) {
                add(GatewayError.INVALID_AMOUNT, "totalSeized", "NT$" + String.format("%,d", reply.getTotalSeized())
                        + " is not the sum of the amounts seized, NT$" + String.format("%,d", seized));
            }
        }

        void certificate(ExecutionCertificate certificate) {
            header(certificate.getHeader(), DocumentNumber.Kind.EXECUTION_CERTIFICATE, true);
            obligor(certificate.getObligor(), "obligor");
            long referred = certificate.getAmountReferred();
            long collected = certificate.getAmountCollected();
            long outstanding = certificate.getAmountOutstanding();
            boolean amountsValid = rule(() -> NtDollars.of(referred, "amountReferred"))
                    & rule(() -> NtDollars.NonNegative.of(collected, "amountCollected"))
                    & rule(() -> NtDollars.NonNegative.of(outstanding, "amountOutstanding"));
            if (amountsValid) {
                if (collected > referred) {
                    add(GatewayError.INVALID_AMOUNT, "amountCollected", "NT$" + String.format("%,d", collected)
                            + " collected exceeds the NT$" + String.format("%,d", referred) + " referred");
                } else if (outstanding != referred - collected) {
                    add(GatewayError.INVALID_AMOUNT, "amountOutstanding", "NT$" + String.format("%,d", outstanding)
                            + " is not the amount referred less the amount collected, NT$"
                            + String.format("%,d", referred - collected));
                }
            }
            Optional<Participant> agency = agency(certificate.getAgency(), "agency");
            if (agency.isPresent() && certificate.getCategory() != null) {
                String agencyCategory = agency.get().category() == null ? null : agency.get().category().name();
                if (!certificate.getCategory().name().equals(agencyCategory)) {
                    add(GatewayError.SCHEMA_INVALID, "category", "the certificate's category "
                            + certificate.getCategory() + " is not that of its agency " + agency.get().code()
                            + " (" + agencyCategory + ")");
                }
            }
        }

        void inquiry(BalanceInquiry inquiry) {
            for (int i = 0; i < inquiry.getEntry().size(); i++) {
                String path = "entry[" + i + "]";
                var entry = inquiry.getEntry().get(i);
                rule(() -> CaseNumber.parse(entry.getCaseNumber(), path + ".caseNumber"));
                obligor(entry.getObligor(), path + ".obligor");
            }
        }

        void referral(CaseReferral referral) {
            for (int i = 0; i < referral.getCase().size(); i++) {
                obligor(referral.getCase().get(i).getObligor(), "case[" + i + "].obligor");
            }
        }

        void status(CaseStatus status) {
            for (int i = 0; i < status.getCase().size(); i++) {
                String path = "case[" + i + "].caseNumber";
                String caseNumber = status.getCase().get(i).getCaseNumber();
                rule(() -> CaseNumber.parse(caseNumber, path));
            }
        }

        /**
         * @param expected the kind letter the document must carry, or {@code null} to parse only
         * @param branchDocument whether the issuing branch itself must be the sender
         */
        private void header(DocumentHeader header, DocumentNumber.Kind expected, boolean branchDocument) {
            if (expected == null) {
                rule(() -> DocumentNumber.parse(header.getDocumentNumber(), "header.documentNumber"));
            } else {
                documentNumber(header.getDocumentNumber(), "header.documentNumber", Set.of(expected),
                        "a " + expected.label() + " (" + expected.letter() + ")");
            }
            rule(() -> CaseNumber.parse(header.getCaseNumber(), "header.caseNumber"));
            String issuingBranch = header.getIssuingBranch();
            if (!isOfKind(issuingBranch, PartyKind.BRANCH)) {
                add(GatewayError.UNKNOWN_PARTY, "header.issuingBranch",
                        "no branch " + Masking.excerpt(issuingBranch) + " in the participants directory");
            }
            PartyRef sender = header.getSender();
            if (branchDocument && sender != null) {
                if (sender.getKind() != tw.gov.aee.gateway.contract.v1.PartyKind.BRANCH) {
                    add(GatewayError.UNKNOWN_PARTY, "header.sender.kind",
                            "a branch's document is sent by a BRANCH, not by a " + sender.getKind());
                }
                if (!Objects.equals(sender.getCode(), issuingBranch)) {
                    add(GatewayError.UNKNOWN_PARTY, "header.sender.code", "the sender "
                            + Masking.excerpt(sender.getCode()) + " is not the issuing branch "
                            + Masking.excerpt(issuingBranch));
                }
            }
            for (int i = 0; i < header.getRecipient().size(); i++) {
                party(header.getRecipient().get(i), "header.recipient[" + i + "]");
            }
            for (int i = 0; i < header.getCopyTo().size(); i++) {
                party(header.getCopyTo().get(i), "header.copyTo[" + i + "]");
            }
        }

        /** A party exists in the directory with the kind it states. */
        private void party(PartyRef party, String path) {
            String code = party.getCode();
            if (party.getKind() == tw.gov.aee.gateway.contract.v1.PartyKind.BANK) {
                if (!directory.isKnownInstitution(code)) {
                    add(GatewayError.UNKNOWN_INSTITUTION, path + ".code", "no financial institution "
                            + Masking.excerpt(code) + " in the participants directory");
                } else if (party.getInstitutionBranch() != null) {
                    rule(() -> InstitutionCode.parse(code + party.getInstitutionBranch(), path + ".institutionBranch",
                            directory::isKnownInstitution));
                }
                return;
            }
            PartyKind kind = directoryKind(party.getKind());
            if (kind == null || !isOfKind(code, kind)) {
                add(GatewayError.UNKNOWN_PARTY, path + ".code", "no " + party.getKind() + " "
                        + Masking.excerpt(code) + " in the participants directory");
            }
        }

        private Optional<Participant> agency(String code, String path) {
            Optional<Participant> agency = directory.find(code).filter(Participant::isAgency);
            if (agency.isEmpty()) {
                add(GatewayError.UNKNOWN_PARTY, path,
                        "no agency " + Masking.excerpt(code) + " in the participants directory");
            }
            return agency;
        }

        private void obligor(Obligor obligor, String path) {
            if (obligor == null) {
                return;
            }
            if (obligor.getNationalId() != null) {
                rule(() -> NationalId.parse(obligor.getNationalId(), path + ".nationalId"));
            }
            if (obligor.getBusinessNumber() != null) {
                rule(() -> UnifiedBusinessNumber.parse(obligor.getBusinessNumber(), path + ".businessNumber"));
            }
        }

        private void documentNumber(String text, String path, Set<DocumentNumber.Kind> allowed, String wanted) {
            try {
                DocumentNumber number = DocumentNumber.parse(text, path);
                if (!allowed.contains(number.kind())) {
                    add(GatewayError.INVALID_DOCUMENT_NUMBER, path, Masking.excerpt(text) + " has the letter "
                            + number.kind().letter() + " of a " + number.kind().label() + ", but must be the number of "
                            + wanted);
                }
            } catch (DocumentRuleException e) {
                problems.add(e);
            }
        }

        private boolean isOfKind(String code, PartyKind kind) {
            return directory.find(code).filter(p -> p.kind() == kind).isPresent();
        }

        /** Runs one rule; records its problem, if any, and tells whether it held. */
        private boolean rule(Runnable rule) {
            try {
                rule.run();
                return true;
            } catch (DocumentRuleException e) {
                problems.add(e);
                return false;
            }
        }

        private void add(GatewayError error, String field, String message) {
            problems.add(new DocumentRuleException(error, field, message));
        }

        private static DocumentNumber.Kind letterOf(OrderKind kind) {
            return switch (kind) {
                case SEIZURE -> DocumentNumber.Kind.SEIZURE;
                case COLLECTION -> DocumentNumber.Kind.COLLECTION;
                case TRANSFER -> DocumentNumber.Kind.TRANSFER;
                case PAY_OVER -> DocumentNumber.Kind.PAY_OVER;
            };
        }

        /** The directory's kind for a contract kind; the gateway itself is not in the directory. */
        private static PartyKind directoryKind(tw.gov.aee.gateway.contract.v1.PartyKind kind) {
            if (kind == null) {
                return null;
            }
            return switch (kind) {
                case BRANCH -> PartyKind.BRANCH;
                case BANK -> PartyKind.BANK;
                case AGENCY -> PartyKind.AGENCY;
                case GATEWAY -> null;
            };
        }

        /** The calendar date as written (in the sender's own offset), or {@code null}. */
        private static LocalDate dateOf(XMLGregorianCalendar value) {
            if (value == null || value.getYear() == DatatypeConstants.FIELD_UNDEFINED
                    || value.getMonth() == DatatypeConstants.FIELD_UNDEFINED
                    || value.getDay() == DatatypeConstants.FIELD_UNDEFINED) {
                return null;
            }
            return LocalDate.of(value.getYear(), value.getMonth(), value.getDay());
        }
    }
}
