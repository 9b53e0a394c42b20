/** Thread-safe in-memory stores: for development, tests, and the example app's embedded default. */
package dev.latchkey.core.memory;
