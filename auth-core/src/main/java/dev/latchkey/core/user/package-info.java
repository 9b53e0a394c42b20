/**
 * Users: what a registration holds, the rules of emails, and for storage adapters the user record
 * and where users are stored.
 */
package dev.latchkey.core.user;
