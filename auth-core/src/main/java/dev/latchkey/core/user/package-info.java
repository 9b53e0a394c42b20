/** Users: what a registration holds, the user record and where users are stored. */
package dev.latchkey.core.user;
