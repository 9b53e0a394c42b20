/**
 * Latchkey for Spring Boot: auto-configuration of the {@link dev.latchkey.core.Latchkey} façade from
 * {@code latchkey.*} properties and the application's {@code DataSource}, its endpoints at a
 * configurable base path, and Spring Security's {@code JwtDecoder} backed by Latchkey's verifier.
 */
package dev.latchkey.spring;
