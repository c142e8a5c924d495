package tw.gov.aee.gateway.dispatch;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/**
 * Once Camel runs, starts a {@code receive-broker-receipt} route for every BROKER bank and agency
 * of the directory, consuming its {@code .out} address: one consumer per party, no wildcard, so
 * the address a receipt came from names its sender. A party added to the directory later is
 * listened to after the next start.
 */
@Component
class BrokerReceiptRoutes implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BrokerReceiptRoutes.class);
    static final String TEMPLATE = "receive-broker-receipt";

    private final ParticipantsDirectory directory;

    BrokerReceiptRoutes(ParticipantsDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // the template is read from camel-routes/ while the context starts
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (Participant p : BrokerAddresses.brokerParties(directory)) {
            String routeId = TEMPLATE + "-" + p.code();
            try {
                camelContext.addRouteFromTemplate(routeId, TEMPLATE,
                        Map.of("address", BrokerAddresses.out(p), "party", p.code()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot listen for " + p.code() + "'s receipts", e);
            }
            log.info("Listening for {}'s receipts on {}", p.code(), BrokerAddresses.out(p));
        }
    }
}
