package dev.latchkey.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * A Spring Boot application on Latchkey: the starter serves the authentication endpoints at
 * {@code /api/auth} and the administration at {@code /api/admin}; this application adds its own
 * endpoints (see {@link ExampleController}) and its rules (see {@link SecurityConfiguration}).
 */
@SpringBootApplication
@EnableMethodSecurity
public class ExampleSpringApplication {

    /** Runs the application; the settings come from application.properties and the environment. */
    public static void main(String[] args) {
        SpringApplication.run(ExampleSpringApplication.class, args);
    }
}
