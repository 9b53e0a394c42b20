/**
 * Latchkey's entry point {@link dev.latchkey.core.Latchkey}, its configuration, the identifiers,
 * the views it hands back ({@link dev.latchkey.core.Account}, {@link dev.latchkey.core.DeviceSession},
 * the login and refresh results) and the sealed hierarchy of failures a host handles; and the rules
 * code that writes to a store around Latchkey shares with it ({@link dev.latchkey.core.StorableText},
 * {@link dev.latchkey.core.PasswordHashes}). Everything else in this package is implementation,
 * package-private.
 */
package dev.latchkey.core;
