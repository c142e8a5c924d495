package tw.gov.aee.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import tw.gov.aee.gateway.tracking.LegalOrder.Decision;

class LegalOrderTest {

    @Test
    void aPredecessorTheGatewayNeverCarriedDoesNotHold() {
        assertThat(LegalOrder.decide(Optional.empty())).isEqualTo(Decision.PASS);
    }

    @ParameterizedTest
    @EnumSource(value = DeliveryState.class, names = {"ACCEPTED", "SIGNED", "DISPATCHED", "DELIVERED"})
    void aPredecessorNotYetReceiptedHolds(DeliveryState state) {
        assertThat(LegalOrder.decide(Optional.of(state))).isEqualTo(Decision.HOLD);
    }

    @Test
    void aFailedPredecessorHoldsUntilAnOperatorReplaysIt() {
        assertThat(LegalOrder.decide(Optional.of(DeliveryState.FAILED))).isEqualTo(Decision.HOLD);
        assertThat(LegalOrder.releases(DeliveryState.FAILED)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = DeliveryState.class, names = {"RECEIPTED", "ANSWERED", "OVERDUE", "REVOKED", "REJECTED"})
    void aPredecessorTheRecipientHasReceiptedReleases(DeliveryState state) {
        assertThat(LegalOrder.decide(Optional.of(state))).isEqualTo(Decision.PASS);
        assertThat(LegalOrder.releases(state)).isTrue();
    }

    @Test
    void everyStateIsEitherHoldingOrReleasing() {
        for (DeliveryState s : DeliveryState.values()) {
            assertThat(LegalOrder.decide(Optional.of(s))).isEqualTo(LegalOrder.releases(s) ? Decision.PASS : Decision.HOLD);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DeliveryState.class, names = {"ACCEPTED", "SIGNED", "DISPATCHED", "DELIVERED", "RECEIPTED",
            "OVERDUE", "FAILED"})
    void aFollowUpOrderWaitsForTheSeizuresAnswerNotJustItsReceipt(DeliveryState state) {
        assertThat(LegalOrder.decide(LegalOrder.Successor.FOLLOW_UP, Optional.of(state))).isEqualTo(Decision.HOLD);
        assertThat(LegalOrder.releases(LegalOrder.Successor.FOLLOW_UP, state)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = DeliveryState.class, names = {"ANSWERED", "REVOKED", "REJECTED"})
    void anAnsweredSeizureReleasesItsFollowUps(DeliveryState state) {
        assertThat(LegalOrder.decide(LegalOrder.Successor.FOLLOW_UP, Optional.of(state))).isEqualTo(Decision.PASS);
    }

    @Test
    void aFollowUpOfAnOrderTheGatewayNeverCarriedDoesNotHold() {
        assertThat(LegalOrder.decide(LegalOrder.Successor.FOLLOW_UP, Optional.empty())).isEqualTo(Decision.PASS);
    }

    @Test
    void theSuccessorKindFollowsTheDocumentType() {
        assertThat(LegalOrder.Successor.of("SeizureRevocation")).isEqualTo(LegalOrder.Successor.REVOCATION);
        assertThat(LegalOrder.Successor.of("EnforcementOrder")).isEqualTo(LegalOrder.Successor.FOLLOW_UP);
    }

    @Test
    void whateverReleasesAFollowUpAlsoReleasesARevocation() {
        for (DeliveryState s : DeliveryState.values()) {
            if (LegalOrder.releases(LegalOrder.Successor.FOLLOW_UP, s)) {
                assertThat(LegalOrder.releases(s)).isTrue();
            }
        }
    }
}
