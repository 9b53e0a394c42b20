/** Events for audit, alerting and metrics, and the listener that hears them. */
package dev.latchkey.core.event;
