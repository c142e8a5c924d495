package tw.gov.aee.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import tw.gov.aee.gateway.cli.IntegratorCommand;

/**
 * The gateway, or — when the first argument names one of the integrator's commands
 * ({@code seal}, {@code open}, {@code verify-receipt}) — that command, without starting Spring.
 */
@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        if (IntegratorCommand.handles(args)) {
            System.exit(IntegratorCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
