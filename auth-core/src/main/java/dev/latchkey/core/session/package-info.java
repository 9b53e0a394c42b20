/**
 * Sessions as storage keeps them: one login on one device with its refresh-token hash, and where
 * sessions are stored. Hosts see a session as a {@link dev.latchkey.core.DeviceSession}.
 */
package dev.latchkey.core.session;
