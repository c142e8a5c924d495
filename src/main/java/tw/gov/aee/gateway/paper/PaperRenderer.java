package tw.gov.aee.gateway.paper;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.XMLGregorianCalendar;

import org.springframework.web.util.HtmlUtils;

import tw.gov.aee.gateway.contract.v1.DocumentHeader;
import tw.gov.aee.gateway.contract.v1.DocumentReference;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.ExecutionCertificate;
import tw.gov.aee.gateway.contract.v1.Obligor;
import tw.gov.aee.gateway.contract.v1.OrderCase;
import tw.gov.aee.gateway.contract.v1.ReleasedAccount;
import tw.gov.aee.gateway.contract.v1.SeizureRevocation;
import tw.gov.aee.gateway.documents.Masking;
import tw.gov.aee.gateway.documents.RocDate;

/**
 * The paper copy of a document, for people (issue #5, item 3): one self-contained HTML page in
 * Chinese with ROC-calendar dates (民國115年3月8日), amounts in NT$ with thousands separators, the
 * obligor's ID masked, and every value escaped. Pure: the caller supplies party names.
 */
public class PaperRenderer {

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    /**
     * @param document  the JAXB document as read from the stored XML
     * @param recipient the addressee's code
     * @param names     party code → Chinese name from the directory (the code itself if unknown)
     */
    public String render(Object document, String recipient, Function<String, String> names) {
        StringBuilder body = new StringBuilder();
        String title;
        DocumentHeader header;
        if (document instanceof EnforcementOrder o) {
            header = o.getHeader();
            title = switch (o.getKind()) {
                case SEIZURE -> "扣押命令";
                case COLLECTION -> "收取命令";
                case TRANSFER -> "移轉命令";
                case PAY_OVER -> "支付轉給命令";
            };
            order(o, names, body);
        } else if (document instanceof SeizureRevocation r) {
            header = r.getHeader();
            title = "撤銷扣押命令";
            revocation(r, body);
        } else if (document instanceof ExecutionCertificate c) {
            header = c.getHeader();
            title = "執行憑證";
            certificate(c, names, body);
        } else {
            throw new IllegalArgumentException("no paper form for " + document.getClass().getSimpleName());
        }
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html>\n<html lang=\"zh-Hant-TW\">\n<head>\n<meta charset=\"UTF-8\">\n<title>")
                .append(e(title)).append(' ').append(e(header.getDocumentNumber())).append("</title>\n")
                .append("<style>body{font-family:serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #000;padding:.2em .5em}td.amount{text-align:right}</style>\n")
                .append("</head>\n<body>\n<h1>").append(e(title)).append("</h1>\n<dl>\n");
        row(page, "受文者", names.apply(recipient) + "（" + recipient + "）");
        row(page, "發文機關", names.apply(header.getIssuingBranch()));
        row(page, "發文日期", roc(header.getIssuedAt()));
        row(page, "發文字號", header.getDocumentNumber());
        row(page, "案號", header.getCaseNumber());
        page.append("</dl>\n").append(body).append("<p class=\"document-id\">文件識別碼 ")
                .append(e(header.getDocumentId())).append("</p>\n</body>\n</html>\n");
        return page.toString();
    }

    private void order(EnforcementOrder o, Function<String, String> names, StringBuilder out) {
        obligor(o.getObligor(), out);
        if (o.getFollows() != null) {
            out.append("<p>依據").append(e(reference(o.getFollows()))).append("</p>\n");
        }
        out.append("<table class=\"cases\">\n<tr><th>案號</th><th>移送機關</th><th>移送機關案號</th><th>移送金額</th></tr>\n");
        for (OrderCase c : o.getCase()) {
            out.append("<tr><td>").append(e(c.getCaseNumber())).append("</td><td>")
                    .append(e(names.apply(c.getTransferringAgency()))).append("</td><td>")
                    .append(e(c.getAgencyCaseReference())).append("</td><td class=\"amount\">")
                    .append(e(ntd(c.getAmountReferred()))).append("</td></tr>\n");
        }
        out.append("</table>\n<dl>\n");
        row(out, "扣押金額上限", ntd(o.getAmountCeiling()));
        for (var asset : o.getAsset()) {
            row(out, "標的", asset.getDescription() != null ? asset.getDescription() : String.valueOf(asset.getKind()));
        }
        row(out, "法令依據", o.getLegalBasis());
        if (o.getReplyDeadline() != null) {
            row(out, "回復期限", roc(o.getReplyDeadline()));
        }
        out.append("</dl>\n");
    }

    private void revocation(SeizureRevocation r, StringBuilder out) {
        obligor(r.getObligor(), out);
        out.append("<dl>\n");
        row(out, "撤銷之命令", reference(r.getRevokes()));
        row(out, "撤銷原因", switch (r.getReason()) {
            case PAID_IN_FULL -> "義務人已全數清償";
            case WELFARE_EXEMPT -> "社會福利津貼，依法不得扣押";
            case INSTALMENT_AGREED -> "已准分期繳納";
            case ERROR -> "誤扣押";
            case OTHER -> "其他";
        });
        if (r.getReasonDetail() != null) {
            row(out, "說明", r.getReasonDetail());
        }
        row(out, "範圍", r.getScope() == null ? "" : r.getScope().name().equals("FULL") ? "全部撤銷" : "部分撤銷");
        out.append("</dl>\n");
        List<ReleasedAccount> accounts = r.getAccount();
        if (!accounts.isEmpty()) {
            out.append("<table class=\"accounts\">\n<tr><th>帳號</th><th>撤銷金額</th></tr>\n");
            for (ReleasedAccount a : accounts) {
                out.append("<tr><td>").append(e(Masking.mask(a.getAccountNumber()))).append("</td><td class=\"amount\">")
                        .append(e(ntd(a.getAmountReleased()))).append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
    }

    private void certificate(ExecutionCertificate c, Function<String, String> names, StringBuilder out) {
        obligor(c.getObligor(), out);
        out.append("<dl>\n");
        row(out, "憑證字號", c.getCertificateNumber());
        row(out, "移送機關", names.apply(c.getAgency()));
        row(out, "移送機關案號", c.getAgencyCaseReference());
        row(out, "移送金額", ntd(c.getAmountReferred()));
        row(out, "已徵起金額", ntd(c.getAmountCollected()));
        row(out, "未徵起金額", ntd(c.getAmountOutstanding()));
        row(out, "原因", c.getReason());
        out.append("</dl>\n");
    }

    private void obligor(Obligor o, StringBuilder out) {
        String id = o.getNationalId() != null ? o.getNationalId() : o.getBusinessNumber();
        out.append("<dl class=\"obligor\">\n");
        row(out, "義務人", o.getName());
        row(out, o.getNationalId() != null ? "身分證統一編號" : "統一編號", Masking.mask(id));
        out.append("</dl>\n");
    }

    private static String reference(DocumentReference ref) {
        return (ref.getIssuedOn() == null ? "" : roc(ref.getIssuedOn()) + " ") + ref.getDocumentNumber();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append("<dt>").append(e(label)).append("</dt><dd>").append(e(value)).append("</dd>\n");
    }

    /** Escapes for HTML text and attribute values alike (HtmlUtils escapes quotes too). */
    private static String e(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }

    static String ntd(long amount) {
        return String.format(java.util.Locale.ROOT, "NT$%,d", amount);
    }

    /** A date or a point in time (read in Taiwan's zone) as 民國115年3月8日. */
    static String roc(XMLGregorianCalendar c) {
        LocalDate date = c.getHour() == DatatypeConstants.FIELD_UNDEFINED
                ? LocalDate.of(c.getYear(), c.getMonth(), c.getDay())
                : c.toGregorianCalendar().toZonedDateTime().withZoneSameInstant(TAIPEI).toLocalDate();
        return RocDate.format(date);
    }
}
