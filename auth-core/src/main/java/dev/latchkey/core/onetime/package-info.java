/**
 * Single-use tokens sent by mail (password reset, email verification): their stored form and the
 * storage interface for them.
 */
package dev.latchkey.core.onetime;
