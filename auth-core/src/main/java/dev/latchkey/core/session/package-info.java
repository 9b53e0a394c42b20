/** Sessions: one login on one device, its refresh-token hash, and where sessions are stored. */
package dev.latchkey.core.session;
