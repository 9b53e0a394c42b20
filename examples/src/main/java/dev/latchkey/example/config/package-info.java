/**
 * The example service's configuration: the guide's environment variables and {@code .env} file,
 * read into a {@code LatchkeyConfig} and the service's own settings. auth-core reads no
 * environment; a host reads its configuration its own way, and may start from these classes.
 */
package dev.latchkey.example.config;
