package tw.gov.aee.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.SeizedAccount;
import tw.gov.aee.gateway.contract.v1.SeizureReply;
import tw.gov.aee.gateway.contract.v1.SeizureResult;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.simulator.SeizureReplyGenerator.Plan;

class SeizureReplyGeneratorTest {

    final DocumentReader reader = new DocumentReader();
    final SeizureReplyGenerator generator = new SeizureReplyGenerator();
    final String orderId = "3f2b8c4e-9a61-4d7e-b0c5-7e21d94a6f13";

    EnforcementOrder order() throws Exception {
        return reader.readXml(Files.readAllBytes(Path.of("schemas/examples/valid/enforcement-order-seizure.xml")),
                EnforcementOrder.class);
    }

    /** Through the XSD both ways, as the gateway will read it. */
    SeizureReply roundTrip(SeizureReply r) {
        return reader.readXml(reader.toXml(r), SeizureReply.class);
    }

    @ParameterizedTest
    @EnumSource(SeizureResult.class)
    void everyResultIsAValidReplyThatAddsUpAndStaysUnderTheCeiling(SeizureResult result) throws Exception {
        EnforcementOrder order = order();
        SeizureReply r = roundTrip(generator.reply(order, orderId, "004", Plan.of(result), Instant.now()));
        assertThat(r.getResult()).isEqualTo(result);
        assertThat(r.getHeader().getSender().getCode()).isEqualTo("004");
        assertThat(r.getHeader().getRecipient()).extracting(p -> p.getCode()).containsExactly("TPE");
        assertThat(r.getHeader().getDocumentNumber()).isEqualTo(order.getHeader().getDocumentNumber());
        assertThat(r.getInReplyTo().getDocumentId()).isEqualTo(orderId);
        assertThat(r.getObligor().getNationalId()).isEqualTo(order.getObligor().getNationalId());
        assertThat(r.getTotalSeized()).isEqualTo(r.getAccount().stream().mapToLong(SeizedAccount::getAmountSeized).sum())
                .isLessThanOrEqualTo(order.getAmountCeiling());
        r.getAccount().forEach(a -> {
            assertThat(a.getAmountSeized()).isLessThanOrEqualTo(a.getBalance());
            assertThat(a.getFee()).isEqualTo(a.getAmountSeized() > 0 ? SeizureReplyGenerator.FEE : 0);
            assertThat(a.getMaskedAccountNumber()).contains("****");
            assertThat(a.isWelfareBenefit()).isFalse();
        });
        boolean seized = result == SeizureResult.SEIZED_IN_FULL || result == SeizureResult.SEIZED_IN_PART;
        assertThat(r.getTotalSeized() > 0).isEqualTo(seized);
    }

    @Test
    void theKnobsSetTheAmountCappedAtTheCeilingAndTheWelfareFlag() throws Exception {
        EnforcementOrder order = order();
        SeizureReply r = generator.reply(order, orderId, "004",
                Plan.of(SeizureResult.SEIZED_IN_FULL).seizing(order.getAmountCeiling() + 1000).welfare(true), Instant.now());
        assertThat(r.getTotalSeized()).isEqualTo(order.getAmountCeiling());
        assertThat(r.getAccount()).allMatch(SeizedAccount::isWelfareBenefit);
        assertThat(generator.reply(order, orderId, "004", Plan.of(SeizureResult.SEIZED_IN_PART).seizing(12_345),
                Instant.now()).getTotalSeized()).isEqualTo(12_345);
    }

    @Test
    void withoutAPlanTheResultFollowsTheOrderIdSoTheDemoShowsAMix() {
        assertThat(SeizureReplyGenerator.defaultResult(orderId)).isEqualTo(SeizureReplyGenerator.defaultResult(orderId));
        Set<SeizureResult> seen = EnumSet.noneOf(SeizureResult.class);
        IntStream.range(0, 200).forEach(i -> seen.add(SeizureReplyGenerator.defaultResult(UUID.randomUUID().toString())));
        assertThat(seen).contains(SeizureResult.SEIZED_IN_FULL, SeizureResult.SEIZED_IN_PART, SeizureResult.NO_ACCOUNT,
                SeizureResult.INSUFFICIENT_BALANCE, SeizureResult.BELOW_MINIMUM);
    }
}
