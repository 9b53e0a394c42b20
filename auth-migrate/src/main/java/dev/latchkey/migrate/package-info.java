/**
 * Imports the users and sessions of the backend Latchkey replaces into Latchkey's PostgreSQL
 * schema. Start at {@link dev.latchkey.migrate.UserImport}.
 */
package dev.latchkey.migrate;
