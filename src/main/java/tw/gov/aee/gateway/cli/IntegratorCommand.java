package tw.gov.aee.gateway.cli;

import java.io.PrintStream;
import java.util.Set;

/** The integrator's command line (seal, open, verify-receipt); filled in by the envelope work. */
public final class IntegratorCommand {

    private static final Set<String> COMMANDS = Set.of("seal", "open", "verify-receipt");

    private IntegratorCommand() { }

    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("not yet available: " + args[0]);
        return 2;
    }
}
