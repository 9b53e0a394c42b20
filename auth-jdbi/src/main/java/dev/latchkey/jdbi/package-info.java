/**
 * Latchkey's PostgreSQL storage on Jdbi: start with {@link dev.latchkey.jdbi.PostgresStorage}.
 */
package dev.latchkey.jdbi;
