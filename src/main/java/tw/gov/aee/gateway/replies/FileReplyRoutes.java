package tw.gov.aee.gateway.replies;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.Transport;

/**
 * Once Camel runs, starts a {@code receive-reply-file} route for every FILE bank of the directory,
 * watching its inbox folder: one route per bank, so the folder a file lies in names its sender. A
 * bank added to the directory later is watched after the next start.
 */
@Component
class FileReplyRoutes implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FileReplyRoutes.class);
    static final String TEMPLATE = "receive-reply-file";

    private final ParticipantsDirectory directory;
    private final FileExchangeProperties folders;

    FileReplyRoutes(ParticipantsDirectory directory, FileExchangeProperties folders) {
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
            if (!p.isBank() || p.transport() != Transport.FILE) {
                continue;
            }
            String inbox = folders.inbox(p.code()).toAbsolutePath().normalize().toString();
            try {
                camelContext.addRouteFromTemplate(TEMPLATE + "-" + p.code(), TEMPLATE,
                        Map.of("inbox", inbox, "party", p.code(), "pollDelay", folders.pollDelay()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot watch " + p.code() + "'s reply folder", e);
            }
            log.info("Watching {}'s reply files in {}", p.code(), inbox);
        }
    }
}
