/**
 * The {@code latchkey-migrate} command line; its entry point is
 * {@link dev.latchkey.migrate.cli.LatchkeyMigrate}.
 */
package dev.latchkey.migrate.cli;
