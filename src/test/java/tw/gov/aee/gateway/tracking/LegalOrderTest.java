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
}
