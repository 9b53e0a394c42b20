/**
 * Access tokens: the keys and key rings a host configures, and the issued and verified tokens it
 * sees. Issuing, verifying and the revocation list that makes logout take effect at once are this
 * package's implementation, reached only through {@code Latchkey}.
 */
package dev.latchkey.core.token;
