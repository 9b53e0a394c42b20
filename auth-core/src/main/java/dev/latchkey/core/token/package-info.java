/**
 * Access tokens: keys and key rings, issuing, verifying, and the revocation list that makes
 * logout take effect at once.
 */
package dev.latchkey.core.token;
