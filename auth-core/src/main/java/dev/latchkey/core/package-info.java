/**
 * Latchkey's entry point {@link dev.latchkey.core.Latchkey}, its configuration, the identifiers
 * and the sealed hierarchy of failures a host handles.
 */
package dev.latchkey.core;
