package tw.gov.aee.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditLogTest {

    @Test
    void cutsLongValuesWithoutSplittingACharacter() {
        String detail = "x".repeat(999) + "😀" + "tail";
        assertThat(AuditLog.clean(detail, AuditLog.DETAIL_LIMIT)).hasSize(999);
        assertThat(AuditLog.clean("short", AuditLog.DETAIL_LIMIT)).isEqualTo("short");
        assertThat(AuditLog.clean(null, AuditLog.DETAIL_LIMIT)).isNull();
    }

    @Test
    void replacesControlCharactersSoNoLineCanBeForged() {
        assertThat(AuditLog.clean("a\nb\rc\u0000", 64)).isEqualTo("a?b?c?");
    }
}
