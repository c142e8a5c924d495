package tw.gov.aee.gateway.dispatch;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.Transport;
import tw.gov.aee.gateway.replies.FileExchangeProperties;

/**
 * Once Camel runs, starts a {@code receive-receipt-file} route for every FILE bank and agency of
 * the directory, watching its inbox folder for receipt files: one route per party, so the folder a
 * file lies in names its sender. A party added to the directory later is watched after the next start.
 */
@Component
class FileReceiptRoutes implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FileReceiptRoutes.class);
    static final String TEMPLATE = "receive-receipt-file";

    private final ParticipantsDirectory directory;
    private final FileExchangeProperties folders;

    FileReceiptRoutes(ParticipantsDirectory directory, FileExchangeProperties folders) {
        this.directory = directory;
        this.folders = folders;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // the template is read from camel-routes/ while the context starts
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (Participant p : directory.all()) {
            if (!(p.isBank() || p.isAgency()) || p.transport() != Transport.FILE) {
                continue;
            }
            String inbox = folders.inbox(p.code()).toAbsolutePath().normalize().toString();
            try {
                camelContext.addRouteFromTemplate(TEMPLATE + "-" + p.code(), TEMPLATE,
                        Map.of("inbox", inbox, "party", p.code(), "pollDelay", folders.pollDelay()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot watch " + p.code() + "'s receipt files", e);
            }
            log.info("Watching {}'s receipt files in {}", p.code(), inbox);
        }
    }
}
