/** Reading settings from environment variables and {@code .env} files, by the guide's names. */
package dev.latchkey.core.config;
