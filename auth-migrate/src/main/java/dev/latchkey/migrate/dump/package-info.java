/**
 * Reads table rows from a {@code mysqldump} or {@code mariadb-dump} file, plain or gzip-compressed,
 * without a database server and in constant memory. Start at
 * {@link dev.latchkey.migrate.dump.MysqlDump}.
 */
package dev.latchkey.migrate.dump;
