/**
 * Mail: what Latchkey sends (password reset and email verification links), how it is worded
 * ({@link dev.latchkey.core.mail.MailTemplates}), and the host's way of sending it
 * ({@link dev.latchkey.core.mail.MailSender}), off the request thread and retried
 * ({@link dev.latchkey.core.mail.MailDelivery}).
 */
package dev.latchkey.core.mail;
