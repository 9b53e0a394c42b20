/** Login throttling per account and per client address. */
package dev.latchkey.core.throttle;
