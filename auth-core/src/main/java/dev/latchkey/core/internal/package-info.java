/**
 * Latchkey's implementation: the use cases the façade composes. Not API: anything here may change
 * in any release.
 */
package dev.latchkey.core.internal;
